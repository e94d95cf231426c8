// The background worker of one kesu node: runs due timers (SLA warnings, breaches, escalations, emergency
// reports) about once a second and purges expired sessions and idempotency records hourly. It keeps no state of
// its own — timers live in the database and are taken with leases — so several nodes can run one each.
// Thread-safety: Start and Stop from one thread; the work runs on the scheduler's own thread.
#pragma once

#include <spdlog/logger.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "use_cases/context.hpp"

namespace kesu::jobs {

class Scheduler {
public:
    Scheduler(const use_cases::Dependencies& deps, std::string node_id, std::shared_ptr<spdlog::logger> logger,
              std::chrono::milliseconds poll_interval = std::chrono::seconds{1});
    ~Scheduler();

    void Start();
    void Stop();

private:
    void Run();

    const use_cases::Dependencies& deps_;
    std::string node_id_;
    std::shared_ptr<spdlog::logger> logger_;
    std::chrono::milliseconds poll_interval_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace kesu::jobs
