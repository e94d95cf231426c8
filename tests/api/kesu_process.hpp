// Runs the real kesu binary for black-box tests: a fresh data directory, staff accounts made with the CLI,
// `serve --port 0` on loopback (the bound port is read from its first line of output), kill -9 and restart.
// With KESU_TEST_PG_URL set (scripts/with-postgres.sh), every command also gets `--db` with a fresh PostgreSQL
// database made for this process and dropped afterwards; KESU_API_REQUIRE_POSTGRES=1 makes its absence an error.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace kesu::api_test {

struct CommandResult {
    int exit_code = -1;
    std::string output;
};

class KesuProcess {
public:
    KesuProcess();  // creates a fresh data directory (and database)
    // A second node of `peer`'s installation: the same database, data directory (attachments, key) and key;
    // it owns none of them.
    explicit KesuProcess(const KesuProcess& peer);
    ~KesuProcess();  // stops the server, removes the data directory (and database)

    // Runs `kesu <args> --data DIR [--db URL]` to completion.
    CommandResult Run(const std::vector<std::string>& args) const;
    void CreateUser(const std::string& username, const std::string& role, const std::string& department = "");
    // Starts `kesu serve`; waits until it listens. Extra flags are appended.
    void Start(const std::vector<std::string>& extra_flags = {});
    void Kill9();
    void Stop();  // SIGTERM and wait
    bool Running() const { return pid_ > 0; }
    // Whether the started server is still alive (it has not exited or crashed since Start).
    bool Alive();
    // The server's log (its standard error) goes to LogPath() from the next Start on, instead of the test's output.
    void CaptureLog() { capture_log_ = true; }
    // The server runs with RLIMIT_NOFILE at `descriptors` (soft and hard, so it cannot raise it) from the next Start.
    void LimitDescriptors(int descriptors) { descriptor_limit_ = descriptors; }
    std::string LogPath() const { return data_ + "/serve.log"; }
    // The server's process id (for /proc/PID/fd), or -1.
    pid_t Pid() const { return pid_; }

    std::string BaseUrl() const { return "http://127.0.0.1:" + std::to_string(port_); }
    int Port() const { return port_; }
    const std::string& DataDirectory() const { return data_; }
    // The PostgreSQL database URL, or "" when on SQLite.
    const std::string& DatabaseUrl() const { return database_url_; }
    static std::string Binary();

    static constexpr const char* kPassword = "Passw0rd!23";
    static constexpr const char* kAdminPassword = "Admin12345!";

private:
    std::vector<std::string> StorageFlags() const;

    std::string data_;
    bool owns_storage_ = true;
    std::string database_name_;
    std::string database_url_;
    pid_t pid_ = -1;
    int port_ = 0;
    int output_fd_ = -1;
    bool capture_log_ = false;
    int descriptor_limit_ = 0;
};

}  // namespace kesu::api_test
