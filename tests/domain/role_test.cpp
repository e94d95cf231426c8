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

}  // namespace
}  // namespace kesu::domain
