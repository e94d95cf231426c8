// The foundation benchmark (docs/performance.md): durable complaint creation over HTTP with many keep-alive
// clients, and get / list latency on a database of up to a million complaints of real Chinese text.
//
//   bench_api --kesu build/src/kesu --data /tmp/kesu-bench --preload 1000000 --clients 32 --seconds 20
//   bench_api ... --db postgres://…/kesu --nodes 2      (PostgreSQL; clients spread over two kesu nodes)
//   bench_api ... --callgrind 1000                       (instructions per create; see bench/callgrind_create.sh)
//
// The preload writes complaints straight through the storage port (1000 per transaction) so it takes minutes, not
// hours; the measured phases go through a real `kesu serve` over loopback HTTP. Beside each rate it prints what
// varies less between runs and machines: the server's CPU time per created complaint (all threads, from /proc) and
// the rate of a no-op request (GET /healthz) by the same clients, with creation as a share of it.
#include <curl/curl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <thread>

#include "app/runtime.hpp"
#include "domain/complaint.hpp"
#include "search/real_texts.hpp"
#include "use_cases/manage_catalog.hpp"
#include "use_cases/manage_users.hpp"
#include "use_cases/seed_defaults.hpp"

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

struct Texts {
    std::vector<std::string> bodies;
    std::vector<std::string> products;
};

Texts LoadTexts() {
    Texts texts;
    auto data = kesu::search::testing::SharedDataDirectory();
    if (!data) {
        std::fprintf(stderr, "bench: the shared data directory is missing (KESU_SHARED_DATA)\n");
        std::exit(2);
    }
    for (auto& text : kesu::search::testing::LoadMixedTexts(*data, 1)) {
        if (text.body.size() < 10 || text.body.size() > 6000) continue;
        if (static_cast<unsigned char>(text.body[0]) < 0x80) continue;  // Chinese texts only
        texts.bodies.push_back(std::move(text.body));
        texts.products.push_back(text.product.empty() ? "外卖" : text.product);
    }
    return texts;
}

std::string Utf8Prefix(const std::string& text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    std::size_t end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end);
}

