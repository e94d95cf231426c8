#include "storage/postgres/postgres_audit_repository.hpp"

#include <limits>

#include "storage/common/complaint_codec.hpp"

namespace kesu::storage::postgres {

namespace {
constexpr const char* kColumns =
    "seq, complaint_id, actor_id, actor_name, actor_role, at, action, changes, text, customer_visible, request_id, "
    "prev_hash, hash";
}  // namespace

domain::Result<void> PostgresAuditRepository::Append(domain::AuditEvent& event) {
    // The write lock every write transaction holds serialises this read-then-insert across nodes.
    auto head = connection_.Query("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1");
    if (!head) return std::unexpected(head.error());
    const bool has_head = head->Rows() > 0;
    event.seq = has_head ? head->At(0).Int(0) + 1 : 1;
    event.prev_hash = has_head ? head->At(0).Text(1) : "";
    event.hash = hasher_.Hash(event);
    auto inserted =
        connection_.Query(std::string("INSERT INTO audit_events (") + kColumns + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                          event.seq, event.complaint_id, event.actor_id, event.actor_name, event.actor_role,
                          domain::ToMillis(event.at), event.action, common::EncodeChanges(event.changes), event.text,
                          event.customer_visible, event.request_id, event.prev_hash, event.hash);
    if (!inserted) return std::unexpected(inserted.error());
    return {};
}

domain::Result<std::vector<domain::AuditEvent>> PostgresAuditRepository::Collect(domain::Result<QueryResult> rows) {
    if (!rows) return std::unexpected(rows.error());
    std::vector<domain::AuditEvent> events;
    events.reserve(static_cast<std::size_t>(rows->Rows()));
    for (int i = 0; i < rows->Rows(); ++i) {
        const Row row = rows->At(i);
        domain::AuditEvent e;
        e.seq = row.Int(0);
        e.complaint_id = row.OptionalInt(1);
        e.actor_id = row.Int(2);
        e.actor_name = row.Text(3);
        e.actor_role = row.Text(4);
        e.at = domain::FromMillis(row.Int(5));
        e.action = row.Text(6);
        auto changes = common::DecodeChanges(row.View(7));
        if (!changes) return std::unexpected(changes.error());
        e.changes = std::move(*changes);
        e.text = row.Text(8);
        e.customer_visible = row.Bool(9);
        e.request_id = row.Text(10);
        e.prev_hash = row.Text(11);
        e.hash = row.Text(12);
        events.push_back(std::move(e));
    }
    return events;
}

domain::Result<std::vector<domain::AuditEvent>> PostgresAuditRepository::ListForComplaint(std::int64_t complaint_id) {
    return Collect(connection_.Query(
        std::string("SELECT ") + kColumns + " FROM audit_events WHERE complaint_id = ? ORDER BY seq", complaint_id));
}

domain::Result<std::vector<domain::AuditEvent>> PostgresAuditRepository::ListAfter(std::int64_t after_seq, int limit) {
    return Collect(connection_.Query(
        std::string("SELECT ") + kColumns + " FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?", after_seq, limit));
}

domain::Result<std::vector<domain::AuditEvent>> PostgresAuditRepository::Search(std::optional<std::int64_t> actor_id,
                                                                                std::optional<std::int64_t> before_seq,
                                                                                int limit) {
    // Two statements, not "(? IS NULL OR actor_id = ?)": a generic plan for that form cannot use audit_by_actor.
    std::int64_t before = before_seq.value_or(std::numeric_limits<std::int64_t>::max());
    if (actor_id)
        return Collect(
            connection_.Query(std::string("SELECT ") + kColumns +
                                  " FROM audit_events WHERE actor_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?",
                              *actor_id, before, limit));
    return Collect(connection_.Query(
        std::string("SELECT ") + kColumns + " FROM audit_events WHERE seq < ? ORDER BY seq DESC LIMIT ?", before,
        limit));
}

}  // namespace kesu::storage::postgres
