// Categories, messages, attachments, idempotency keys, throttling counters and settings in SQLite.
#pragma once

#include "domain/support_repositories.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace kesu::storage::sqlite {

class SqliteCategoryRepository final : public domain::CategoryRepository {
public:
    explicit SqliteCategoryRepository(Connection& connection) : connection_(connection) {}
    domain::Result<std::vector<domain::Category>> List() override;
    domain::Result<domain::Category> Get(std::int64_t id) override;
    domain::Result<void> Insert(domain::Category& category) override;
    domain::Result<void> Update(const domain::Category& category) override;

private:
    Connection& connection_;
};

class SqliteComplaintRepository;

class SqliteMessageRepository final : public domain::MessageRepository {
public:
    // Messages are part of their complaint's full-text entry, which `complaints` rewrites on insert.
    SqliteMessageRepository(Connection& connection, SqliteComplaintRepository& complaints)
        : connection_(connection), complaints_(complaints) {}
    domain::Result<void> Insert(domain::Message& message) override;
    domain::Result<std::vector<domain::Message>> ListForComplaint(std::int64_t complaint_id,
                                                                  bool include_internal) override;

private:
    Connection& connection_;
    SqliteComplaintRepository& complaints_;
};

class SqliteAttachmentRepository final : public domain::AttachmentRepository {
public:
    explicit SqliteAttachmentRepository(Connection& connection) : connection_(connection) {}
    domain::Result<void> Insert(domain::Attachment& attachment) override;
    domain::Result<domain::Attachment> Get(std::int64_t id) override;
    domain::Result<std::vector<domain::Attachment>> ListForComplaint(std::int64_t complaint_id) override;

private:
    Connection& connection_;
};

class SqliteIdempotencyRepository final : public domain::IdempotencyRepository {
public:
    explicit SqliteIdempotencyRepository(Connection& connection) : connection_(connection) {}
    domain::Result<std::optional<domain::IdempotentResponse>> Get(std::string_view scope, std::string_view key) override;
    domain::Result<void> Put(std::string_view scope, std::string_view key,
                             const domain::IdempotentResponse& response) override;
    domain::Result<std::int64_t> DeleteBefore(domain::Instant cutoff) override;

private:
    Connection& connection_;
};

class SqliteThrottleRepository final : public domain::ThrottleRepository {
public:
    explicit SqliteThrottleRepository(Connection& connection) : connection_(connection) {}
    domain::Result<std::int64_t> Hit(std::string_view key, domain::Instant window_start) override;
    domain::Result<void> Release(std::string_view key, domain::Instant window_start) override;
    domain::Result<std::int64_t> Count(std::string_view key, domain::Instant window_start) override;
    domain::Result<domain::Backoff> GetBackoff(std::string_view key) override;
    domain::Result<void> PutBackoff(std::string_view key, const domain::Backoff& backoff) override;
    domain::Result<void> Clear(std::string_view key) override;
    domain::Result<std::int64_t> DeleteBefore(domain::Instant cutoff) override;

private:
    Connection& connection_;
};

class SqliteSettingsRepository final : public domain::SettingsRepository {
public:
    explicit SqliteSettingsRepository(Connection& connection) : connection_(connection) {}
    domain::Result<std::optional<std::string>> Get(std::string_view key) override;
    domain::Result<void> Put(std::string_view key, std::string_view value) override;

private:
    Connection& connection_;
};

}  // namespace kesu::storage::sqlite
