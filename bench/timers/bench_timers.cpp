// Finding and firing due SLA timers with many open complaints (docs/performance.md): the cost of taking due
// timers must not grow with the number of timers waiting in the future (an index on due_at, not a scan).
//
//   bench_timers --future 1000000 --due 200
//
// Loads `future` timers due next year, then, for 1,000 and for `future` waiting timers, measures (a) leasing a
// batch of due timers and (b) RunDueTimers end to end on real complaints whose acknowledgement is overdue.
#include <unistd.h>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "app/runtime.hpp"
#include "use_cases/file_complaint.hpp"
#include "use_cases/manage_users.hpp"
#include "use_cases/run_due_timers.hpp"
#include "use_cases/seed_defaults.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double Millis(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

struct Measure {
    double lease_ms = 0;    // median of leasing a batch of due timers
    double fire_ms = 0;     // RunDueTimers for all due timers (one transaction each)
    int fired = 0;
};

// A clock the benchmark moves by hand.
class ManualClock final : public kesu::domain::Clock {
public:
    kesu::domain::Instant Now() const override { return now_; }
    void Set(kesu::domain::Instant at) { now_ = at; }

private:
    kesu::domain::Instant now_ = *kesu::domain::ParseInstant("2026-03-02T10:00:00+08:00");
};

Measure Run(kesu::app::Runtime& rt, ManualClock& clock, int due) {
    kesu::use_cases::Dependencies deps{rt.deps->database, clock, rt.deps->passwords, rt.deps->tokens, rt.deps->sla,
                                       rt.deps->limits};
    // Complaints registered now get an acknowledgement clock due tomorrow; three days later they are overdue.
    kesu::use_cases::RequestContext agent{kesu::domain::Actor{2, kesu::domain::Role::kAgent, 1, false, "bench"}, "bench", "local"};
    for (int i = 0; i < due; ++i) {
        kesu::use_cases::NewComplaint in;
        in.channel = kesu::domain::Channel::kPhone;
        in.subject = "超时测试";
        in.description = "到期计时器";
        in.complainant.name = "测试";
        in.complainant.phone = "1380000" + std::to_string(1000 + i);
        (void)kesu::use_cases::FileComplaint(deps, agent, in, std::nullopt);
    }
    clock.Set(clock.Now() + std::chrono::days{3});
    // (a) the lease query alone, repeatedly (each lease is given back by rescheduling at the same time)
    std::vector<double> samples;
    for (int i = 0; i < 20; ++i) {
        auto started = Clock::now();
        auto leased = kesu::domain::WriteValue<std::vector<kesu::domain::Timer>>(*rt.database, [&](kesu::domain::Transaction& tx) {
            return tx.Timers().Lease(clock.Now(), "probe", clock.Now(), 100);
        });
        samples.push_back(Millis(Clock::now() - started));
        if (!leased || leased->empty()) break;
    }
    std::ranges::sort(samples);
    Measure m;
    m.lease_ms = samples.empty() ? 0 : samples[samples.size() / 2];
    // (b) firing: every due timer, each in its own transaction, as the scheduler does
    auto started = Clock::now();
    for (;;) {
        auto run = kesu::use_cases::RunDueTimers(deps, "bench-node", clock.Now(), 100, std::chrono::seconds{0});
        if (!run || run->taken == 0) break;
        m.fired += run->acted;
    }
    m.fire_ms = Millis(Clock::now() - started);
    return m;
}

}  // namespace

int main(int argc, char** argv) {
    std::int64_t future = 1'000'000;
    int due = 200;
    std::string directory = "/tmp/kesu-bench-timers";
    CLI::App app{"kesu timer benchmark"};
    app.add_option("--future", future, "Timers waiting in the future (one per open complaint's clock)");
    app.add_option("--due", due, "Complaints whose acknowledgement deadline has passed");
    app.add_option("--data", directory, "Scratch data directory (removed first)");
    CLI11_PARSE(app, argc, argv);

    std::printf("| waiting timers | lease 100 due (median ms) | fire %d due (ms) | per timer (ms) |\n|---|---|---|---|\n", due);
    for (std::int64_t waiting : {std::int64_t{1000}, future}) {
        std::filesystem::remove_all(directory);
        kesu::app::Settings settings;
        settings.data_directory = directory;
        settings.log_level = "warn";
        auto runtime = kesu::app::OpenRuntime(settings, true);
        if (!runtime) {
            std::fprintf(stderr, "bench: %s\n", runtime.error().message.c_str());
            return 1;
        }
        auto& rt = **runtime;
        (void)kesu::use_cases::SeedDefaults(*rt.deps, std::string("Admin12345!"));
        kesu::use_cases::RequestContext system{kesu::use_cases::SystemActor(), "bench", "local"};
        (void)kesu::use_cases::CreateUser(*rt.deps, system, {"bench.agent", "b", "", "Passw0rd!234", kesu::domain::Role::kAgent, std::nullopt, false});
        ManualClock clock;
        auto next_year = clock.Now() + std::chrono::days{365};
        for (std::int64_t done = 0; done < waiting;) {
            std::int64_t batch = std::min<std::int64_t>(20000, waiting - done);
            auto loaded = rt.database->Write([&](kesu::domain::Transaction& tx) -> kesu::domain::Result<void> {
                for (std::int64_t i = 0; i < batch; ++i)
                    if (auto scheduled = tx.Timers().Schedule("sla_clock", 10'000'000 + done + i,
                                                              next_year + std::chrono::seconds{done + i});
                        !scheduled)
                        return scheduled;
                return {};
            });
            if (!loaded) {
                std::fprintf(stderr, "bench: loading timers: %s\n", loaded.error().message.c_str());
                return 1;
            }
            done += batch;
        }
        Measure m = Run(rt, clock, due);
        std::printf("| %lld | %.3f | %.1f | %.2f |\n", static_cast<long long>(waiting), m.lease_ms, m.fire_ms,
                    m.fired ? m.fire_ms / m.fired : 0.0);
        std::fflush(stdout);
    }
    std::filesystem::remove_all(directory);
    return 0;
}
