#include "domain/role.hpp"

#include <gtest/gtest.h>

namespace kesu::domain {
namespace {

TEST(Role, EveryRoleHasAWireNameThatParsesBack) {
    for (Role role : StaffRoles()) EXPECT_EQ(ParseRole(RoleName(role)), role);
    EXPECT_EQ(ParseRole("customer"), Role::kCustomer);
    EXPECT_EQ(ParseRole("root"), std::nullopt);
}

TEST(Role, OnlyManagersAndLeadersApprovePlans) {
    for (Role role : StaffRoles()) {
        bool expected = role == Role::kManager || role == Role::kLeader;
        EXPECT_EQ(RoleHas(role, Permission::kApprovePlan), expected) << RoleName(role);
    }
}

TEST(Role, AuditorReadsEverythingButChangesNothing) {
    EXPECT_TRUE(RoleHas(Role::kAuditor, Permission::kViewAll));
    EXPECT_TRUE(RoleHas(Role::kAuditor, Permission::kReadAudit));
    EXPECT_FALSE(RoleHas(Role::kAuditor, Permission::kRevealPii));
    EXPECT_FALSE(RoleHas(Role::kAuditor, Permission::kAddNote));
    EXPECT_FALSE(RoleHas(Role::kAuditor, Permission::kTriage));
}

TEST(Role, PiiGrantLetsAnAuditorReveal) {
    Actor auditor{7, Role::kAuditor, std::nullopt, false, "审计"};
    EXPECT_FALSE(auditor.MayRevealPii());
    auditor.pii_grant = true;
    EXPECT_TRUE(auditor.MayRevealPii());
}

TEST(Role, NoRoleThatApprovesPlansChangesTheApprovalLimit) {
    for (Role role : StaffRoles()) {
        Actor actor{7, role, std::nullopt, false, "x"};
        if (RoleHas(role, Permission::kApprovePlan)) {
            EXPECT_FALSE(MayChangeApprovalLimit(actor)) << RoleName(role);
        }
    }
    EXPECT_FALSE(MayChangeApprovalLimit(Actor{7, Role::kManager, std::nullopt, false, "x"}));
    EXPECT_TRUE(MayChangeApprovalLimit(Actor{7, Role::kAdmin, std::nullopt, false, "x"}));
}

TEST(Role, NobodyChangesTheirOwnPiiGrant) {
    Actor admin{7, Role::kAdmin, std::nullopt, false, "x"};
    EXPECT_FALSE(MayChangePiiGrant(admin, 7));
    EXPECT_TRUE(MayChangePiiGrant(admin, 8));
    EXPECT_FALSE(MayChangePiiGrant(Actor{7, Role::kManager, std::nullopt, false, "x"}, 8));
}

}  // namespace
}  // namespace kesu::domain
