// First-start set-up: the default category tree and, if there are no users yet, an administrator account
// with a random password (returned so the caller can print how to sign in once).
#pragma once

#include <optional>
#include <string>

#include "use_cases/context.hpp"

namespace kesu::use_cases {

struct SeedReport {
    int categories_created = 0;
    std::optional<std::string> admin_password;  // set when the admin account was created now
};

// `create_admin`: make the administrator when there are no users (serve does; `user create` does not, since its
// caller is making an account right now).
domain::Result<SeedReport> SeedDefaults(const Dependencies& deps, const std::optional<std::string>& admin_password,
                                        bool create_admin = true);

}  // namespace kesu::use_cases
