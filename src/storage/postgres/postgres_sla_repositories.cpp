#include "storage/postgres/postgres_sla_repositories.hpp"

#include <nlohmann/json.hpp>

#include "codec/sla_json.hpp"
#include "storage/common/complaint_rows.hpp"
#include "storage/common/sla_rows.hpp"

namespace kesu::storage::postgres {

using domain::ErrorCode;
using domain::Fail;
using nlohmann::json;

namespace {

using common::DecodeJson;
using common::OptionalMillis;

domain::Result<domain::StoredClock> ReadClock(const Row& row) { return common::ClockFromRow(row); }
domain::Notification ReadNotification(const Row& row) { return common::NotificationFromRow(row); }

domain::Result<void> Done(domain::Result<QueryResult> result) {
    if (!result) return std::unexpected(result.error());
    return {};
}

domain::Result<std::int64_t> ReturnedId(domain::Result<QueryResult> result) {
    return FirstRow<std::int64_t>(std::move(result), [](const Row& row) { return row.Int(0); }, "no id returned");
}

domain::Result<std::vector<domain::StoredClock>> ReadClocks(domain::Result<QueryResult> result) {
    if (!result) return std::unexpected(result.error());
    std::vector<domain::StoredClock> clocks;
    for (int i = 0; i < result->Rows(); ++i) {
        auto clock = ReadClock(result->At(i));
        if (!clock) return std::unexpected(clock.error());
        clocks.push_back(std::move(*clock));
    }
    return clocks;
}

}  // namespace

domain::Result<std::vector<domain::BusinessCalendar>> PostgresSlaRepository::ListCalendars() {
    auto rows = CollectRows<std::string>(connection_.Query("SELECT definition FROM calendars ORDER BY id"),
                                         [](const Row& row) { return row.Text(0); });
    if (!rows) return std::unexpected(rows.error());
    std::vector<domain::BusinessCalendar> calendars;
    for (const auto& text : *rows) {
        auto calendar = DecodeJson<domain::BusinessCalendar>(text, codec::CalendarFromJson);
        if (!calendar) return std::unexpected(calendar.error());
        calendars.push_back(std::move(*calendar));
    }
    return calendars;
}

domain::Result<domain::BusinessCalendar> PostgresSlaRepository::GetCalendar(std::string_view id) {
    auto text = FirstRow<std::string>(connection_.Query("SELECT definition FROM calendars WHERE id = ?", id),
                                      [](const Row& row) { return row.Text(0); },
                                      "calendar " + std::string(id) + " does not exist");
    if (!text) return std::unexpected(text.error());
    return DecodeJson<domain::BusinessCalendar>(*text, codec::CalendarFromJson);
}

domain::Result<void> PostgresSlaRepository::PutCalendar(const domain::BusinessCalendar& calendar) {
    return Done(connection_.Query(
        "INSERT INTO calendars (id, definition) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET definition = excluded.definition",
        calendar.id, codec::CalendarToJson(calendar).dump()));
}

domain::Result<std::optional<domain::SlaPolicy>> PostgresSlaRepository::GetPolicy(std::string_view id) {
    auto text = FirstRow<std::string>(connection_.Query("SELECT definition FROM sla_policies WHERE id = ?", id),
                                      [](const Row& row) { return row.Text(0); }, "");
    if (!text) {
        if (text.error().code == ErrorCode::kNotFound) return std::optional<domain::SlaPolicy>();
        return std::unexpected(text.error());
    }
    auto policy = DecodeJson<domain::SlaPolicy>(*text, codec::PolicyFromJson);
    if (!policy) return std::unexpected(policy.error());
    return std::optional(std::move(*policy));
}

domain::Result<void> PostgresSlaRepository::PutPolicy(const domain::SlaPolicy& policy) {
    return Done(connection_.Query(
        "INSERT INTO sla_policies (id, definition) VALUES (?, ?) "
        "ON CONFLICT (id) DO UPDATE SET definition = excluded.definition",
        policy.id, codec::PolicyToJson(policy).dump()));
}

domain::Result<std::vector<domain::StoredClock>> PostgresSlaRepository::ListClocks(std::int64_t complaint_id) {
    return ReadClocks(connection_.Query(
        "SELECT id, complaint_id, definition FROM sla_clocks WHERE complaint_id = ? ORDER BY id", complaint_id));
}

domain::Result<domain::StoredClock> PostgresSlaRepository::GetClock(std::int64_t clock_id) {
    auto clocks = ReadClocks(connection_.Query("SELECT id, complaint_id, definition FROM sla_clocks WHERE id = ?", clock_id));
    if (!clocks) return std::unexpected(clocks.error());
    if (clocks->empty()) return Fail(ErrorCode::kNotFound, "clock " + std::to_string(clock_id) + " does not exist");
    return std::move(clocks->front());
}

domain::Result<void> PostgresSlaRepository::InsertClock(domain::StoredClock& stored) {
    const domain::SlaClock& c = stored.clock;
    auto id = ReturnedId(connection_.Query(
        "INSERT INTO sla_clocks (complaint_id, target, state, rule_name, started_at, due_at, stopped_at, breach_count, "
        "definition) VALUES (?,?,?,?,?,?,?,?,?) RETURNING id",
        stored.complaint_id, domain::NameOf(c.target), domain::NameOf(c.state), c.rule_name,
        domain::ToMillis(c.started_at), domain::ToMillis(c.due_at), OptionalMillis(c.stopped_at),
        static_cast<std::int64_t>(c.breaches.size()), codec::ClockToJsonText(c)));
    if (!id) return std::unexpected(id.error());
    stored.id = *id;
    return {};
}

domain::Result<void> PostgresSlaRepository::UpdateClock(const domain::StoredClock& stored) {
    const domain::SlaClock& c = stored.clock;
    return Done(connection_.Query(
        "UPDATE sla_clocks SET state = ?, rule_name = ?, due_at = ?, stopped_at = ?, breach_count = ?, definition = ? "
        "WHERE id = ?",
        domain::NameOf(c.state), c.rule_name, domain::ToMillis(c.due_at), OptionalMillis(c.stopped_at),
        static_cast<std::int64_t>(c.breaches.size()), codec::ClockToJsonText(c), stored.id));
}

domain::Result<void> PostgresTimerRepository::Schedule(std::string_view kind, std::int64_t subject_id,
                                                       domain::Instant due_at) {
    return Done(connection_.Query(
        "INSERT INTO timers (kind, subject_id, due_at) VALUES (?, ?, ?) ON CONFLICT (kind, subject_id) DO UPDATE SET "
        "due_at = excluded.due_at, lease_owner = NULL, lease_until = NULL, attempts = 0",
        kind, subject_id, domain::ToMillis(due_at)));
}

domain::Result<void> PostgresTimerRepository::Cancel(std::string_view kind, std::int64_t subject_id) {
    return Done(connection_.Query("DELETE FROM timers WHERE kind = ? AND subject_id = ?", kind, subject_id));
}

domain::Result<std::vector<domain::Timer>> PostgresTimerRepository::Lease(domain::Instant now, std::string_view owner,
                                                                          domain::Instant lease_until, int limit) {
    // SKIP LOCKED: timers another node is leasing right now are left to it instead of waited for.
    return CollectRows<domain::Timer>(
        connection_.Query("UPDATE timers SET lease_owner = ?, lease_until = ?, attempts = attempts + 1 "
                          "WHERE id IN (SELECT id FROM timers WHERE due_at <= ? AND "
                          "(lease_until IS NULL OR lease_until <= ?) ORDER BY due_at LIMIT ? FOR UPDATE SKIP LOCKED) "
                          "RETURNING id, kind, subject_id, due_at, attempts",
                          owner, domain::ToMillis(lease_until), domain::ToMillis(now), domain::ToMillis(now), limit),
        [](const Row& row) {
            return domain::Timer{row.Int(0), row.Text(1), row.Int(2), domain::FromMillis(row.Int(3)),
                                 static_cast<int>(row.Int(4))};
        });
}

domain::Result<bool> PostgresTimerRepository::StillHeld(std::int64_t timer_id, std::string_view owner) {
    auto held = FirstRow<bool>(
        connection_.Query("SELECT lease_owner IS NOT DISTINCT FROM ?::text FROM timers WHERE id = ?", owner, timer_id),
        [](const Row& row) { return row.Bool(0); }, "");
    if (!held && held.error().code == ErrorCode::kNotFound) return false;
    return held;
}

domain::Result<std::optional<domain::Instant>> PostgresTimerRepository::NextDue() {
    auto due = FirstRow<std::optional<std::int64_t>>(connection_.Query("SELECT MIN(due_at) FROM timers"),
                                                     [](const Row& row) { return row.OptionalInt(0); }, "");
    if (!due) return std::unexpected(due.error());
    if (!*due) return std::optional<domain::Instant>();
    return std::optional(domain::FromMillis(**due));
}

domain::Result<void> PostgresOutboxRepository::Insert(domain::Notification& n) {
    auto id = ReturnedId(connection_.Query(
        "INSERT INTO outbox (recipient_user_id, channel, complaint_id, complaint_number, kind, title, body, created_at, "
        "read_at, delivered_at) VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id",
        n.recipient_user_id, n.channel, n.complaint_id, n.complaint_number, n.kind, n.title, n.body,
        domain::ToMillis(n.created_at), OptionalMillis(n.read_at), OptionalMillis(n.delivered_at)));
    if (!id) return std::unexpected(id.error());
    n.id = *id;
    return {};
}

domain::Result<std::vector<domain::Notification>> PostgresOutboxRepository::ListForUser(std::int64_t user_id,
                                                                                        bool unread_only, int limit) {
    return CollectRows<domain::Notification>(
        connection_.Query(std::string(common::kSelectNotifications) +
                              " WHERE recipient_user_id = ? AND channel = 'in_app' AND (NOT ?::boolean OR read_at IS NULL) "
                              "ORDER BY id DESC LIMIT ?",
                          user_id, unread_only, limit),
        ReadNotification);
}

domain::Result<std::int64_t> PostgresOutboxRepository::CountUnread(std::int64_t user_id) {
    return FirstRow<std::int64_t>(
        connection_.Query(
            "SELECT COUNT(*) FROM outbox WHERE recipient_user_id = ? AND channel = 'in_app' AND read_at IS NULL",
            user_id),
        [](const Row& row) { return row.Int(0); }, "");
}

domain::Result<bool> PostgresOutboxRepository::MarkRead(std::int64_t user_id, std::int64_t id, domain::Instant at) {
    auto changed = AffectedRows(connection_.Query(
        "UPDATE outbox SET read_at = COALESCE(read_at, ?) WHERE id = ? AND recipient_user_id = ? AND channel = 'in_app'",
        domain::ToMillis(at), id, user_id));
    if (!changed) return std::unexpected(changed.error());
    return *changed == 1;
}

domain::Result<std::int64_t> PostgresOutboxRepository::MarkAllRead(std::int64_t user_id, domain::Instant at) {
    return AffectedRows(connection_.Query(
        "UPDATE outbox SET read_at = ? WHERE recipient_user_id = ? AND channel = 'in_app' AND read_at IS NULL",
        domain::ToMillis(at), user_id));
}

domain::Result<std::vector<domain::Notification>> PostgresOutboxRepository::Pending(std::string_view channel, int limit) {
    std::string sql = std::string(common::kSelectNotifications) + " WHERE channel = ? AND delivered_at IS NULL ORDER BY id LIMIT ?";
    if (writable_) sql += " FOR UPDATE SKIP LOCKED";
    return CollectRows<domain::Notification>(connection_.Query(sql, channel, limit), ReadNotification);
}

namespace {

domain::ReplyTemplate ReadTemplate(const Row& row) {
    return domain::ReplyTemplate{row.Int(0), row.Text(1), row.Text(2), row.OptionalInt(3), row.Bool(4),
                                 static_cast<int>(row.Int(5))};
}

}  // namespace

domain::Result<std::vector<domain::ReplyTemplate>> PostgresTemplateRepository::ListTemplates() {
    return CollectRows<domain::ReplyTemplate>(
        connection_.Query("SELECT id, name, body, category_id, active, version FROM reply_templates ORDER BY name"),
        ReadTemplate);
}

domain::Result<domain::ReplyTemplate> PostgresTemplateRepository::GetTemplate(std::int64_t id) {
    return FirstRow<domain::ReplyTemplate>(
        connection_.Query("SELECT id, name, body, category_id, active, version FROM reply_templates WHERE id = ?", id),
        ReadTemplate, "template " + std::to_string(id) + " does not exist");
}

domain::Result<void> PostgresTemplateRepository::InsertTemplate(domain::ReplyTemplate& t) {
    auto inserted = connection_.Query(
        "INSERT INTO reply_templates (name, body, category_id, active, version) VALUES (?,?,?,?,?) "
        "ON CONFLICT DO NOTHING RETURNING id",
        t.name, t.body, t.category_id, t.active, t.version);
    if (!inserted) return std::unexpected(inserted.error());
    if (inserted->Rows() == 0) return Fail(ErrorCode::kConflict, "a template with this name exists");
    t.id = inserted->At(0).Int(0);
    return {};
}

domain::Result<void> PostgresTemplateRepository::UpdateTemplate(const domain::ReplyTemplate& t, int expected_version) {
    auto changed = AffectedRows(connection_.QueryGuarded(
        "UPDATE reply_templates SET name = ?, body = ?, category_id = ?, active = ?, version = ? "
        "WHERE id = ? AND version = ?",
        t.name, t.body, t.category_id, t.active, t.version, t.id, expected_version));
    if (!changed) {
        if (changed.error().code == ErrorCode::kConflict) return Fail(ErrorCode::kConflict, "a template with this name exists");
        return std::unexpected(changed.error());
    }
    if (*changed == 0) return Fail(ErrorCode::kStaleVersion, "the template was changed by someone else; reload");
    return {};
}

domain::Result<void> PostgresTemplateRepository::DeleteTemplate(std::int64_t id) {
    auto changed = AffectedRows(connection_.Query("DELETE FROM reply_templates WHERE id = ?", id));
    if (!changed) return std::unexpected(changed.error());
    if (*changed == 0) return Fail(ErrorCode::kNotFound, "template " + std::to_string(id) + " does not exist");
    return {};
}

domain::Result<std::vector<domain::SavedView>> PostgresTemplateRepository::ListViews(std::int64_t user_id) {
    return CollectRows<domain::SavedView>(
        connection_.Query("SELECT id, user_id, name, query, created_at FROM saved_views WHERE user_id = ? ORDER BY id",
                          user_id),
        [](const Row& row) {
            return domain::SavedView{row.Int(0), row.Int(1), row.Text(2), row.Text(3), domain::FromMillis(row.Int(4))};
        });
}

domain::Result<void> PostgresTemplateRepository::InsertView(domain::SavedView& view) {
    auto id = ReturnedId(connection_.Query(
        "INSERT INTO saved_views (user_id, name, query, created_at) VALUES (?,?,?,?) RETURNING id", view.user_id,
        view.name, view.query, domain::ToMillis(view.created_at)));
    if (!id) return std::unexpected(id.error());
    view.id = *id;
    return {};
}

domain::Result<bool> PostgresTemplateRepository::DeleteView(std::int64_t user_id, std::int64_t view_id) {
    auto changed = AffectedRows(connection_.Query("DELETE FROM saved_views WHERE id = ? AND user_id = ?", view_id, user_id));
    if (!changed) return std::unexpected(changed.error());
    return *changed == 1;
}

}  // namespace kesu::storage::postgres
