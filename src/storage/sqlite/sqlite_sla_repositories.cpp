#include "storage/sqlite/sqlite_sla_repositories.hpp"

#include <nlohmann/json.hpp>

#include "codec/sla_json.hpp"
#include "storage/common/complaint_rows.hpp"
#include "storage/common/sla_rows.hpp"

namespace kesu::storage::sqlite {

using domain::ErrorCode;
using domain::Fail;
using nlohmann::json;

namespace {

using common::DecodeJson;
using common::OptionalMillis;

domain::Result<domain::StoredClock> ReadClock(const Statement& row) { return common::ClockFromRow(row); }
domain::Notification ReadNotification(const Statement& row) { return common::NotificationFromRow(row); }

}  // namespace

domain::Result<std::vector<domain::BusinessCalendar>> SqliteSlaRepository::ListCalendars() {
    auto rows = CollectRows<std::string>(connection_.Query("SELECT definition FROM calendars ORDER BY id"),
                                         [](const Statement& row) { return row.Text(0); });
    if (!rows) return std::unexpected(rows.error());
    std::vector<domain::BusinessCalendar> calendars;
    for (const auto& text : *rows) {
        auto calendar = DecodeJson<domain::BusinessCalendar>(text, codec::CalendarFromJson);
        if (!calendar) return std::unexpected(calendar.error());
        calendars.push_back(std::move(*calendar));
    }
    return calendars;
}

domain::Result<domain::BusinessCalendar> SqliteSlaRepository::GetCalendar(std::string_view id) {
    auto text = FirstRow<std::string>(connection_.Query("SELECT definition FROM calendars WHERE id = ?", id),
                                      [](const Statement& row) { return row.Text(0); },
                                      "calendar " + std::string(id) + " does not exist");
    if (!text) return std::unexpected(text.error());
    return DecodeJson<domain::BusinessCalendar>(*text, codec::CalendarFromJson);
}

domain::Result<void> SqliteSlaRepository::PutCalendar(const domain::BusinessCalendar& calendar) {
    return connection_.Run(
        "INSERT INTO calendars (id, definition) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET definition = excluded.definition",
        calendar.id, codec::CalendarToJson(calendar).dump());
}

domain::Result<std::optional<domain::SlaPolicy>> SqliteSlaRepository::GetPolicy(std::string_view id) {
    auto text = FirstRow<std::string>(connection_.Query("SELECT definition FROM sla_policies WHERE id = ?", id),
                                      [](const Statement& row) { return row.Text(0); }, "");
    if (!text) {
        if (text.error().code == ErrorCode::kNotFound) return std::optional<domain::SlaPolicy>();
        return std::unexpected(text.error());
    }
    auto policy = DecodeJson<domain::SlaPolicy>(*text, codec::PolicyFromJson);
    if (!policy) return std::unexpected(policy.error());
    return std::optional(std::move(*policy));
}

domain::Result<void> SqliteSlaRepository::PutPolicy(const domain::SlaPolicy& policy) {
    return connection_.Run(
        "INSERT INTO sla_policies (id, definition) VALUES (?, ?) "
        "ON CONFLICT (id) DO UPDATE SET definition = excluded.definition",
        policy.id, codec::PolicyToJson(policy).dump());
}

domain::Result<std::vector<domain::StoredClock>> SqliteSlaRepository::ListClocks(std::int64_t complaint_id) {
    auto statement = connection_.Query("SELECT id, complaint_id, definition FROM sla_clocks WHERE complaint_id = ? ORDER BY id",
                                       complaint_id);
    if (!statement) return std::unexpected(statement.error());
    std::vector<domain::StoredClock> clocks;
    for (;;) {
        auto row = statement->Step();
        if (!row) return std::unexpected(row.error());
        if (!*row) return clocks;
        auto clock = ReadClock(*statement);
        if (!clock) return std::unexpected(clock.error());
        clocks.push_back(std::move(*clock));
    }
}

domain::Result<domain::StoredClock> SqliteSlaRepository::GetClock(std::int64_t clock_id) {
    auto statement = connection_.Query("SELECT id, complaint_id, definition FROM sla_clocks WHERE id = ?", clock_id);
    if (!statement) return std::unexpected(statement.error());
    auto row = statement->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return Fail(ErrorCode::kNotFound, "clock " + std::to_string(clock_id) + " does not exist");
    return ReadClock(*statement);
}

domain::Result<void> SqliteSlaRepository::InsertClock(domain::StoredClock& stored) {
    const domain::SlaClock& c = stored.clock;
    auto done = connection_.Run(
        "INSERT INTO sla_clocks (complaint_id, target, state, rule_name, started_at, due_at, stopped_at, breach_count, "
        "definition) VALUES (?,?,?,?,?,?,?,?,?)",
        stored.complaint_id, domain::NameOf(c.target), domain::NameOf(c.state), c.rule_name,
        domain::ToMillis(c.started_at), domain::ToMillis(c.due_at), OptionalMillis(c.stopped_at),
        static_cast<std::int64_t>(c.breaches.size()), codec::ClockToJsonText(c));
    if (!done) return done;
    stored.id = connection_.LastInsertId();
    return {};
}

domain::Result<void> SqliteSlaRepository::UpdateClock(const domain::StoredClock& stored) {
    const domain::SlaClock& c = stored.clock;
    return connection_.Run(
        "UPDATE sla_clocks SET state = ?, rule_name = ?, due_at = ?, stopped_at = ?, breach_count = ?, definition = ? "
        "WHERE id = ?",
        domain::NameOf(c.state), c.rule_name, domain::ToMillis(c.due_at), OptionalMillis(c.stopped_at),
        static_cast<std::int64_t>(c.breaches.size()), codec::ClockToJsonText(c), stored.id);
}

domain::Result<void> SqliteTimerRepository::Schedule(std::string_view kind, std::int64_t subject_id, domain::Instant due_at) {
    return connection_.Run(
        "INSERT INTO timers (kind, subject_id, due_at) VALUES (?, ?, ?) ON CONFLICT (kind, subject_id) DO UPDATE SET "
        "due_at = excluded.due_at, lease_owner = NULL, lease_until = NULL, attempts = 0",
        kind, subject_id, domain::ToMillis(due_at));
}

domain::Result<void> SqliteTimerRepository::Cancel(std::string_view kind, std::int64_t subject_id) {
    return connection_.Run("DELETE FROM timers WHERE kind = ? AND subject_id = ?", kind, subject_id);
}

domain::Result<std::vector<domain::Timer>> SqliteTimerRepository::Lease(domain::Instant now, std::string_view owner,
                                                                        domain::Instant lease_until, int limit) {
    return CollectRows<domain::Timer>(
        connection_.Query("UPDATE timers SET lease_owner = ?, lease_until = ?, attempts = attempts + 1 "
                          "WHERE id IN (SELECT id FROM timers WHERE due_at <= ? AND (lease_until IS NULL OR lease_until <= ?) "
                          "ORDER BY due_at LIMIT ?) RETURNING id, kind, subject_id, due_at, attempts",
                          owner, domain::ToMillis(lease_until), domain::ToMillis(now), domain::ToMillis(now), limit),
        [](const Statement& row) {
            return domain::Timer{row.Int(0), row.Text(1), row.Int(2), domain::FromMillis(row.Int(3)),
                                 static_cast<int>(row.Int(4))};
        });
}

domain::Result<bool> SqliteTimerRepository::StillHeld(std::int64_t timer_id, std::string_view owner) {
    auto held = FirstRow<bool>(connection_.Query("SELECT lease_owner = ? FROM timers WHERE id = ?", owner, timer_id),
                               [](const Statement& row) { return row.Int(0) != 0; }, "");
    if (!held && held.error().code == ErrorCode::kNotFound) return false;
    return held;
}

domain::Result<std::optional<domain::Instant>> SqliteTimerRepository::NextDue() {
    auto due = FirstRow<std::optional<std::int64_t>>(connection_.Query("SELECT MIN(due_at) FROM timers"),
                                                     [](const Statement& row) { return row.OptionalInt(0); }, "");
    if (!due) return std::unexpected(due.error());
    if (!*due) return std::optional<domain::Instant>();
    return std::optional(domain::FromMillis(**due));
}

domain::Result<void> SqliteOutboxRepository::Insert(domain::Notification& n) {
    auto done = connection_.Run(
        "INSERT INTO outbox (recipient_user_id, channel, complaint_id, complaint_number, kind, title, body, created_at, "
        "read_at, delivered_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        n.recipient_user_id, n.channel, n.complaint_id, n.complaint_number, n.kind, n.title, n.body,
        domain::ToMillis(n.created_at), OptionalMillis(n.read_at), OptionalMillis(n.delivered_at));
    if (!done) return done;
    n.id = connection_.LastInsertId();
    return {};
}

domain::Result<std::vector<domain::Notification>> SqliteOutboxRepository::ListForUser(std::int64_t user_id,
                                                                                      bool unread_only, int limit) {
    return CollectRows<domain::Notification>(
        connection_.Query(std::string(common::kSelectNotifications) +
                              " WHERE recipient_user_id = ? AND channel = 'in_app' AND (? = 0 OR read_at IS NULL) "
                              "ORDER BY id DESC LIMIT ?",
                          user_id, unread_only, limit),
        ReadNotification);
}

domain::Result<std::int64_t> SqliteOutboxRepository::CountUnread(std::int64_t user_id) {
    return FirstRow<std::int64_t>(
        connection_.Query("SELECT COUNT(*) FROM outbox WHERE recipient_user_id = ? AND channel = 'in_app' AND read_at IS NULL",
                          user_id),
        [](const Statement& row) { return row.Int(0); }, "");
}

domain::Result<bool> SqliteOutboxRepository::MarkRead(std::int64_t user_id, std::int64_t id, domain::Instant at) {
    auto done = connection_.Run(
        "UPDATE outbox SET read_at = COALESCE(read_at, ?) WHERE id = ? AND recipient_user_id = ? AND channel = 'in_app'",
        domain::ToMillis(at), id, user_id);
    if (!done) return std::unexpected(done.error());
    return connection_.Changes() == 1;
}

domain::Result<std::int64_t> SqliteOutboxRepository::MarkAllRead(std::int64_t user_id, domain::Instant at) {
    auto done = connection_.Run(
        "UPDATE outbox SET read_at = ? WHERE recipient_user_id = ? AND channel = 'in_app' AND read_at IS NULL",
        domain::ToMillis(at), user_id);
    if (!done) return std::unexpected(done.error());
    return connection_.Changes();
}

domain::Result<std::vector<domain::Notification>> SqliteOutboxRepository::Pending(std::string_view channel, int limit) {
    return CollectRows<domain::Notification>(
        connection_.Query(std::string(common::kSelectNotifications) + " WHERE channel = ? AND delivered_at IS NULL ORDER BY id LIMIT ?",
                          channel, limit),
        ReadNotification);
}

namespace {

domain::ReplyTemplate ReadTemplate(const Statement& row) {
    return domain::ReplyTemplate{row.Int(0), row.Text(1), row.Text(2), row.OptionalInt(3), row.Int(4) != 0,
                                 static_cast<int>(row.Int(5))};
}

}  // namespace

domain::Result<std::vector<domain::ReplyTemplate>> SqliteTemplateRepository::ListTemplates() {
    return CollectRows<domain::ReplyTemplate>(
        connection_.Query("SELECT id, name, body, category_id, active, version FROM reply_templates ORDER BY name"),
        ReadTemplate);
}

domain::Result<domain::ReplyTemplate> SqliteTemplateRepository::GetTemplate(std::int64_t id) {
    return FirstRow<domain::ReplyTemplate>(
        connection_.Query("SELECT id, name, body, category_id, active, version FROM reply_templates WHERE id = ?", id),
        ReadTemplate, "template " + std::to_string(id) + " does not exist");
}

domain::Result<void> SqliteTemplateRepository::InsertTemplate(domain::ReplyTemplate& t) {
    auto done = connection_.Run(
        "INSERT INTO reply_templates (name, body, category_id, active, version) VALUES (?,?,?,?,?)", t.name, t.body,
        t.category_id, t.active, t.version);
    if (!done) {
        if (done.error().code == ErrorCode::kConflict) return Fail(ErrorCode::kConflict, "a template with this name exists");
        return done;
    }
    t.id = connection_.LastInsertId();
    return {};
}

domain::Result<void> SqliteTemplateRepository::UpdateTemplate(const domain::ReplyTemplate& t, int expected_version) {
    auto done = connection_.Run(
        "UPDATE reply_templates SET name = ?, body = ?, category_id = ?, active = ?, version = ? WHERE id = ? AND version = ?",
        t.name, t.body, t.category_id, t.active, t.version, t.id, expected_version);
    if (!done) {
        if (done.error().code == ErrorCode::kConflict) return Fail(ErrorCode::kConflict, "a template with this name exists");
        return done;
    }
    if (connection_.Changes() == 0) return Fail(ErrorCode::kStaleVersion, "the template was changed by someone else; reload");
    return {};
}

domain::Result<void> SqliteTemplateRepository::DeleteTemplate(std::int64_t id) {
    auto done = connection_.Run("DELETE FROM reply_templates WHERE id = ?", id);
    if (!done) return done;
    if (connection_.Changes() == 0) return Fail(ErrorCode::kNotFound, "template " + std::to_string(id) + " does not exist");
    return {};
}

domain::Result<std::vector<domain::SavedView>> SqliteTemplateRepository::ListViews(std::int64_t user_id) {
    return CollectRows<domain::SavedView>(
        connection_.Query("SELECT id, user_id, name, query, created_at FROM saved_views WHERE user_id = ? ORDER BY id", user_id),
        [](const Statement& row) {
            return domain::SavedView{row.Int(0), row.Int(1), row.Text(2), row.Text(3), domain::FromMillis(row.Int(4))};
        });
}

domain::Result<void> SqliteTemplateRepository::InsertView(domain::SavedView& view) {
    auto done = connection_.Run("INSERT INTO saved_views (user_id, name, query, created_at) VALUES (?,?,?,?)", view.user_id,
                                view.name, view.query, domain::ToMillis(view.created_at));
    if (!done) return done;
    view.id = connection_.LastInsertId();
    return {};
}

domain::Result<bool> SqliteTemplateRepository::DeleteView(std::int64_t user_id, std::int64_t view_id) {
    auto done = connection_.Run("DELETE FROM saved_views WHERE id = ? AND user_id = ?", view_id, user_id);
    if (!done) return std::unexpected(done.error());
    return connection_.Changes() == 1;
}

}  // namespace kesu::storage::sqlite
