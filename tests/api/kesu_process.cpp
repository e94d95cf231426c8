#include "api/kesu_process.hpp"

#include <fcntl.h>
#include <libpq-fe.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <thread>

namespace kesu::api_test {

namespace {

std::string ServerUrl() {
    const char* url = std::getenv("KESU_TEST_PG_URL");
    return url ? url : "";
}

// The URL with its database name replaced.
std::string WithDatabase(const std::string& url, const std::string& database) {
    std::size_t scheme = url.find("://");
    std::size_t path = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    std::size_t query = url.find('?', path == std::string::npos ? 0 : path);
    std::string rest = query == std::string::npos ? "" : url.substr(query);
    return url.substr(0, path == std::string::npos ? (query == std::string::npos ? url.size() : query) : path) + "/" +
           database + rest;
}

// Runs one statement on the server's maintenance database; throws when it fails.
void AdminSql(const std::string& sql) {
    PGconn* conn = PQconnectdb(ServerUrl().c_str());
    PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);  // "does not exist, skipping"
    std::string error;
    if (PQstatus(conn) != CONNECTION_OK) {
        error = PQerrorMessage(conn);
    } else {
        PGresult* result = PQexec(conn, sql.c_str());
        if (PQresultStatus(result) != PGRES_COMMAND_OK) error = PQresultErrorMessage(result);
        PQclear(result);
    }
    PQfinish(conn);
    if (!error.empty()) throw std::runtime_error(sql + ": " + error);
}

std::vector<char*> Argv(std::vector<std::string>& args) {
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    return argv;
}

}  // namespace

std::string KesuProcess::Binary() {
    const char* path = std::getenv("KESU_BINARY");
    return path ? path : "./src/kesu";
}

KesuProcess::KesuProcess() {
    static int counter = 0;
    const std::string instance = std::to_string(::getpid()) + "_" + std::to_string(counter++);
    data_ = (std::filesystem::temp_directory_path() / ("kesu-api-" + instance)).string();
    std::filesystem::remove_all(data_);
    std::filesystem::create_directories(data_);
    const char* required = std::getenv("KESU_API_REQUIRE_POSTGRES");
    if (ServerUrl().empty()) {
        if (required != nullptr && std::string(required) == "1")
            throw std::runtime_error("KESU_TEST_PG_URL is not set: run through scripts/with-postgres.sh");
        return;
    }
    database_name_ = "kesu_api_" + instance;
    AdminSql("DROP DATABASE IF EXISTS " + database_name_ + " WITH (FORCE)");
    AdminSql("CREATE DATABASE " + database_name_);
    database_url_ = WithDatabase(ServerUrl(), database_name_);
}

KesuProcess::KesuProcess(const KesuProcess& peer)
    : data_(peer.data_), owns_storage_(false), database_url_(peer.database_url_) {}

KesuProcess::~KesuProcess() {
    Stop();
    if (!owns_storage_) return;
    std::filesystem::remove_all(data_);
    if (!database_name_.empty()) {
        try {
            AdminSql("DROP DATABASE IF EXISTS " + database_name_ + " WITH (FORCE)");
        } catch (const std::exception&) {
            // a leftover database in a throwaway cluster is harmless
        }
    }
}

std::vector<std::string> KesuProcess::StorageFlags() const {
    std::vector<std::string> flags{"--data", data_};
    if (!database_url_.empty()) flags.insert(flags.end(), {"--db", database_url_});
    return flags;
}

CommandResult KesuProcess::Run(const std::vector<std::string>& args) const {
    std::vector<std::string> full{Binary()};
    full.insert(full.end(), args.begin(), args.end());
    for (const std::string& flag : StorageFlags()) full.push_back(flag);
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
    pid_t pid = fork();
    if (pid == 0) {
        dup2(pipe_fds[1], 1);
        dup2(pipe_fds[1], 2);
        close(pipe_fds[0]);
        auto argv = Argv(full);
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(pipe_fds[1]);
    CommandResult result;
    std::array<char, 4096> buffer{};
    ssize_t count = 0;
    while ((count = read(pipe_fds[0], buffer.data(), buffer.size())) > 0) result.output.append(buffer.data(), static_cast<std::size_t>(count));
    close(pipe_fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

void KesuProcess::CreateUser(const std::string& username, const std::string& role, const std::string& department) {
    std::vector<std::string> args{"user", "create", "--username", username, "--password", kPassword, "--role", role,
                                  "--display-name", username};
    if (!department.empty()) args.insert(args.end(), {"--department", department});
    CommandResult result = Run(args);
    if (result.exit_code != 0) throw std::runtime_error("user create failed: " + result.output);
}

void KesuProcess::Start(const std::vector<std::string>& extra_flags) {
    std::vector<std::string> args{Binary(), "serve", "--port", "0", "--admin-password", kAdminPassword};
    // Defaults the caller may override (kesu refuses a flag given twice).
    const std::pair<std::string, std::string> defaults[] = {{"--log-level", "warn"}, {"--web-root", data_ + "/no-web"}};
    for (const auto& [flag, value] : defaults)
        if (std::find(extra_flags.begin(), extra_flags.end(), flag) == extra_flags.end())
            args.insert(args.end(), {flag, value});
    for (const std::string& flag : StorageFlags()) args.push_back(flag);
    args.insert(args.end(), extra_flags.begin(), extra_flags.end());
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ == 0) {
        dup2(pipe_fds[1], 1);
        close(pipe_fds[0]);
        if (capture_log_) {
            int log = ::open(LogPath().c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
            if (log >= 0) dup2(log, 2);
        }
        if (descriptor_limit_ > 0) {
            rlimit limit{static_cast<rlim_t>(descriptor_limit_), static_cast<rlim_t>(descriptor_limit_)};
            if (setrlimit(RLIMIT_NOFILE, &limit) != 0) _exit(126);
        }
        auto argv = Argv(args);
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(pipe_fds[1]);
    output_fd_ = pipe_fds[0];
    std::string output;
    std::array<char, 1024> buffer{};
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        ssize_t count = read(output_fd_, buffer.data(), buffer.size());
        if (count <= 0) break;
        output.append(buffer.data(), static_cast<std::size_t>(count));
        auto at = output.find("listening on http://127.0.0.1:");
        if (at != std::string::npos) {
            port_ = std::atoi(output.c_str() + at + std::string("listening on http://127.0.0.1:").size());
            if (port_ > 0) return;
        }
    }
    throw std::runtime_error("kesu did not start: " + output);
}

bool KesuProcess::Alive() {
    if (pid_ <= 0) return false;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == 0) return true;
    pid_ = -1;  // reaped: it exited or was killed by a signal
    return false;
}

void KesuProcess::Kill9() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
    if (output_fd_ >= 0) close(output_fd_);
    output_fd_ = -1;
}

void KesuProcess::Stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 100; ++i) {
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));  // process shutdown only, not test timing
    }
    if (pid_ > 0) Kill9();
    if (output_fd_ >= 0) close(output_fd_);
    output_fd_ = -1;
}

}  // namespace kesu::api_test
