// The foundation benchmark (docs/performance.md): durable complaint creation over HTTP with many keep-alive
// clients, and get / list latency on a database of up to a million complaints of real Chinese text.
//
//   bench_api --kesu build/src/kesu --data /tmp/kesu-bench --preload 1000000 --clients 32 --seconds 20
//   bench_api ... --db postgres://…/kesu --nodes 2      (PostgreSQL; clients spread over two kesu nodes)
//
// The preload writes complaints straight through the storage port (1000 per transaction, search index included)
// so it takes minutes, not hours; the measured phases go through a real `kesu serve` over loopback HTTP.
#include <curl/curl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <mutex>
#include <random>
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
    kesu::use_cases::NewUser agent{"bench.agent", "压测坐席", "", "Passw0rd!234", kesu::domain::Role::kManager, 1, false};
    (void)kesu::use_cases::CreateUser(*rt.deps, system, agent);
    kesu::use_cases::NewUser reader{"bench.auditor", "压测审计", "", "Passw0rd!234", kesu::domain::Role::kAuditor, std::nullopt, false};
    (void)kesu::use_cases::CreateUser(*rt.deps, system, reader);

    auto count = kesu::domain::ReadValue<std::int64_t>(*rt.database, [](kesu::domain::Transaction& tx) -> kesu::domain::Result<std::int64_t> {
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
                                             kesu::domain::Status::kTriaged, kesu::domain::Status::kInvestigating,
                                             kesu::domain::Status::kClosed, kesu::domain::Status::kClosed,
                                             kesu::domain::Status::kArchived, kesu::domain::Status::kReplied};
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
                c.complainant = {"用户" + std::to_string(n % 50000), "138" + std::to_string(10000000 + n % 90000000), "", "",
                                 "", "", ""};
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
            std::printf("bench:   %lld loaded (%.0f/s)\n", static_cast<long long>(done), static_cast<double>(done - have) / seconds);
            std::fflush(stdout);
        }
    }
}

struct Server {
    pid_t pid = -1;
    int port = 0;
};

