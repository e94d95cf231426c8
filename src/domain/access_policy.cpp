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

bool CanSee(const Actor& actor, const Complaint& complaint) {
    VisibilityScope scope = ScopeOf(actor);
    if (scope.all) return true;
    if (scope.intake && !complaint.department_id) return true;
    if (scope.department_id && complaint.department_id == scope.department_id) return true;
    return scope.user_id != 0 && complaint.owner_id == scope.user_id;
}

}  // namespace kesu::domain