// Writes complaints directly through the storage port until the database holds `target` of them.
void Preload(const std::string& data_directory, const std::string& database_url, std::int64_t target,
             const Texts& texts, int departments) {
    kesu::app::Settings settings;
    settings.data_directory = data_directory;
    settings.database_url = database_url;
    settings.log_level = "warn";
    auto runtime = kesu::app::OpenRuntime(settings, true);
    if (!runtime) {
        std::fprintf(stderr, "bench: %s\n", runtime.error().message.c_str());
        std::exit(1);
    }
    auto& rt = **runtime;
    (void)kesu::use_cases::SeedDefaults(*rt.deps, std::string("Admin12345!"));
    kesu::use_cases::RequestContext system{kesu::use_cases::SystemActor(), "bench", "local"};
    auto existing = kesu::use_cases::ListDepartments(*rt.deps, system);
    for (int d = static_cast<int>(existing->size()); d < departments; ++d)
        (void)kesu::use_cases::CreateDepartment(*rt.deps, system, "部门" + std::to_string(d + 1), std::nullopt);
    kesu::use_cases::NewUser agent{"bench.agent", "压测坐席", "", "Passw0rd!234", kesu::domain::Role::kManager, 1,
                                   false};
    (void)kesu::use_cases::CreateUser(*rt.deps, system, agent);
    kesu::use_cases::NewUser reader{"bench.auditor", "压测审计", "", "Passw0rd!234", kesu::domain::Role::kAuditor,
                                    std::nullopt,    false};
    (void)kesu::use_cases::CreateUser(*rt.deps, system, reader);

    auto count = kesu::domain::ReadValue<std::int64_t>(
        *rt.database, [](kesu::domain::Transaction& tx) -> kesu::domain::Result<std::int64_t> {
            kesu::domain::ComplaintQuery q;
            q.scope.all = true;
            q.limit = 1;
            auto counts = tx.Complaints().CountByStatus();
            if (!counts) return std::unexpected(counts.error());
            std::int64_t total = 0;
            for (const auto& [status, n] : *counts) total += n;
            return total;
        });
    std::int64_t have = count ? *count : 0;
    if (have >= target) return;
    std::printf("bench: preloading %lld complaints (have %lld)\n", static_cast<long long>(target - have),
                static_cast<long long>(have));
    std::mt19937_64 random(42);
    auto started = Clock::now();
    auto now = rt.clock.Now();
    const kesu::domain::Status statuses[] = {kesu::domain::Status::kRegistered, kesu::domain::Status::kAcknowledged,
                                             kesu::domain::Status::kTriaged,    kesu::domain::Status::kInvestigating,
                                             kesu::domain::Status::kClosed,     kesu::domain::Status::kClosed,
                                             kesu::domain::Status::kArchived,   kesu::domain::Status::kReplied};
    for (std::int64_t done = have; done < target;) {
        std::int64_t batch = std::min<std::int64_t>(1000, target - done);
        auto written = rt.database->Write([&](kesu::domain::Transaction& tx) -> kesu::domain::Result<void> {
            for (std::int64_t i = 0; i < batch; ++i) {
                std::size_t pick = random() % texts.bodies.size();
                kesu::domain::Complaint c;
                std::int64_t n = done + i + 1;
                c.number = "BM-" + std::to_string(n);
                c.kind = kesu::domain::RequestKind::kComplaint;
                c.channel = static_cast<kesu::domain::Channel>(random() % 12);
                c.status = statuses[random() % 8];
                c.received_at = now - std::chrono::minutes{static_cast<std::int64_t>(random() % (2 * 365 * 24 * 60))};
                c.created_at = c.received_at;
                c.updated_at = c.received_at;
                c.description = texts.bodies[pick];
                c.subject = Utf8Prefix(c.description, 60);
                c.product = texts.products[pick];
                c.level = static_cast<kesu::domain::Level>(1 + random() % 3);
                c.department_id = 1 + static_cast<std::int64_t>(random() % static_cast<unsigned>(departments));
                c.complainant = {"用户" + std::to_string(n % 50000),
                                 "138" + std::to_string(10000000 + n % 90000000),
                                 "",
                                 "",
                                 "",
                                 "",
                                 ""};
                if (auto inserted = tx.Complaints().Insert(c); !inserted) return inserted;
            }
            return {};
        });
        if (!written) {
            std::fprintf(stderr, "bench: preload failed: %s\n", written.error().message.c_str());
            std::exit(1);
        }
        done += batch;
        if (done % 50000 == 0 || done == target) {
            double seconds = std::chrono::duration<double>(Clock::now() - started).count();
            std::printf("bench:   %lld loaded (%.0f/s)\n", static_cast<long long>(done),
                        static_cast<double>(done - have) / seconds);
            std::fflush(stdout);
        }
    }
}

struct Server {
    pid_t pid = -1;
    int port = 0;
};

// `wrapper`: words put before the kesu command line (e.g. valgrind and its options).
Server StartServer(const std::string& binary, const std::string& data_directory, const std::string& database_url,
                   int workers, const std::vector<std::string>& wrapper = {}) {
    std::vector<std::string> words = wrapper;
    for (const std::string& word :
         {binary, std::string("serve"), std::string("--data"), data_directory, std::string("--port"), std::string("0"),
          std::string("--log-level"), std::string("warn"), std::string("--workers"), std::to_string(workers)})
        words.push_back(word);
    if (!database_url.empty()) {
        words.push_back("--db");
        words.push_back(database_url);
    }
    std::vector<char*> argv;
    for (auto& word : words) argv.push_back(word.data());
    argv.push_back(nullptr);
    int fds[2];
    if (pipe(fds) != 0) std::exit(1);
    Server server;
    server.pid = fork();
    if (server.pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        execvp(argv[0], argv.data());
        _exit(127);
    }
    close(fds[1]);
    std::string output;
    char buffer[512];
    ssize_t n = 0;
    while ((n = read(fds[0], buffer, sizeof buffer)) > 0) {
        output.append(buffer, static_cast<std::size_t>(n));
        auto at = output.find("listening on http://127.0.0.1:");
        if (at != std::string::npos && output.find('/', at + 30) != std::string::npos) {
            server.port = std::atoi(output.c_str() + at + 30);
            break;
        }
    }
    close(fds[0]);
    if (server.port == 0) {
        std::fprintf(stderr, "bench: kesu did not start: %s\n", output.c_str());
        std::exit(1);
    }
    return server;
}

