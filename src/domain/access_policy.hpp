// Which complaints an actor may see: the department scope of BRIEF §7. Role permissions say what someone may
// do; this says to which complaints. Lists are filtered in storage with the same VisibilityScope.
#pragma once

#include <cstdint>
#include <optional>

#include "domain/complaint.hpp"
#include "domain/role.hpp"

namespace kesu::domain {

struct VisibilityScope {
    bool all = false;        // every complaint
    bool intake = false;     // complaints with no department yet (the intake pool)
    std::optional<std::int64_t> department_id;  // complaints of this department
    std::int64_t user_id = 0;                    // complaints owned by this user
};

VisibilityScope ScopeOf(const Actor& actor);
// Whether a complaint of this department and owner lies within the scope.
bool InScope(const VisibilityScope& scope, std::optional<std::int64_t> department_id,
             std::optional<std::int64_t> owner_id);
bool CanSee(const Actor& actor, const Complaint& complaint);

}  // namespace kesu::domain
