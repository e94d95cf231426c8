// Complaint changes committed through any node, delivered on every node (the ChangeFeed port on PostgreSQL):
// the writer announces them with pg_notify inside the transaction that made them, so only committed changes go
// out, and each node keeps one connection LISTENing. Changes sent while a node's listener is reconnecting are
// not replayed; live views refresh after such a gap like after any lost connection.
// Thread-safety: Subscribe from any thread; listeners run on the feed's thread and must not block.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "domain/database.hpp"

namespace kesu::storage::postgres {

class PostgresChangeFeed {
public:
    explicit PostgresChangeFeed(std::string url) : url_(std::move(url)) {}
    ~PostgresChangeFeed() { Stop(); }
    PostgresChangeFeed(const PostgresChangeFeed&) = delete;
    PostgresChangeFeed& operator=(const PostgresChangeFeed&) = delete;

    // Starts listening on first use.
    void Subscribe(domain::ChangeFeed::Listener listener);
    // Stops listening and forgets the listeners (before what they point to goes away); for good.
    void Stop();

    // SQL announcing `changes` ("SELECT pg_notify(...), ..."), to run in the transaction that made them; "" for none.
    static std::string NotifySql(const std::vector<domain::ComplaintChange>& changes);

private:
    void Listen();

    std::string url_;
    std::mutex mutex_;
    std::vector<domain::ChangeFeed::Listener> listeners_;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

}  // namespace kesu::storage::postgres