void StopServer(const Server& server) {
    kill(server.pid, SIGTERM);
    waitpid(server.pid, nullptr, 0);
}

std::size_t Collect(char* data, std::size_t size, std::size_t count, void* target) {
    static_cast<std::string*>(target)->append(data, size * count);
    return size * count;
}

struct Http {
    CURL* curl = curl_easy_init();
    curl_slist* headers = nullptr;
    std::string body;
    ~Http() {
        curl_slist_free_all(headers);
        curl_easy_cleanup(curl);
    }
    long Call(const std::string& url, const std::string* post) {
        body.clear();
        curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Collect);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
        if (post) {
            curl_easy_setopt(curl, CURLOPT_POSTFIELDS, post->data());
            curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post->size()));
        } else {
            curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
        }
        if (curl_easy_perform(curl) != CURLE_OK) return 0;
        long status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        return status;
    }
};

std::string IssueToken(int port, const std::string& username) {
    Http http;
    http.headers = curl_slist_append(http.headers, "Content-Type: application/json");
    curl_easy_setopt(http.curl, CURLOPT_COOKIEFILE, "");
    std::string base = "http://127.0.0.1:" + std::to_string(port);
    std::string login = json{{"username", username}, {"password", "Passw0rd!234"}}.dump();
    if (http.Call(base + "/api/v1/auth/login", &login) != 200) {
        std::fprintf(stderr, "bench: login failed: %s\n", http.body.c_str());
        std::exit(1);
    }
    json me = json::parse(http.body);
    std::string csrf = me["csrf_token"];
    std::int64_t id = me["user"]["id"];
    http.headers = curl_slist_append(http.headers, ("X-CSRF-Token: " + csrf).c_str());
    std::string request = json{{"name", "bench"}}.dump();
    if (http.Call(base + "/api/v1/users/" + std::to_string(id) + "/tokens", &request) != 201) std::exit(1);
    return json::parse(http.body)["token"];
}

// CPU time in seconds, in user space and in the kernel on the process's behalf.
struct CpuTimes {
    double user = 0;
    double system = 0;
    double Total() const { return user + system; }
    CpuTimes operator-(const CpuTimes& earlier) const { return {user - earlier.user, system - earlier.system}; }
    CpuTimes& operator+=(const CpuTimes& more) {
        user += more.user;
        system += more.system;
        return *this;
    }
};

// Where the whole machine's CPU time went (/proc/stat), in seconds summed over its CPUs.
struct MachineTimes {
    double busy = 0;  // user, nice, system, irq, softirq
    double iowait = 0;
    double steal = 0;  // taken by the hypervisor for other guests
    double idle = 0;
};

// The CPU used by the kesu servers, their threads, this load generator and the machine, at one moment.
struct CpuSample {
    CpuTimes servers;
    double load_generator = 0;
    std::map<std::string, double> threads;  // node 1's threads by name
    MachineTimes machine;
};

struct Phase {
    std::string name;
    std::vector<double> latencies_ms;
    std::int64_t errors = 0;
    double seconds = 0;
    CpuSample before, after;
};

