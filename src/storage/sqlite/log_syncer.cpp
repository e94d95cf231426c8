#include "storage/sqlite/log_syncer.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <spdlog/logger.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace kesu::storage::sqlite {

using domain::ErrorCode;
using domain::Fail;

domain::Result<void> SyncFileData(const std::string& path) {
    int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (descriptor < 0) {
        if (errno == ENOENT) return {};
        return Fail(ErrorCode::kUnavailable, "cannot open " + path + " to sync it: " + std::strerror(errno));
    }
    int rc = ::fdatasync(descriptor);
    int sync_error = errno;
    ::close(descriptor);
    if (rc != 0) return Fail(ErrorCode::kUnavailable, "cannot sync " + path + ": " + std::strerror(sync_error));
    return {};
}

LogSyncer::LogSyncer(Sync sync, std::shared_ptr<spdlog::logger> logger)
    : sync_(std::move(sync)), logger_(std::move(logger)), thread_([this] { Run(); }) {}

LogSyncer::~LogSyncer() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    submitted_.notify_one();
    thread_.join();
}

void LogSyncer::Submit(Acknowledge acknowledge) {
    {
        std::lock_guard lock(mutex_);
        waiting_.push_back(std::move(acknowledge));
    }
    submitted_.notify_one();
}

bool LogSyncer::Failed() {
    std::lock_guard lock(mutex_);
    return failed_;
}

void LogSyncer::Run() {
    pthread_setname_np(pthread_self(), "kesu-log-sync");
    // On every write's path, like the writer (sqlite_database.cpp); without CAP_SYS_NICE this keeps the default.
    (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), -10);
    std::vector<Acknowledge> batch;
    for (;;) {
        bool failed = false;
        {
            std::unique_lock lock(mutex_);
            submitted_.wait(lock, [&] { return stopping_ || !waiting_.empty(); });
            if (waiting_.empty()) return;  // stopping, and everything submitted has been acknowledged
            batch.swap(waiting_);
            failed = failed_;
        }
        // Everything in `batch` was written before this sync began, so this one sync covers all of it.
        domain::Result<void> synced =
            failed ? domain::Result<void>(Fail(ErrorCode::kUnavailable, "an earlier sync of the database log failed"))
                   : sync_();
        if (!synced && !failed) {
            logger_->critical("{}; refusing further writes until restarted", synced.error().message);
            std::lock_guard lock(mutex_);
            failed_ = true;
        }
        for (auto& acknowledge : batch) acknowledge(synced);
        batch.clear();
    }
}

}  // namespace kesu::storage::sqlite
