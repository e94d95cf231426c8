// The kesu command-line commands. Each returns the process exit code.
#pragma once

#include <string>

#include "app/runtime.hpp"

namespace kesu::app {

int Serve(const Settings& settings);
int Migrate(const Settings& settings);

struct UserSpec {
    std::string username;
    std::string password;         // or, when one of them is set, read from
    std::string password_file;    // a file
    bool password_stdin = false;  // standard input
    std::string role;
    std::string display_name;
    std::string department;  // department name; created if it does not exist
};
int CreateUserCommand(const Settings& settings, const UserSpec& spec);
int VerifyAudit(const Settings& settings);
int Backup(const Settings& settings, const std::string& target);

}  // namespace kesu::app
