#include "jobs/scheduler.hpp"

#include "logging/log_format.hpp"
#include "use_cases/run_due_timers.hpp"

namespace kesu::jobs {

Scheduler::Scheduler(const use_cases::Dependencies& deps, std::string node_id, std::shared_ptr<spdlog::logger> logger,
                     std::chrono::milliseconds poll_interval)
    : deps_(deps), node_id_(std::move(node_id)), logger_(std::move(logger)), poll_interval_(poll_interval) {}

Scheduler::~Scheduler() { Stop(); }

void Scheduler::Start() {
    thread_ = std::thread([this] { Run(); });
}

void Scheduler::Stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void Scheduler::Run() {
    constexpr int kBatch = 100;
    domain::Instant next_purge = deps_.clock.Now();
    for (;;) {
        domain::Instant now = deps_.clock.Now();
        auto run = use_cases::RunDueTimers(deps_, node_id_, now, kBatch);
        if (!run)
            logger_->warn("scheduler cannot take due timers error={}", logging::Quote(run.error().message));
        else if (run->taken > 0)
            logger_->info("scheduler timers taken={} acted={} failed={}", run->taken, run->acted, run->failed);
        if (now >= next_purge) {
            if (auto purged = use_cases::PurgeExpired(deps_, now); !purged)
                logger_->warn("scheduler purge failed error={}", logging::Quote(purged.error().message));
            next_purge = now + std::chrono::hours{1};
        }
        bool more = run && run->taken == kBatch;
        std::unique_lock lock(mutex_);
        if (stopping_) return;
        if (!more) wake_.wait_for(lock, poll_interval_, [&] { return stopping_; });
        if (stopping_) return;
    }
}

}  // namespace kesu::jobs
