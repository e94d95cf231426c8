#include "storage/sqlite/sqlite_audit_repository.hpp"

#include "storage/common/complaint_codec.hpp"

namespace kesu::storage::sqlite {

namespace {
constexpr const char* kColumns =
    "seq, complaint_id, actor_id, actor_name, actor_role, at, action, changes, text, customer_visible, request_id, "
    "prev_hash, hash";
}  // namespace

domain::Result<void> SqliteAuditRepository::Append(domain::AuditEvent& event) {
    auto head = connection_.Prepare("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1");
    if (!head) return std::unexpected(head.error());
    auto row = head->Step();
    if (!row) return std::unexpected(row.error());
    event.seq = *row ? head->Int(0) + 1 : 1;
    event.prev_hash = *row ? head->Text(1) : "";
    event.hash = hasher_.Hash(event);
    auto insert = connection_.Prepare(std::string("INSERT INTO audit_events (") + kColumns +
                                      ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!insert) return std::unexpected(insert.error());
    insert->Bind(event.seq, event.complaint_id, event.actor_id, event.actor_name, event.actor_role,
                 domain::ToMillis(event.at), event.action, common::EncodeChanges(event.changes), event.text,
                 event.customer_visible, event.request_id, event.prev_hash, event.hash);
    return insert->Run();
}

domain::Result<std::vector<domain::AuditEvent>> SqliteAuditRepository::Collect(Statement& statement) {
    std::vector<domain::AuditEvent> events;
    for (;;) {
        auto row = statement.Step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        domain::AuditEvent e;
        e.seq = statement.Int(0);
        e.complaint_id = statement.OptionalInt(1);
        e.actor_id = statement.Int(2);
        e.actor_name = statement.Text(3);
        e.actor_role = statement.Text(4);
        e.at = domain::FromMillis(statement.Int(5));
        e.action = statement.Text(6);
        auto changes = common::DecodeChanges(statement.Text(7));
        if (!changes) return std::unexpected(changes.error());
        e.changes = std::move(*changes);
        e.text = statement.Text(8);
        e.customer_visible = statement.Int(9) != 0;
        e.request_id = statement.Text(10);
        e.prev_hash = statement.Text(11);
        e.hash = statement.Text(12);
        events.push_back(std::move(e));
    }
    return events;
}

domain::Result<std::vector<domain::AuditEvent>> SqliteAuditRepository::ListForComplaint(std::int64_t complaint_id) {
    auto statement = connection_.Prepare(std::string("SELECT ") + kColumns +
                                         " FROM audit_events WHERE complaint_id = ? ORDER BY seq");
    if (!statement) return std::unexpected(statement.error());
    statement->Bind(complaint_id);
    return Collect(*statement);
}

domain::Result<std::vector<domain::AuditEvent>> SqliteAuditRepository::ListAfter(std::int64_t after_seq, int limit) {
    auto statement = connection_.Prepare(std::string("SELECT ") + kColumns +
                                         " FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?");
    if (!statement) return std::unexpected(statement.error());
    statement->Bind(after_seq, limit);
    return Collect(*statement);
}

domain::Result<std::vector<domain::AuditEvent>> SqliteAuditRepository::Search(std::optional<std::int64_t> actor_id,
                                                                              std::optional<std::int64_t> before_seq,
                                                                              int limit) {
    // Two statements, not "(? IS NULL OR actor_id = ?)": the planner cannot use audit_by_actor for that form, and
    // walked the whole trail back to find a rarely seen actor's events.
    std::int64_t before = before_seq.value_or(INT64_MAX);
    auto statement =
        actor_id ? connection_.Query(std::string("SELECT ") + kColumns +
                                         " FROM audit_events WHERE actor_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?",
                                     *actor_id, before, limit)
                 : connection_.Query(
                       std::string("SELECT ") + kColumns + " FROM audit_events WHERE seq < ? ORDER BY seq DESC LIMIT ?",
                       before, limit);
    if (!statement) return std::unexpected(statement.error());
    return Collect(*statement);
}

}  // namespace kesu::storage::sqlite
