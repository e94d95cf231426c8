#include "storage/sqlite/sqlite_support_repositories.hpp"

#include "storage/sqlite/sqlite_complaint_repository.hpp"

namespace kesu::storage::sqlite {

using domain::ErrorCode;
using domain::Fail;

namespace {

domain::Category ReadCategory(const Statement& row) {
    return domain::Category{row.Int(0),  row.OptionalInt(1),      row.Text(2),
                            row.Text(3), row.Text(4),             row.Int(5) != 0,
                            static_cast<int>(row.Int(6))};
}

domain::Message ReadMessage(const Statement& row) {
    return domain::Message{row.Int(0),      row.Int(1),  row.Int(2) != 0, row.Int(3) != 0,
                           row.Int(4),      row.Text(5), row.Text(6),     domain::FromMillis(row.Int(7))};
}

domain::Attachment ReadAttachment(const Statement& row) {
    return domain::Attachment{row.Int(0),  row.Int(1), row.Text(2),     row.Text(3),
                              row.Int(4),  row.Text(5), row.Int(6), row.Int(7) != 0,
                              domain::FromMillis(row.Int(8))};
}

std::int64_t ReadCount(const Statement& row) { return row.Int(0); }

}  // namespace

domain::Result<std::vector<domain::Category>> SqliteCategoryRepository::List() {
    return CollectRows<domain::Category>(
        connection_.Query("SELECT id, parent_id, code, name_zh, name_en, active, sort_order FROM categories "
                          "ORDER BY sort_order, id"),
        ReadCategory);
}

domain::Result<domain::Category> SqliteCategoryRepository::Get(std::int64_t id) {
    return FirstRow<domain::Category>(
        connection_.Query("SELECT id, parent_id, code, name_zh, name_en, active, sort_order FROM categories "
                          "WHERE id = ?",
                          id),
        ReadCategory, "category " + std::to_string(id) + " does not exist");
}

domain::Result<void> SqliteCategoryRepository::Insert(domain::Category& c) {
    auto done = connection_.Run(
        "INSERT INTO categories (parent_id, code, name_zh, name_en, active, sort_order) VALUES (?,?,?,?,?,?)",
        c.parent_id, c.code, c.name_zh, c.name_en, c.active, c.sort_order);
    if (!done) {
        if (done.error().code == ErrorCode::kConflict)
            return Fail(ErrorCode::kConflict, "category code '" + c.code + "' is already taken");
        return done;
    }
    c.id = connection_.LastInsertId();
    return {};
}

domain::Result<void> SqliteCategoryRepository::Update(const domain::Category& c) {
    auto done = connection_.Run(
        "UPDATE categories SET parent_id = ?, code = ?, name_zh = ?, name_en = ?, active = ?, sort_order = ? "
        "WHERE id = ?",
        c.parent_id, c.code, c.name_zh, c.name_en, c.active, c.sort_order, c.id);
    if (!done) return done;
    if (connection_.Changes() == 0) return Fail(ErrorCode::kNotFound, "category does not exist");
    return {};
}

domain::Result<void> SqliteMessageRepository::Insert(domain::Message& m) {
    auto done = connection_.Run(
        "INSERT INTO messages (complaint_id, customer_visible, from_customer, author_id, author_name, body, "
        "created_at) VALUES (?,?,?,?,?,?,?)",
        m.complaint_id, m.customer_visible, m.from_customer, m.author_id, m.author_name, m.body,
        domain::ToMillis(m.created_at));
    if (!done) return done;
    m.id = connection_.LastInsertId();
    return complaints_.Reindex(m.complaint_id);
}

domain::Result<std::vector<domain::Message>> SqliteMessageRepository::ListForComplaint(std::int64_t complaint_id,
                                                                                       bool include_internal) {
    return CollectRows<domain::Message>(
        connection_.Query("SELECT id, complaint_id, customer_visible, from_customer, author_id, author_name, body, "
                          "created_at FROM messages WHERE complaint_id = ? AND (? OR customer_visible = 1) ORDER BY id",
                          complaint_id, include_internal),
        ReadMessage);
}

domain::Result<void> SqliteAttachmentRepository::Insert(domain::Attachment& a) {
    auto done = connection_.Run(
        "INSERT INTO attachments (complaint_id, filename, content_type, size, sha256, uploaded_by, customer_visible, "
        "created_at) VALUES (?,?,?,?,?,?,?,?)",
        a.complaint_id, a.filename, a.content_type, a.size, a.sha256, a.uploaded_by, a.customer_visible,
        domain::ToMillis(a.created_at));
    if (!done) return done;
    a.id = connection_.LastInsertId();
    return {};
}

domain::Result<domain::Attachment> SqliteAttachmentRepository::Get(std::int64_t id) {
    return FirstRow<domain::Attachment>(
        connection_.Query("SELECT id, complaint_id, filename, content_type, size, sha256, uploaded_by, "
                          "customer_visible, created_at FROM attachments WHERE id = ?",
                          id),
        ReadAttachment, "attachment " + std::to_string(id) + " does not exist");
}

domain::Result<std::vector<domain::Attachment>> SqliteAttachmentRepository::ListForComplaint(std::int64_t complaint_id) {
    return CollectRows<domain::Attachment>(
        connection_.Query("SELECT id, complaint_id, filename, content_type, size, sha256, uploaded_by, "
                          "customer_visible, created_at FROM attachments WHERE complaint_id = ? ORDER BY id",
                          complaint_id),
        ReadAttachment);
}

domain::Result<std::optional<domain::IdempotentResponse>> SqliteIdempotencyRepository::Get(std::string_view scope,
                                                                                           std::string_view key) {
    auto found = FirstRow<domain::IdempotentResponse>(
        connection_.Query("SELECT request_digest, status, body, created_at FROM idempotency_keys "
                          "WHERE scope = ? AND key = ?",
                          scope, key),
        [](const Statement& row) {
            return domain::IdempotentResponse{row.Text(0), static_cast<int>(row.Int(1)), row.Text(2),
                                              domain::FromMillis(row.Int(3))};
        },
        "");
    if (found) return std::optional(std::move(*found));
    if (found.error().code == ErrorCode::kNotFound) return std::optional<domain::IdempotentResponse>();
    return std::unexpected(found.error());
}

domain::Result<void> SqliteIdempotencyRepository::Put(std::string_view scope, std::string_view key,
                                                      const domain::IdempotentResponse& r) {
    return connection_.Run(
        "INSERT INTO idempotency_keys (scope, key, request_digest, status, body, created_at) VALUES (?,?,?,?,?,?)",
        scope, key, r.request_digest, r.status, r.body, domain::ToMillis(r.created_at));
}

domain::Result<std::int64_t> SqliteIdempotencyRepository::DeleteBefore(domain::Instant cutoff) {
    auto done = connection_.Run("DELETE FROM idempotency_keys WHERE created_at < ?", domain::ToMillis(cutoff));
    if (!done) return std::unexpected(done.error());
    return connection_.Changes();
}

domain::Result<std::int64_t> SqliteThrottleRepository::Hit(std::string_view key, domain::Instant window_start) {
    return FirstRow<std::int64_t>(
        connection_.Query("INSERT INTO throttle_counters (key, window_start, count) VALUES (?, ?, 1) "
                          "ON CONFLICT (key, window_start) DO UPDATE SET count = count + 1 RETURNING count",
                          key, domain::ToMillis(window_start)),
        ReadCount, "no count");
}

domain::Result<std::int64_t> SqliteThrottleRepository::Count(std::string_view key, domain::Instant window_start) {
    return FirstRow<std::int64_t>(
        connection_.Query("SELECT COALESCE(SUM(count), 0) FROM throttle_counters WHERE key = ? AND window_start = ?",
                          key, domain::ToMillis(window_start)),
        ReadCount, "no count");
}

domain::Result<void> SqliteThrottleRepository::Release(std::string_view key, domain::Instant window_start) {
    return connection_.Run("UPDATE throttle_counters SET count = count - 1 WHERE key = ? AND window_start = ? AND count > 0",
                           key, domain::ToMillis(window_start));
}

domain::Result<domain::Backoff> SqliteThrottleRepository::GetBackoff(std::string_view key) {
    auto found = FirstRow<domain::Backoff>(
        connection_.Query("SELECT count, window_start FROM throttle_counters WHERE key = ? ORDER BY window_start DESC "
                          "LIMIT 1",
                          key),
        [](const Statement& row) { return domain::Backoff{row.Int(0), domain::FromMillis(row.Int(1))}; }, "");
    if (found) return found;
    if (found.error().code == ErrorCode::kNotFound) return domain::Backoff{};
    return std::unexpected(found.error());
}

domain::Result<void> SqliteThrottleRepository::PutBackoff(std::string_view key, const domain::Backoff& backoff) {
    if (auto cleared = Clear(key); !cleared) return cleared;
    return connection_.Run("INSERT INTO throttle_counters (key, window_start, count) VALUES (?, ?, ?)", key,
                           domain::ToMillis(backoff.last_failure_at), backoff.failures);
}

domain::Result<void> SqliteThrottleRepository::Clear(std::string_view key) {
    return connection_.Run("DELETE FROM throttle_counters WHERE key = ?", key);
}

domain::Result<std::int64_t> SqliteThrottleRepository::DeleteBefore(domain::Instant cutoff) {
    auto done = connection_.Run("DELETE FROM throttle_counters WHERE window_start < ?", domain::ToMillis(cutoff));
    if (!done) return std::unexpected(done.error());
    return connection_.Changes();
}

domain::Result<std::optional<std::string>> SqliteSettingsRepository::Get(std::string_view key) {
    auto found = FirstRow<std::string>(connection_.Query("SELECT value FROM settings WHERE key = ?", key),
                                       [](const Statement& row) { return row.Text(0); }, "");
    if (found) return std::optional(std::move(*found));
    if (found.error().code == ErrorCode::kNotFound) return std::optional<std::string>();
    return std::unexpected(found.error());
}

domain::Result<void> SqliteSettingsRepository::Put(std::string_view key, std::string_view value) {
    return connection_.Run(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key,
        value);
}

}  // namespace kesu::storage::sqlite
