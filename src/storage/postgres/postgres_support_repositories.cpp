#include "storage/postgres/postgres_support_repositories.hpp"

#include "storage/postgres/postgres_complaint_repository.hpp"

namespace kesu::storage::postgres {

using domain::ErrorCode;
using domain::Fail;

namespace {

domain::Category ReadCategory(const Row& row) {
    return domain::Category{row.Int(0),  row.OptionalInt(1), row.Text(2), row.Text(3),
                            row.Text(4), row.Bool(5),        static_cast<int>(row.Int(6))};
}

domain::Message ReadMessage(const Row& row) {
    return domain::Message{row.Int(0), row.Int(1),  row.Bool(2),  row.Bool(3),
                           row.Int(4), row.Text(5), row.Text(6), domain::FromMillis(row.Int(7))};
}

domain::Attachment ReadAttachment(const Row& row) {
    return domain::Attachment{row.Int(0),  row.Int(1), row.Text(2),  row.Text(3),
                              row.Int(4),  row.Text(5), row.Int(6), row.Bool(7),
                              domain::FromMillis(row.Int(8))};
}

std::int64_t ReadCount(const Row& row) { return row.Int(0); }

domain::Result<std::int64_t> ReturnedId(domain::Result<QueryResult> result) {
    return FirstRow<std::int64_t>(std::move(result), ReadCount, "no id returned");
}

domain::Result<void> Done(domain::Result<QueryResult> result) {
    if (!result) return std::unexpected(result.error());
    return {};
}

}  // namespace

domain::Result<std::vector<domain::Category>> PostgresCategoryRepository::List() {
    return CollectRows<domain::Category>(
        connection_.Query("SELECT id, parent_id, code, name_zh, name_en, active, sort_order FROM categories "
                          "ORDER BY sort_order, id"),
        ReadCategory);
}

domain::Result<domain::Category> PostgresCategoryRepository::Get(std::int64_t id) {
    return FirstRow<domain::Category>(
        connection_.Query("SELECT id, parent_id, code, name_zh, name_en, active, sort_order FROM categories "
                          "WHERE id = ?",
                          id),
        ReadCategory, "category " + std::to_string(id) + " does not exist");
}

domain::Result<void> PostgresCategoryRepository::Insert(domain::Category& c) {
    auto inserted = connection_.Query(
        "INSERT INTO categories (parent_id, code, name_zh, name_en, active, sort_order) VALUES (?,?,?,?,?,?) "
        "ON CONFLICT DO NOTHING RETURNING id",
        c.parent_id, c.code, c.name_zh, c.name_en, c.active, c.sort_order);
    if (!inserted) return std::unexpected(inserted.error());
    if (inserted->Rows() == 0) return Fail(ErrorCode::kConflict, "category code '" + c.code + "' is already taken");
    c.id = inserted->At(0).Int(0);
    return {};
}

domain::Result<void> PostgresCategoryRepository::Update(const domain::Category& c) {
    auto changed = AffectedRows(connection_.QueryGuarded(
        "UPDATE categories SET parent_id = ?, code = ?, name_zh = ?, name_en = ?, active = ?, sort_order = ? "
        "WHERE id = ?",
        c.parent_id, c.code, c.name_zh, c.name_en, c.active, c.sort_order, c.id));
    if (!changed) {
        if (changed.error().code == ErrorCode::kConflict)
            return Fail(ErrorCode::kConflict, "category code '" + c.code + "' is already taken");
        return std::unexpected(changed.error());
    }
    if (*changed == 0) return Fail(ErrorCode::kNotFound, "category does not exist");
    return {};
}

domain::Result<void> PostgresMessageRepository::Insert(domain::Message& m) {
    auto id = ReturnedId(connection_.Query(
        "INSERT INTO messages (complaint_id, customer_visible, from_customer, author_id, author_name, body, "
        "created_at) VALUES (?,?,?,?,?,?,?) RETURNING id",
        m.complaint_id, m.customer_visible, m.from_customer, m.author_id, m.author_name, m.body,
        domain::ToMillis(m.created_at)));
    if (!id) return std::unexpected(id.error());
    m.id = *id;
    return complaints_.Reindex(m.complaint_id);
}

domain::Result<std::vector<domain::Message>> PostgresMessageRepository::ListForComplaint(std::int64_t complaint_id,
                                                                                         bool include_internal) {
    return CollectRows<domain::Message>(
        connection_.Query("SELECT id, complaint_id, customer_visible, from_customer, author_id, author_name, body, "
                          "created_at FROM messages WHERE complaint_id = ? AND (?::boolean OR customer_visible) "
                          "ORDER BY id",
                          complaint_id, include_internal),
        ReadMessage);
}

domain::Result<void> PostgresAttachmentRepository::Insert(domain::Attachment& a) {
    auto id = ReturnedId(connection_.Query(
        "INSERT INTO attachments (complaint_id, filename, content_type, size, sha256, uploaded_by, customer_visible, "
        "created_at) VALUES (?,?,?,?,?,?,?,?) RETURNING id",
        a.complaint_id, a.filename, a.content_type, a.size, a.sha256, a.uploaded_by, a.customer_visible,
        domain::ToMillis(a.created_at)));
    if (!id) return std::unexpected(id.error());
    a.id = *id;
    return {};
}

domain::Result<domain::Attachment> PostgresAttachmentRepository::Get(std::int64_t id) {
    return FirstRow<domain::Attachment>(
        connection_.Query("SELECT id, complaint_id, filename, content_type, size, sha256, uploaded_by, "
                          "customer_visible, created_at FROM attachments WHERE id = ?",
                          id),
        ReadAttachment, "attachment " + std::to_string(id) + " does not exist");
}

domain::Result<std::vector<domain::Attachment>> PostgresAttachmentRepository::ListForComplaint(
    std::int64_t complaint_id) {
    return CollectRows<domain::Attachment>(
        connection_.Query("SELECT id, complaint_id, filename, content_type, size, sha256, uploaded_by, "
                          "customer_visible, created_at FROM attachments WHERE complaint_id = ? ORDER BY id",
                          complaint_id),
        ReadAttachment);
}

domain::Result<std::optional<domain::IdempotentResponse>> PostgresIdempotencyRepository::Get(std::string_view scope,
                                                                                             std::string_view key) {
    auto found = FirstRow<domain::IdempotentResponse>(
        connection_.Query("SELECT request_digest, status, body, created_at FROM idempotency_keys "
                          "WHERE scope = ? AND key = ?",
                          scope, key),
        [](const Row& row) {
            return domain::IdempotentResponse{row.Text(0), static_cast<int>(row.Int(1)), row.Text(2),
                                              domain::FromMillis(row.Int(3))};
        },
        "");
    if (found) return std::optional(std::move(*found));
    if (found.error().code == ErrorCode::kNotFound) return std::optional<domain::IdempotentResponse>();
    return std::unexpected(found.error());
}

domain::Result<void> PostgresIdempotencyRepository::Put(std::string_view scope, std::string_view key,
                                                        const domain::IdempotentResponse& r) {
    auto changed = AffectedRows(connection_.Query(
        "INSERT INTO idempotency_keys (scope, key, request_digest, status, body, created_at) VALUES (?,?,?,?,?,?) "
        "ON CONFLICT DO NOTHING",
        scope, key, r.request_digest, r.status, r.body, domain::ToMillis(r.created_at)));
    if (!changed) return std::unexpected(changed.error());
    if (*changed == 0) return Fail(ErrorCode::kConflict, "the idempotency key '" + std::string(key) + "' is already used");
    return {};
}

domain::Result<std::int64_t> PostgresIdempotencyRepository::DeleteBefore(domain::Instant cutoff) {
    return AffectedRows(connection_.Query("DELETE FROM idempotency_keys WHERE created_at < ?", domain::ToMillis(cutoff)));
}

domain::Result<std::int64_t> PostgresThrottleRepository::Hit(std::string_view key, domain::Instant window_start) {
    return FirstRow<std::int64_t>(
        connection_.Query("INSERT INTO throttle_counters (key, window_start, count) VALUES (?, ?, 1) "
                          "ON CONFLICT (key, window_start) DO UPDATE SET count = throttle_counters.count + 1 "
                          "RETURNING count",
                          key, domain::ToMillis(window_start)),
        ReadCount, "no count");
}

domain::Result<std::int64_t> PostgresThrottleRepository::Count(std::string_view key, domain::Instant window_start) {
    return FirstRow<std::int64_t>(
        connection_.Query("SELECT COALESCE(SUM(count), 0) FROM throttle_counters WHERE key = ? AND window_start = ?",
                          key, domain::ToMillis(window_start)),
        ReadCount, "no count");
}

domain::Result<void> PostgresThrottleRepository::Release(std::string_view key, domain::Instant window_start) {
    return Done(connection_.Query(
        "UPDATE throttle_counters SET count = count - 1 WHERE key = ? AND window_start = ? AND count > 0", key,
        domain::ToMillis(window_start)));
}

domain::Result<domain::Backoff> PostgresThrottleRepository::GetBackoff(std::string_view key) {
    auto found = FirstRow<domain::Backoff>(
        connection_.Query("SELECT count, window_start FROM throttle_counters WHERE key = ? ORDER BY window_start DESC "
                          "LIMIT 1",
                          key),
        [](const Row& row) { return domain::Backoff{row.Int(0), domain::FromMillis(row.Int(1))}; }, "");
    if (found) return found;
    if (found.error().code == ErrorCode::kNotFound) return domain::Backoff{};
    return std::unexpected(found.error());
}

domain::Result<void> PostgresThrottleRepository::PutBackoff(std::string_view key, const domain::Backoff& backoff) {
    if (auto cleared = Clear(key); !cleared) return cleared;
    return Done(connection_.Query("INSERT INTO throttle_counters (key, window_start, count) VALUES (?, ?, ?)", key,
                                  domain::ToMillis(backoff.last_failure_at), backoff.failures));
}

domain::Result<void> PostgresThrottleRepository::Clear(std::string_view key) {
    return Done(connection_.Query("DELETE FROM throttle_counters WHERE key = ?", key));
}

domain::Result<std::int64_t> PostgresThrottleRepository::DeleteBefore(domain::Instant cutoff) {
    return AffectedRows(
        connection_.Query("DELETE FROM throttle_counters WHERE window_start < ?", domain::ToMillis(cutoff)));
}

domain::Result<std::optional<std::string>> PostgresSettingsRepository::Get(std::string_view key) {
    auto found = FirstRow<std::string>(connection_.Query("SELECT value FROM settings WHERE key = ?", key),
                                       [](const Row& row) { return row.Text(0); }, "");
    if (found) return std::optional(std::move(*found));
    if (found.error().code == ErrorCode::kNotFound) return std::optional<std::string>();
    return std::unexpected(found.error());
}

domain::Result<void> PostgresSettingsRepository::Put(std::string_view key, std::string_view value) {
    return Done(connection_.Query(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key,
        value));
}

}  // namespace kesu::storage::postgres