// `clients` keep-alive clients call `make`'s request in a closed loop until `seconds` have passed or `budget`
// requests have been sent, whichever comes first.
template <class Make>
Phase Run(const std::string& name, const std::vector<int>& ports, const std::string& token, int clients, double seconds,
          Make make, std::int64_t budget = std::numeric_limits<std::int64_t>::max()) {
    Phase phase{name, {}, 0, seconds};
    std::mutex mutex;
    std::atomic<std::int64_t> errors{0};
    std::atomic<std::int64_t> remaining{budget};
    auto started = Clock::now();
    auto deadline = started + std::chrono::duration<double>(seconds);
    std::vector<std::thread> threads;
    for (int t = 0; t < clients; ++t) {
        threads.emplace_back([&, t] {
            Http http;
            http.headers = curl_slist_append(http.headers, ("Authorization: Bearer " + token).c_str());
            http.headers = curl_slist_append(http.headers, "Content-Type: application/json");
            std::mt19937_64 random(static_cast<unsigned>(t) * 7919u + 1);
            std::vector<double> mine;
            std::string base = "http://127.0.0.1:" + std::to_string(ports[static_cast<std::size_t>(t) % ports.size()]);
            while (Clock::now() < deadline && remaining.fetch_sub(1) > 0) {
                auto [path, body, expected] = make(random);
                auto sent = Clock::now();
                long status = http.Call(base + path, body.empty() ? nullptr : &body);
                mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
                if (status != expected) ++errors;
            }
            std::lock_guard lock(mutex);
            phase.latencies_ms.insert(phase.latencies_ms.end(), mine.begin(), mine.end());
        });
    }
    for (auto& thread : threads) thread.join();
    phase.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    phase.errors = errors;
    return phase;
}

double Percentile(std::vector<double>& values, double p) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, static_cast<std::size_t>(p * static_cast<double>(values.size())))];
}

std::string ProcStatus(pid_t pid, const char* key) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(key, 0) == 0) return line.substr(line.find_first_not_of(" \t", std::strlen(key) + 1));
    return "?";
}

// utime and stime of a /proc/<pid>/stat or /proc/<pid>/task/<tid>/stat line (fields 14 and 15 of proc(5)).
CpuTimes CpuOfStat(const std::string& stat) {
    auto after_name = stat.rfind(')');
    if (after_name == std::string::npos || after_name + 2 > stat.size()) return {};
    std::istringstream fields(stat.substr(after_name + 2));
    std::string field;
    CpuTimes times;
    const auto tick = static_cast<double>(sysconf(_SC_CLK_TCK));
    for (int i = 3; i <= 15 && fields >> field; ++i) {
        if (i == 14) times.user = static_cast<double>(std::stoull(field)) / tick;
        if (i == 15) times.system = static_cast<double>(std::stoull(field)) / tick;
    }
    return times;
}

std::string ReadFile(const std::filesystem::path& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The CPU time the kernel has charged to a process, all its threads (live and exited) together, in seconds.
CpuTimes ProcessCpu(pid_t pid) {
    return CpuOfStat(ReadFile("/proc/" + std::to_string(pid) + "/stat"));
}

// CPU seconds of a process's live threads, summed by thread name (the HTTP and handler threads are all "kesu").
std::map<std::string, double> ThreadCpuSeconds(pid_t pid) {
    std::map<std::string, double> by_name;
    std::error_code ec;
    for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
        std::string stat = ReadFile(task.path() / "stat");
        auto open = stat.find('('), close = stat.rfind(')');
        if (open == std::string::npos || close == std::string::npos || close < open) continue;
        by_name[stat.substr(open + 1, close - open - 1)] += CpuOfStat(stat).Total();
    }
    return by_name;
}

CpuTimes ServersCpu(const std::vector<Server>& servers) {
    CpuTimes total;
    for (const auto& server : servers) total += ProcessCpu(server.pid);
    return total;
}

double SelfCpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

MachineTimes MachineCpu() {
    std::ifstream in("/proc/stat");
    std::string cpu;
    double ticks[8] = {};
    in >> cpu;
    for (double& value : ticks) in >> value;
    const auto tick = static_cast<double>(sysconf(_SC_CLK_TCK));
    return {(ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6]) / tick, ticks[4] / tick, ticks[7] / tick,
            ticks[3] / tick};
}

