#include "domain/access_policy.hpp"

namespace kesu::domain {

VisibilityScope ScopeOf(const Actor& actor) {
    VisibilityScope scope;
    scope.all = actor.Has(Permission::kViewAll);
    scope.intake = actor.Has(Permission::kViewIntake);
    if (actor.Has(Permission::kViewDepartment)) {
        scope.department_id = actor.department_id;
        scope.user_id = actor.user_id;
    }
    return scope;
}

bool InScope(const VisibilityScope& scope, std::optional<std::int64_t> department_id,
             std::optional<std::int64_t> owner_id) {
    if (scope.all) return true;
    if (scope.intake && !department_id) return true;
    if (scope.department_id && department_id == scope.department_id) return true;
    return scope.user_id != 0 && owner_id == scope.user_id;
}

bool CanSee(const Actor& actor, const Complaint& complaint) {
    return InScope(ScopeOf(actor), complaint.department_id, complaint.owner_id);
}

}  // namespace kesu::domain
