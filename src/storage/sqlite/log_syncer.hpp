// Acknowledges the writer's group commits once they are on disk, on a thread of its own. The writer's connection
// leaves the log's fsync to its owner (group_commit_vfs.hpp), so the writer runs the next batch while this thread
// syncs the last ones: one fsync covers every commit written before it began, and only then are their callers
// answered. This is where a commit becomes durable; the writer only makes it visible.
//
// After a failed sync every later one fails too (the kernel may have dropped the unwritten pages and report the
// next fsync as clean): nothing more is acknowledged until kesu restarts and recovers from what is on disk.
// Thread-safety: Submit and Failed from any thread.
#pragma once

#include <sys/types.h>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "domain/error.hpp"

namespace spdlog {
class logger;
}

namespace kesu::storage::sqlite {

// fdatasync of a file by its path, through a descriptor opened once and kept: making a commit durable must not need
// a new descriptor, or a process out of them (a flood of idle connections) could acknowledge no write at all. It is
// opened again only if the file at `path` was replaced (a stat, which needs no descriptor, tells). A missing file has
// nothing to sync: SQLite deletes the log only after copying all of it into the database and syncing that.
// Thread-safety: one thread at a time (the LogSyncer's).
class KeptFileSync {
public:
    explicit KeptFileSync(std::string path) : path_(std::move(path)) {}
    ~KeptFileSync();
    KeptFileSync(const KeptFileSync&) = delete;
    KeptFileSync& operator=(const KeptFileSync&) = delete;

    domain::Result<void> SyncData();
    // Whether a descriptor of the file is held (for tests).
    bool Holding() const { return descriptor_ >= 0; }

private:
    std::string path_;
    int descriptor_ = -1;
    dev_t device_ = 0;
    ino_t inode_ = 0;
};

class LogSyncer {
public:
    using Sync = std::function<domain::Result<void>()>;
    // Called once the commit it was submitted for is on disk (or with the error that stopped it from getting there).
    using Acknowledge = std::function<void(const domain::Result<void>& synced)>;

    // `logger` hears of a failed sync (which stops all further writes).
    LogSyncer(Sync sync, std::shared_ptr<spdlog::logger> logger);
    ~LogSyncer();  // syncs and acknowledges everything submitted
    LogSyncer(const LogSyncer&) = delete;
    LogSyncer& operator=(const LogSyncer&) = delete;

    // Requires: the commit is written to the log (the writer's COMMIT returned).
    void Submit(Acknowledge acknowledge);
    // A sync has failed: refuse further writes.
    bool Failed();

private:
    void Run();

    Sync sync_;
    std::shared_ptr<spdlog::logger> logger_;
    std::mutex mutex_;
    std::condition_variable submitted_;
    std::vector<Acknowledge> waiting_;
    bool stopping_ = false;
    bool failed_ = false;
    std::thread thread_;
};

}  // namespace kesu::storage::sqlite