CpuSample TakeSample(const std::vector<Server>& servers) {
    return {ServersCpu(servers), SelfCpuSeconds(), ThreadCpuSeconds(servers[0].pid), MachineCpu()};
}

// The SQLite search index's backlog (kesu_search_index_backlog), or -1 when it cannot be read.
std::int64_t SearchBacklog(int port) {
    Http http;
    if (http.Call("http://127.0.0.1:" + std::to_string(port) + "/metrics", nullptr) != 200) return -1;
    auto at = http.body.find("\nkesu_search_index_backlog ");
    return at == std::string::npos ? -1 : static_cast<std::int64_t>(std::atoll(http.body.c_str() + at + 27));
}

// One integer from an SQLite file, read on a connection of this process (so it costs the server nothing); -1 if
// the file, table or row is missing.
std::int64_t ReadFileInt(const std::string& path, const char* sql) {
    sqlite3* db = nullptr;
    std::int64_t value = -1;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK && sqlite3_step(statement) == SQLITE_ROW)
            value = sqlite3_column_int64(statement, 0);
        sqlite3_finalize(statement);
    }
    sqlite3_close(db);
    return value;
}

// Waits until the SQLite search indexer has taken in every change queued so far, read from the files themselves:
// polling the server (/metrics) would add its own work to what is being counted.
void WaitForSearchFiles(const std::string& data) {
    for (;;) {
        std::int64_t queued = ReadFileInt(data + "/kesu.db",
                                          "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = "
                                          "'search_queue'), 0)");
        std::int64_t indexed = ReadFileInt(data + "/kesu.search.db",
                                           "SELECT CAST(value AS INTEGER) FROM search_meta WHERE key = "
                                           "'queue_position'");
        if (queued >= 0 && indexed >= queued) return;
        std::this_thread::sleep_for(std::chrono::milliseconds{250});
    }
}

void WaitForIndexRebuild(int port) {
    // The SQLite search index is rebuilt in the background after a preload (or an upgrade): measure after it.
    auto started = Clock::now();
    for (;;) {
        Http http;
        if (http.Call("http://127.0.0.1:" + std::to_string(port) + "/metrics", nullptr) != 200) break;
        auto at = http.body.find("\nkesu_search_index_rebuild_remaining ");
        if (at == std::string::npos || std::atoll(http.body.c_str() + at + 37) == 0) break;
        std::this_thread::sleep_for(std::chrono::milliseconds{500});
    }
    std::printf("bench: search index complete after %.0f s\n",
                std::chrono::duration<double>(Clock::now() - started).count());
}

// The total of the event counts in a callgrind output file ("summary: N"), or -1.
long long CallgrindSummary(const std::string& file) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("summary: ", 0) == 0) return std::atoll(line.c_str() + 9);
    return -1;
}

