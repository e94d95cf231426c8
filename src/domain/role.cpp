#include "domain/role.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>

namespace kesu::domain {
namespace {

using P = Permission;

struct RoleGrant {
    Role role;
    std::string_view name;
    std::initializer_list<Permission> permissions;
};

// The whole role policy. Reading down a column answers "who may do X".
const std::array<RoleGrant, 8> kGrants{{
    {Role::kAgent, "agent",
     {P::kRegister, P::kViewIntake, P::kViewDepartment, P::kAcknowledge, P::kAnswerConsultation, P::kAddNote,
      P::kEditFacts, P::kRevealPii, P::kAttach}},
    {Role::kSpecialist, "specialist",
     {P::kRegister, P::kViewIntake, P::kViewDepartment, P::kAcknowledge, P::kTriage, P::kInvestigate,
      P::kDraftPlan, P::kReply, P::kRejectInvalid, P::kAnswerConsultation, P::kAddNote, P::kEditFacts,
      P::kRevealPii, P::kAttach}},
    {Role::kManager, "manager",
     {P::kRegister, P::kViewIntake, P::kViewDepartment, P::kAcknowledge, P::kTriage, P::kInvestigate,
      P::kDraftPlan, P::kApprovePlan, P::kReply, P::kRejectInvalid, P::kRecheck, P::kArchive,
      P::kAnswerConsultation, P::kDepartmentAnswer, P::kAddNote, P::kEditFacts, P::kRevealPii, P::kAttach,
      P::kManageProcess}},
    {Role::kDepartment, "department", {P::kViewDepartment, P::kInvestigate, P::kDepartmentAnswer, P::kAddNote, P::kAttach}},
    {Role::kLeader, "leader", {P::kViewAll, P::kApprovePlan, P::kRecheck, P::kAddNote}},
    {Role::kAuditor, "auditor", {P::kViewAll, P::kReadAudit}},
    {Role::kAdmin, "admin", {P::kViewAll, P::kReadAudit, P::kManageUsers, P::kManageSettings, P::kManageProcess, P::kArchive}},
    {Role::kCustomer, "customer", {P::kCustomerRespond}},
}};

constexpr std::array kStaffRoles{Role::kAgent,  Role::kSpecialist, Role::kManager, Role::kDepartment,
                                 Role::kLeader, Role::kAuditor,    Role::kAdmin};

const RoleGrant& GrantOf(Role role) {
    auto it = std::ranges::find(kGrants, role, &RoleGrant::role);
    return *it;  // every Role has a row; a missing one is a bug caught by the unit tests
}

}  // namespace

std::string_view RoleName(Role role) { return GrantOf(role).name; }

std::optional<Role> ParseRole(std::string_view name) {
    for (const auto& grant : kGrants)
        if (grant.name == name) return grant.role;
    return std::nullopt;
}

bool RoleHas(Role role, Permission permission) {
    return std::ranges::find(GrantOf(role).permissions, permission) != GrantOf(role).permissions.end();
}

std::span<const Role> StaffRoles() { return kStaffRoles; }

bool MayChangeApprovalLimit(const Actor& actor) {
    return actor.Has(Permission::kManageProcess) && !actor.Has(Permission::kApprovePlan);
}

bool MayChangePiiGrant(const Actor& actor, std::int64_t target_user_id) {
    return actor.Has(Permission::kManageUsers) && actor.user_id != target_user_id;
}

bool CanOwnComplaints(Role role) {
    return role == Role::kAgent || role == Role::kSpecialist || role == Role::kManager || role == Role::kDepartment;
}

std::string_view PermissionName(Permission permission) {
    switch (permission) {
        case P::kRegister: return "register";
        case P::kViewIntake: return "view_intake";
        case P::kViewDepartment: return "view_department";
        case P::kViewAll: return "view_all";
        case P::kAcknowledge: return "acknowledge";
        case P::kTriage: return "triage";
        case P::kInvestigate: return "investigate";
        case P::kDraftPlan: return "draft_plan";
        case P::kApprovePlan: return "approve_plan";
        case P::kReply: return "reply";
        case P::kRejectInvalid: return "reject_invalid";
        case P::kRecheck: return "recheck";
        case P::kArchive: return "archive";
        case P::kAnswerConsultation: return "answer_consultation";
        case P::kDepartmentAnswer: return "department_answer";
        case P::kAddNote: return "add_note";
        case P::kEditFacts: return "edit_facts";
        case P::kRevealPii: return "reveal_pii";
        case P::kAttach: return "attach";
        case P::kReadAudit: return "read_audit";
        case P::kManageUsers: return "manage_users";
        case P::kManageSettings: return "manage_settings";
        case P::kManageProcess: return "manage_process";
        case P::kCustomerRespond: return "customer_respond";
    }
    return "unknown";
}

}  // namespace kesu::domain
