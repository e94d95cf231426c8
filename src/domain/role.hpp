// The roles of BRIEF §1 and the permissions each one holds. The table in role.cpp is the whole policy;
// department scoping (which complaints a role may see) lives in access_policy.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace kesu::domain {

enum class Role {
    kAgent,       // 客服代表
    kSpecialist,  // 投诉处理专员
    kManager,     // 部门经理
    kDepartment,  // 责任部门
    kLeader,      // 公司领导
    kAuditor,     // 合规/审计
    kAdmin,       // 管理员
    kCustomer,    // 客户 (never a user account: acts through number + access code)
};

enum class Permission {
    kRegister,            // register complaints and consultations on behalf of a customer
    kViewIntake,          // see complaints not yet given to any department (the intake pool)
    kViewDepartment,      // see complaints of the own department or owned by oneself
    kViewAll,             // see every complaint
    kAcknowledge,         // acknowledge receipt; pass on (transfer) during first screening
    kTriage,              // confirm, classify, grade, assign
    kInvestigate,         // investigate, record cause and responsibility, implement measures
    kDraftPlan,           // submit the solution plan
    kApprovePlan,         // approve or reject plans (up to the role's approval limit)
    kReply,               // send the formal reply, close, reopen
    kRejectInvalid,       // reject as invalid, merge duplicates
    kRecheck,             // run an appeal re-check (must not have handled the complaint)
    kArchive,             // archive a closed complaint
    kAnswerConsultation,  // answer or transfer a consultation
    kDepartmentAnswer,    // give the department's answer to a transferred consultation
    kAddNote,             // internal notes and customer-visible messages
    kEditFacts,           // correct the registered facts (initial confirmation)
    kRevealPii,           // unmask personal data (every reveal is audited)
    kAttach,              // upload attachments
    kReadAudit,           // read the audit trail and verify the chain
    kManageUsers,         // users, roles, departments, API tokens of others
    kManageSettings,      // categories, calendars, templates
    kManageProcess,       // process settings and SLA policies (managers own the process)
    kCustomerRespond,     // confirm / dispute a result, rate, appeal (the complainant)
};

std::string_view RoleName(Role role);                  // "agent", "specialist", ...
std::optional<Role> ParseRole(std::string_view name);  // the inverse, for API and CLI input
std::string_view PermissionName(Permission permission);
bool RoleHas(Role role, Permission permission);
std::span<const Role> StaffRoles();  // every role except kCustomer
bool CanOwnComplaints(Role role);    // agents, specialists, managers and department users

// Who is acting. Built by the authentication use case; passed to every use case.
struct Actor {
    std::int64_t user_id = 0;  // 0 for a customer or the system
    Role role = Role::kCustomer;
    std::optional<std::int64_t> department_id;
    bool pii_grant = false;  // admin-granted right to reveal personal data for roles without kRevealPii
    std::string display_name;

    bool Has(Permission permission) const { return RoleHas(role, permission); }
    bool MayRevealPii() const { return pii_grant || RoleHas(role, Permission::kRevealPii); }
};

// Segregation of duties (issue 13, finding 8): nobody changes a rule that governs their own decisions.
// The approval limit may be changed only by a role that manages the process and approves no plan itself (the
// admin): a manager refused above the limit must not be able to raise it and approve. Managers keep the rest of
// the process settings and the SLA policies, which govern deadlines, not their own authority.
bool MayChangeApprovalLimit(const Actor& actor);
// The right to see personal data is granted or revoked only by a user manager, and never to oneself.
bool MayChangePiiGrant(const Actor& actor, std::int64_t target_user_id);

}  // namespace kesu::domain
