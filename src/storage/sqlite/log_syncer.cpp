#include "storage/sqlite/log_syncer.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <spdlog/logger.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace kesu::storage::sqlite {

using domain::ErrorCode;
using domain::Fail;

KeptFileSync::~KeptFileSync() {
    if (descriptor_ >= 0) ::close(descriptor_);
}

domain::Result<void> KeptFileSync::SyncData() {
    struct stat current {};
    if (::stat(path_.c_str(), &current) != 0) {
        if (errno == ENOENT) return {};
        return Fail(ErrorCode::kUnavailable, "cannot find " + path_ + " to sync it: " + std::strerror(errno));
    }
    if (descriptor_ >= 0 && (current.st_dev != device_ || current.st_ino != inode_)) {
        ::close(descriptor_);
        descriptor_ = -1;
    }
    if (descriptor_ < 0) {
        int descriptor = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
        if (descriptor < 0) {
            if (errno == ENOENT) return {};
            return Fail(ErrorCode::kUnavailable, "cannot open " + path_ + " to sync it: " + std::strerror(errno));
        }
        struct stat opened {};
        if (::fstat(descriptor, &opened) != 0) {
            int error = errno;
            ::close(descriptor);
            return Fail(ErrorCode::kUnavailable, "cannot inspect " + path_ + ": " + std::strerror(error));
        }
        descriptor_ = descriptor;
        device_ = opened.st_dev;
        inode_ = opened.st_ino;
    }
    if (::fdatasync(descriptor_) != 0)
        return Fail(ErrorCode::kUnavailable, "cannot sync " + path_ + ": " + std::strerror(errno));
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