bool RunCommand(const std::string& command) {
    int status = std::system((command + " >/dev/null 2>&1").c_str());
    return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

using MakeRequest = std::function<std::tuple<std::string, std::string, long>(std::mt19937_64&)>;

struct CallgrindOptions {
    std::int64_t creates = 0;
    std::int64_t warmup = 50;
    std::string output;
};

// Runs kesu under valgrind's callgrind and counts the instructions all its threads execute for `creates`
// complaints created by `clients` clients, from the end of a warm-up until the search indexer has taken them in.
// Logins (Argon2id) and the index rebuild after a preload happen first, on an uninstrumented server.
int CountInstructions(const std::string& binary, const std::string& data, int workers, int clients,
                      const CallgrindOptions& options, const MakeRequest& make_create) {
    Server plain = StartServer(binary, data, "", workers);
    WaitForIndexRebuild(plain.port);
    std::string token = IssueToken(plain.port, "bench.agent");
    StopServer(plain);

    std::error_code ec;
    std::filesystem::remove(options.output, ec);
    std::filesystem::remove(options.output + ".1", ec);
    Server server = StartServer(binary, data, "", workers,
                                {"valgrind", "-q", "--tool=callgrind", "--callgrind-out-file=" + options.output});
    std::vector<int> ports{server.port};
    Phase warmup = Run("warm-up", ports, token, clients, 1e9, make_create, options.warmup);
    WaitForSearchFiles(data);
    std::string pid = std::to_string(server.pid);
    if (!RunCommand("callgrind_control -z " + pid)) {
        std::fprintf(stderr, "bench: callgrind_control -z %s failed\n", pid.c_str());
        StopServer(server);
        return 1;
    }
    auto started = Clock::now();
    Phase measured = Run("create", ports, token, clients, 1e9, make_create, options.creates);
    WaitForSearchFiles(data);
    bool dumped = RunCommand("callgrind_control -d " + pid);
    double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    StopServer(server);

    long long instructions = dumped ? CallgrindSummary(options.output + ".1") : -1;
    auto created = static_cast<std::int64_t>(measured.latencies_ms.size()) - measured.errors;
    if (instructions <= 0 || created <= 0 || warmup.errors + measured.errors > 0) {
        std::fprintf(stderr, "bench: no valid count (instructions %lld, %lld created, %lld errors)\n", instructions,
                     static_cast<long long>(created), static_cast<long long>(warmup.errors + measured.errors));
        return 1;
    }
    std::printf("instructions per create: %.0f\n", static_cast<double>(instructions) / static_cast<double>(created));
    std::printf(
        "  (%lld instructions for %lld creates by %d client(s) after %lld warm-up creates, every kesu thread "
        "included, search indexing too; %.0f s under callgrind; profile in %s.1)\n",
        instructions, static_cast<long long>(created), clients, static_cast<long long>(options.warmup), seconds,
        options.output.c_str());
    return 0;
}

double Rate(const Phase& phase) {
    return static_cast<double>(phase.latencies_ms.size()) / phase.seconds;
}

}  // namespace

