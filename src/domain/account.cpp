#include "domain/account.hpp"

namespace kesu::domain {

Actor ActorOf(const User& user) {
    return Actor{user.id, user.role, user.department_id, user.pii_grant, user.display_name};
}

}  // namespace kesu::domain
