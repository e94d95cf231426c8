// Ports for the smaller tables: categories, messages, attachments, idempotency keys, throttling counters
// and settings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/attachment.hpp"
#include "domain/category.hpp"
#include "domain/error.hpp"
#include "domain/time.hpp"

namespace kesu::domain {

class CategoryRepository {
public:
    virtual ~CategoryRepository() = default;
    virtual Result<std::vector<Category>> List() = 0;
    virtual Result<Category> Get(std::int64_t id) = 0;
    virtual Result<void> Insert(Category& category) = 0;  // kConflict when the code is taken
    virtual Result<void> Update(const Category& category) = 0;
};

class MessageRepository {
public:
    virtual ~MessageRepository() = default;
    virtual Result<void> Insert(Message& message) = 0;
    virtual Result<std::vector<Message>> ListForComplaint(std::int64_t complaint_id, bool include_internal) = 0;
};

class AttachmentRepository {
public:
    virtual ~AttachmentRepository() = default;
    virtual Result<void> Insert(Attachment& attachment) = 0;
    virtual Result<Attachment> Get(std::int64_t id) = 0;
    virtual Result<std::vector<Attachment>> ListForComplaint(std::int64_t complaint_id) = 0;
};

// The stored outcome of a create request, replayed when the same Idempotency-Key comes again.
struct IdempotentResponse {
    std::string request_digest;  // SHA-256 of the request body: a reused key with another body is refused
    int status = 0;
    std::string body;
    Instant created_at;
};

class IdempotencyRepository {
public:
    virtual ~IdempotencyRepository() = default;
    virtual Result<std::optional<IdempotentResponse>> Get(std::string_view scope, std::string_view key) = 0;
    virtual Result<void> Put(std::string_view scope, std::string_view key, const IdempotentResponse& response) = 0;
    virtual Result<std::int64_t> DeleteBefore(Instant cutoff) = 0;
};

// Consecutive failures of one key and when the last one happened (sign-in backoff per account and address).
struct Backoff {
    std::int64_t failures = 0;
    Instant last_failure_at{};
};

// Fixed-window counters and backoff state for throttles and rate limits, shared by every node through the
// database. A throttle checks and records in the same write transaction (write transactions are serialised on
// every backend, across nodes), so N concurrent attempts count N: never check in one transaction and record in
// another.
class ThrottleRepository {
public:
    virtual ~ThrottleRepository() = default;
    // Adds one to the counter of (key, window_start) and returns the new count.
    virtual Result<std::int64_t> Hit(std::string_view key, Instant window_start) = 0;
    // Takes one back (never below zero): an attempt counted up front that turned out not to count.
    virtual Result<void> Release(std::string_view key, Instant window_start) = 0;
    virtual Result<std::int64_t> Count(std::string_view key, Instant window_start) = 0;
    // Backoff state lives in the same table, one row per key (window_start holds the last failure's time), so the
    // periodic DeleteBefore also forgets a key that has been quiet long enough. Absent: zero failures.
    virtual Result<Backoff> GetBackoff(std::string_view key) = 0;
    virtual Result<void> PutBackoff(std::string_view key, const Backoff& backoff) = 0;
    virtual Result<void> Clear(std::string_view key) = 0;
    virtual Result<std::int64_t> DeleteBefore(Instant cutoff) = 0;
};

class SettingsRepository {
public:
    virtual ~SettingsRepository() = default;
    virtual Result<std::optional<std::string>> Get(std::string_view key) = 0;
    virtual Result<void> Put(std::string_view key, std::string_view value) = 0;
};

}  // namespace kesu::domain