Server StartServer(const std::string& binary, const std::string& data_directory, const std::string& database_url,
                   int workers) {
    int fds[2];
    if (pipe(fds) != 0) std::exit(1);
    Server server;
    server.pid = fork();
    if (server.pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        std::string workers_text = std::to_string(workers);
        if (database_url.empty())
            execl(binary.c_str(), binary.c_str(), "serve", "--data", data_directory.c_str(), "--port", "0", "--log-level",
                  "warn", "--workers", workers_text.c_str(), static_cast<char*>(nullptr));
        else
            execl(binary.c_str(), binary.c_str(), "serve", "--data", data_directory.c_str(), "--db", database_url.c_str(),
                  "--port", "0", "--log-level", "warn", "--workers", workers_text.c_str(), static_cast<char*>(nullptr));
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
    if (server.port == 0) {
        std::fprintf(stderr, "bench: kesu did not start: %s\n", output.c_str());
        std::exit(1);
    }
    return server;
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

struct Phase {
    std::string name;
    std::vector<double> latencies_ms;
    std::int64_t errors = 0;
    double seconds = 0;
};

template <class Make>
Phase Run(const std::string& name, const std::vector<int>& ports, const std::string& token, int clients, double seconds,
          Make make) {
    Phase phase{name, {}, 0, seconds};
    std::mutex mutex;
    std::atomic<std::int64_t> errors{0};
    auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
    std::vector<std::thread> threads;
    for (int t = 0; t < clients; ++t) {
        threads.emplace_back([&, t] {
            Http http;
            http.headers = curl_slist_append(http.headers, ("Authorization: Bearer " + token).c_str());
            http.headers = curl_slist_append(http.headers, "Content-Type: application/json");
            std::mt19937_64 random(static_cast<unsigned>(t) * 7919u + 1);
            std::vector<double> mine;
            std::string base = "http://127.0.0.1:" + std::to_string(ports[static_cast<std::size_t>(t) % ports.size()]);
            while (Clock::now() < deadline) {
                auto [path, body, expected] = make(random);
                auto started = Clock::now();
                long status = http.Call(base + path, body.empty() ? nullptr : &body);
                mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - started).count());
                if (status != expected) ++errors;
            }
            std::lock_guard lock(mutex);
            phase.latencies_ms.insert(phase.latencies_ms.end(), mine.begin(), mine.end());
        });
    }
    for (auto& thread : threads) thread.join();
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
    CLI11_PARSE(app, argc, argv);
    curl_global_init(CURL_GLOBAL_ALL);

    Texts texts = LoadTexts();
    Preload(data, database_url, preload, texts, departments);
    std::vector<Server> servers;
    std::vector<int> ports;
    for (int n = 0; n < nodes; ++n) {
        servers.push_back(StartServer(binary, data, database_url, workers));
        ports.push_back(servers.back().port);
    }
    if (database_url.empty()) {
        // The SQLite search index is rebuilt in the background after a preload (or an upgrade): measure after it.
        auto started = Clock::now();
        for (;;) {
            Http http;
            if (http.Call("http://127.0.0.1:" + std::to_string(ports[0]) + "/metrics", nullptr) != 200) break;
            auto at = http.body.find("\nkesu_search_index_rebuild_remaining ");
            if (at == std::string::npos || std::atoll(http.body.c_str() + at + 37) == 0) break;
            std::this_thread::sleep_for(std::chrono::milliseconds{500});
        }
        std::printf("bench: search index complete after %.0f s\n", std::chrono::duration<double>(Clock::now() - started).count());
    }
    std::string token = IssueToken(ports[0], "bench.agent");
    std::string reader_token = IssueToken(ports[0], "bench.auditor");

    // Every created complaint comes from a new customer, also across runs on the same data directory (a repeated
    // phone would make each creation also list that person's earlier open complaints).
    std::atomic<std::int64_t> sequence{(static_cast<std::int64_t>(std::time(nullptr)) % 100000) * 1000000};
    Phase create = Run("create (POST /api/v1/complaints)", ports, token, clients, seconds, [&](std::mt19937_64& random) {
        std::size_t pick = random() % texts.bodies.size();
        std::int64_t n = ++sequence;
        json body{{"channel", "app"},
                  {"subject", Utf8Prefix(texts.bodies[pick], 60)},
                  {"description", texts.bodies[pick]},
                  {"product", texts.products[pick]},
                  {"complainant", {{"name", "压测用户" + std::to_string(n % 1000)}, {"phone", std::to_string(10000000000 + n)}}}};
        return std::tuple{std::string("/api/v1/complaints"), body.dump(), 201L};
    });
    // The SQLite full-text index is written behind the creations (docs/search.md): how far behind at the end of the
    // create phase, and how long until a search sees every complaint created.
    std::string index_lag;
    if (database_url.empty()) {
        auto backlog = [&] {
            Http http;
            if (http.Call("http://127.0.0.1:" + std::to_string(ports[0]) + "/metrics", nullptr) != 200) return std::int64_t{-1};
            auto at = http.body.find("\nkesu_search_index_backlog ");
            return at == std::string::npos ? std::int64_t{-1} : static_cast<std::int64_t>(std::atoll(http.body.c_str() + at + 27));
        };
        auto started = Clock::now();
        std::int64_t at_end = backlog();
        while (backlog() > 0) std::this_thread::sleep_for(std::chrono::milliseconds{20});
        index_lag = "search index backlog at the end of the create phase: " + std::to_string(at_end) +
                    " changes, caught up " +
                    std::to_string(std::chrono::duration<double>(Clock::now() - started).count()).substr(0, 5) + " s later";
    }
    std::int64_t total = std::max<std::int64_t>(preload, 1000);
    Phase get = Run("get (GET /api/v1/complaints/{id})", ports, reader_token, read_clients, seconds, [&](std::mt19937_64& random) {
        std::int64_t id = 1 + static_cast<std::int64_t>(random() % static_cast<std::uint64_t>(total));
        return std::tuple{"/api/v1/complaints/" + std::to_string(id), std::string(), 200L};
    });
    Phase list = Run("list (a department's first 50 open)", ports, reader_token, read_clients, seconds, [&](std::mt19937_64& random) {
        int department = 1 + static_cast<int>(random() % static_cast<unsigned>(departments));
        return std::tuple{"/api/v1/complaints?open=true&limit=50&department_id=" + std::to_string(department), std::string(), 200L};
    });
    Phase search = Run("search (GET /api/v1/complaints?q=…)", ports, token, read_clients, seconds, [&](std::mt19937_64& random) {
        static const char* words[] = {"%E7%89%A9%E6%B5%81", "%E9%80%80%E6%AC%BE", "%E8%B4%A8%E9%87%8F", "%E5%BF%AB%E9%80%92%20%E6%85%A2"};
        return std::tuple{std::string("/api/v1/complaints?limit=20&q=") + words[random() % 4], std::string(), 200L};
    });
    std::string rss = ProcStatus(servers[0].pid, "VmRSS:");
    std::string peak = ProcStatus(servers[0].pid, "VmHWM:");
    for (const auto& server : servers) {
        kill(server.pid, SIGTERM);
        waitpid(server.pid, nullptr, 0);
    }

    std::printf("\n| phase | clients | requests/s | p50 ms | p90 ms | p99 ms | max ms | errors |\n|---|---|---|---|---|---|---|---|\n");
    for (Phase* phase : {&create, &get, &list, &search}) {
        int n = phase == &create ? clients : read_clients;
        double rate = static_cast<double>(phase->latencies_ms.size()) / phase->seconds;
        double p50 = Percentile(phase->latencies_ms, 0.50), p90 = Percentile(phase->latencies_ms, 0.90);
        double p99 = Percentile(phase->latencies_ms, 0.99), max = Percentile(phase->latencies_ms, 1.0);
        std::printf("| %s | %d | %.0f | %.2f | %.2f | %.2f | %.1f | %lld |\n", phase->name.c_str(), n, rate, p50, p90, p99, max,
                    static_cast<long long>(phase->errors));
    }
    std::printf("\nserver memory after the run (node 1 of %d): VmRSS %s, peak VmHWM %s\n", nodes, rss.c_str(), peak.c_str());
    if (!index_lag.empty()) std::printf("%s\n", index_lag.c_str());
    return 0;
}
