// Port: a database with transactions. Use cases pass a function that does all its reads and writes through
// the Transaction; Write returns only after the transaction is durable (committed and synced), so a 2xx sent
// after it can never be lost. Backends may run several Write functions in one physical commit (group commit):
// each function still succeeds or fails on its own (its changes are rolled back to a savepoint on failure).
// Thread-safety: Read and Write may be called from any number of threads.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "domain/account_repositories.hpp"
#include "domain/audit_repository.hpp"
#include "domain/complaint_repository.hpp"
#include "domain/sla_repositories.hpp"
#include "domain/support_repositories.hpp"

namespace kesu::domain {

class Transaction {
public:
    virtual ~Transaction() = default;
    virtual ComplaintRepository& Complaints() = 0;
    virtual AuditRepository& Audit() = 0;
    virtual UserRepository& Users() = 0;
    virtual DepartmentRepository& Departments() = 0;
    virtual SessionRepository& Sessions() = 0;
    virtual ApiTokenRepository& ApiTokens() = 0;
    virtual CategoryRepository& Categories() = 0;
    virtual MessageRepository& Messages() = 0;
    virtual AttachmentRepository& Attachments() = 0;
    virtual IdempotencyRepository& Idempotency() = 0;
    virtual ThrottleRepository& Throttle() = 0;
    virtual SettingsRepository& Settings() = 0;
    virtual SlaRepository& Sla() = 0;
    virtual TimerRepository& Timers() = 0;
    virtual OutboxRepository& Outbox() = 0;
    virtual TemplateRepository& Templates() = 0;
};

using TransactionWork = std::function<Result<void>(Transaction&)>;

// A complaint changed (created, acted on, edited): what live views need to refresh, nothing personal.
struct ComplaintChange {
    std::int64_t id = 0;
    std::string number;
    Status status = Status::kRegistered;
    std::optional<std::int64_t> department_id;
    std::optional<std::int64_t> owner_id;
    int version = 0;
};

// Port: committed complaint changes, as they happen, on every node (in-process for SQLite, LISTEN/NOTIFY for
// PostgreSQL). Listeners run on the feed's own thread and must not block.
class ChangeFeed {
public:
    virtual ~ChangeFeed() = default;
    using Listener = std::function<void(const ComplaintChange&)>;
    virtual void Subscribe(Listener listener) = 0;
};

class Database {
public:
    virtual ~Database() = default;
    // A consistent read-only snapshot. Writes inside it fail.
    virtual Result<void> Read(const TransactionWork& work) = 0;
    // All-or-nothing and durable when it returns success.
    virtual Result<void> Write(const TransactionWork& work) = 0;
    // Why every write is refused until kesu restarts, as a code (e.g. "log_sync_failed": a sync of the log failed,
    // so nothing more can be acknowledged), or empty while writes are taken. Health checks and metrics report it.
    virtual std::string WriteRefusal() { return {}; }
};

// Runs `work` (returning Result<T>) in a read transaction and hands back its value.
template <class T, class F>
Result<T> ReadValue(Database& database, F&& work) {
    std::optional<T> value;
    Result<void> status = database.Read([&](Transaction& tx) -> Result<void> {
        Result<T> result = work(tx);
        if (!result) return std::unexpected(result.error());
        value = std::move(*result);
        return {};
    });
    if (!status) return std::unexpected(status.error());
    return std::move(*value);
}

template <class T, class F>
Result<T> WriteValue(Database& database, F&& work) {
    std::optional<T> value;
    Result<void> status = database.Write([&](Transaction& tx) -> Result<void> {
        Result<T> result = work(tx);
        if (!result) return std::unexpected(result.error());
        value = std::move(*result);
        return {};
    });
    if (!status) return std::unexpected(status.error());
    return std::move(*value);
}

}  // namespace kesu::domain