int main(int argc, char** argv) {
    std::string binary = "./build/src/kesu";
    std::string data = "/tmp/kesu-bench";
    std::int64_t preload = 0;
    int clients = 32;
    int read_clients = 4;
    double seconds = 20;
    int departments = 20;
    int workers = 64;
    std::string database_url;
    int nodes = 1;
    CLI::App app{"kesu API benchmark"};
    app.add_option("--db", database_url, "PostgreSQL URL (default: SQLite in --data)");
    app.add_option("--nodes", nodes, "kesu nodes sharing the database (clients are spread over them)");
    app.add_option("--kesu", binary, "The kesu binary");
    app.add_option("--data", data, "Data directory (kept between runs so the preload is done once)");
    app.add_option("--preload", preload, "Complaints in the database before measuring");
    app.add_option("--clients", clients, "Concurrent keep-alive clients creating complaints");
    app.add_option("--read-clients", read_clients, "Concurrent clients for the get and list phases");
    app.add_option("--seconds", seconds, "Length of each phase");
    app.add_option("--departments", departments, "Departments the preloaded complaints are spread over");
    app.add_option("--workers", workers, "kesu --workers");
    CallgrindOptions callgrind;
    app.add_option("--callgrind", callgrind.creates,
                   "Instead of the timed phases: create this many complaints with kesu under valgrind's callgrind "
                   "and print the instructions per create (SQLite only)");
    app.add_option("--callgrind-warmup", callgrind.warmup, "Complaints created before counting starts")
        ->capture_default_str();
    app.add_option("--callgrind-out", callgrind.output, "callgrind's output file (default: <data>/callgrind.out)");
    CLI11_PARSE(app, argc, argv);
    curl_global_init(CURL_GLOBAL_ALL);

    if (callgrind.creates > 0 && (!database_url.empty() || nodes != 1)) {
        std::fprintf(stderr, "bench: --callgrind counts one kesu node on SQLite (no --db, --nodes 1)\n");
        return 2;
    }
    if (callgrind.output.empty()) callgrind.output = data + "/callgrind.out";

    Texts texts = LoadTexts();
    Preload(data, database_url, preload, texts, departments);

    // Every created complaint comes from a new customer, also across runs on the same data directory (a repeated
    // phone would make each creation also list that person's earlier open complaints).
    std::atomic<std::int64_t> sequence{(static_cast<std::int64_t>(std::time(nullptr)) % 100000) * 1000000};
    MakeRequest make_create = [&](std::mt19937_64& random) {
        std::size_t pick = random() % texts.bodies.size();
        std::int64_t n = ++sequence;
        json body{{"channel", "app"},
                  {"subject", Utf8Prefix(texts.bodies[pick], 60)},
                  {"description", texts.bodies[pick]},
                  {"product", texts.products[pick]},
                  {"complainant",
                   {{"name", "压测用户" + std::to_string(n % 1000)}, {"phone", std::to_string(10000000000 + n)}}}};
        return std::tuple{std::string("/api/v1/complaints"), body.dump(), 201L};
    };
    if (callgrind.creates > 0) return CountInstructions(binary, data, workers, clients, callgrind, make_create);

    std::vector<Server> servers;
    std::vector<int> ports;
    for (int n = 0; n < nodes; ++n) {
        servers.push_back(StartServer(binary, data, database_url, workers));
        ports.push_back(servers.back().port);
    }
    if (database_url.empty()) WaitForIndexRebuild(ports[0]);
    std::string token = IssueToken(ports[0], "bench.agent");
    std::string reader_token = IssueToken(ports[0], "bench.auditor");

    // Each phase records the CPU the servers, this load generator and the machine used during it.
    auto run = [&](const std::string& name, const std::string& phase_token, int phase_clients, MakeRequest make) {
        CpuSample before = TakeSample(servers);
        Phase phase = Run(name, ports, phase_token, phase_clients, seconds, make);
        phase.before = std::move(before);
        phase.after = TakeSample(servers);
        return phase;
    };
    // A no-op request by the same clients first: what the HTTP path alone costs on this machine today.
    Phase noop = run("no-op (GET /healthz)", token, clients, [](std::mt19937_64&) {
        return std::tuple{std::string("/healthz"), std::string(), 200L};
    });
    Phase create = run("create (POST /api/v1/complaints)", token, clients, make_create);
    // The SQLite full-text index is written behind the creations (docs/search.md): how far behind at the end of the
    // create phase, and how long until a search sees every complaint created.
    std::string index_lag;
    CpuSample after_index = create.after;
    if (database_url.empty()) {
        auto started = Clock::now();
        std::int64_t at_end = SearchBacklog(ports[0]);
        while (SearchBacklog(ports[0]) > 0) std::this_thread::sleep_for(std::chrono::milliseconds{20});
        after_index = TakeSample(servers);
        index_lag =
            "search index backlog at the end of the create phase: " + std::to_string(at_end) + " changes, caught up " +
            std::to_string(std::chrono::duration<double>(Clock::now() - started).count()).substr(0, 5) + " s later";
    }
    std::int64_t total = std::max<std::int64_t>(preload, 1000);
    Phase get = run("get (GET /api/v1/complaints/{id})", reader_token, read_clients, [&](std::mt19937_64& random) {
        std::int64_t id = 1 + static_cast<std::int64_t>(random() % static_cast<std::uint64_t>(total));
        return std::tuple{"/api/v1/complaints/" + std::to_string(id), std::string(), 200L};
    });
    Phase list = run("list (a department's first 50 open)", reader_token, read_clients, [&](std::mt19937_64& random) {
        int department = 1 + static_cast<int>(random() % static_cast<unsigned>(departments));
        return std::tuple{"/api/v1/complaints?open=true&limit=50&department_id=" + std::to_string(department),
                          std::string(), 200L};
    });
    Phase search = run("search (GET /api/v1/complaints?q=…)", token, read_clients, [&](std::mt19937_64& random) {
        static const char* words[] = {"%E7%89%A9%E6%B5%81", "%E9%80%80%E6%AC%BE", "%E8%B4%A8%E9%87%8F",
                                      "%E5%BF%AB%E9%80%92%20%E6%85%A2"};
        return std::tuple{std::string("/api/v1/complaints?limit=20&q=") + words[random() % 4], std::string(), 200L};
    });
    std::string rss = ProcStatus(servers[0].pid, "VmRSS:");
    std::string peak = ProcStatus(servers[0].pid, "VmHWM:");
    for (const auto& server : servers) StopServer(server);

    // The server's CPU per request varies much less between runs and machines than the rates (docs/performance.md).
    std::printf(
        "\n| phase | clients | requests/s | p50 ms | p90 ms | p99 ms | max ms | errors | server CPU µs/request | load "
        "generator CPU µs/request |\n|---|---|---|---|---|---|---|---|---|---|\n");
    for (Phase* phase : {&noop, &create, &get, &list, &search}) {
        int n = phase == &create || phase == &noop ? clients : read_clients;
        auto requests = static_cast<double>(std::max<std::size_t>(phase->latencies_ms.size(), 1));
        double p50 = Percentile(phase->latencies_ms, 0.50), p90 = Percentile(phase->latencies_ms, 0.90);
        double p99 = Percentile(phase->latencies_ms, 0.99), max = Percentile(phase->latencies_ms, 1.0);
        std::printf("| %s | %d | %.0f | %.2f | %.2f | %.2f | %.1f | %lld | %.0f | %.0f |\n", phase->name.c_str(), n,
                    Rate(*phase), p50, p90, p99, max, static_cast<long long>(phase->errors),
                    1e6 * (phase->after.servers - phase->before.servers).Total() / requests,
                    1e6 * (phase->after.load_generator - phase->before.load_generator) / requests);
    }
    std::printf("\nserver memory after the run (node 1 of %d): VmRSS %s, peak VmHWM %s\n", nodes, rss.c_str(),
                peak.c_str());
    if (!index_lag.empty()) std::printf("%s\n", index_lag.c_str());

    auto created = static_cast<double>(
        std::max<std::int64_t>(static_cast<std::int64_t>(create.latencies_ms.size()) - create.errors, 1));
    CpuTimes create_cpu = create.after.servers - create.before.servers;
    std::printf("\ncreate, server CPU (utime+stime of every thread of %d node(s), /proc/PID/stat):\n", nodes);
    std::printf("  %.0f µs per created complaint during the phase (%.0f user + %.0f kernel), %.2f cores",
                1e6 * create_cpu.Total() / created, 1e6 * create_cpu.user / created, 1e6 * create_cpu.system / created,
                create_cpu.Total() / create.seconds);
    if (database_url.empty())
        std::printf("; %.0f µs counting the search index's catch-up after it",
                    1e6 * (after_index.servers - create.before.servers).Total() / created);
    std::printf("\n  by thread (node 1), cores:");
    for (const auto& [name, cpu] : create.after.threads) {
        double used = cpu - (create.before.threads.contains(name) ? create.before.threads.at(name) : 0);
        if (used > 0) std::printf(" %s %.2f", name.c_str(), used / create.seconds);
    }
    const MachineTimes& from = create.before.machine;
    const MachineTimes& to = create.after.machine;
    std::printf(
        "\n  the machine's %ld CPUs during the phase, cores: busy %.2f, I/O wait %.2f, stolen %.2f, idle %.2f\n",
        sysconf(_SC_NPROCESSORS_ONLN), (to.busy - from.busy) / create.seconds,
        (to.iowait - from.iowait) / create.seconds, (to.steal - from.steal) / create.seconds,
        (to.idle - from.idle) / create.seconds);
    std::printf("creation as a share of the no-op rate: %.0f / %.0f requests/s = %.1f %%\n", Rate(create), Rate(noop),
                100 * Rate(create) / Rate(noop));
    return 0;
}
