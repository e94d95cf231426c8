// Calendars, policies, clocks, timers, the outbox, templates and saved views in PostgreSQL.
#pragma once

#include "domain/sla_repositories.hpp"
#include "storage/postgres/postgres_connection.hpp"

namespace kesu::storage::postgres {

class PostgresSlaRepository final : public domain::SlaRepository {
public:
    explicit PostgresSlaRepository(Connection& connection) : connection_(connection) {}
    domain::Result<std::vector<domain::BusinessCalendar>> ListCalendars() override;
    domain::Result<domain::BusinessCalendar> GetCalendar(std::string_view id) override;
    domain::Result<void> PutCalendar(const domain::BusinessCalendar& calendar) override;
    domain::Result<std::optional<domain::SlaPolicy>> GetPolicy(std::string_view id) override;
    domain::Result<void> PutPolicy(const domain::SlaPolicy& policy) override;
    domain::Result<std::vector<domain::StoredClock>> ListClocks(std::int64_t complaint_id) override;
    domain::Result<domain::StoredClock> GetClock(std::int64_t clock_id) override;
    domain::Result<void> InsertClock(domain::StoredClock& clock) override;
    domain::Result<void> UpdateClock(const domain::StoredClock& clock) override;

private:
    Connection& connection_;
};

class PostgresTimerRepository final : public domain::TimerRepository {
public:
    explicit PostgresTimerRepository(Connection& connection) : connection_(connection) {}
    domain::Result<void> Schedule(std::string_view kind, std::int64_t subject_id, domain::Instant due_at) override;
    domain::Result<void> Cancel(std::string_view kind, std::int64_t subject_id) override;
    domain::Result<std::vector<domain::Timer>> Lease(domain::Instant now, std::string_view owner,
                                                     domain::Instant lease_until, int limit) override;
    domain::Result<bool> StillHeld(std::int64_t timer_id, std::string_view owner) override;
    domain::Result<std::optional<domain::Instant>> NextDue() override;

private:
    Connection& connection_;
};

class PostgresOutboxRepository final : public domain::OutboxRepository {
public:
    // In a write transaction, Pending locks what it returns (FOR UPDATE SKIP LOCKED), so two nodes delivering
    // at once take different notifications.
    PostgresOutboxRepository(Connection& connection, bool writable) : connection_(connection), writable_(writable) {}
    domain::Result<void> Insert(domain::Notification& notification) override;
    domain::Result<std::vector<domain::Notification>> ListForUser(std::int64_t user_id, bool unread_only,
                                                                  int limit) override;
    domain::Result<std::int64_t> CountUnread(std::int64_t user_id) override;
    domain::Result<bool> MarkRead(std::int64_t user_id, std::int64_t notification_id, domain::Instant at) override;
    domain::Result<std::int64_t> MarkAllRead(std::int64_t user_id, domain::Instant at) override;
    domain::Result<std::vector<domain::Notification>> Pending(std::string_view channel, int limit) override;

private:
    Connection& connection_;
    bool writable_;
};

class PostgresTemplateRepository final : public domain::TemplateRepository {
public:
    explicit PostgresTemplateRepository(Connection& connection) : connection_(connection) {}
    domain::Result<std::vector<domain::ReplyTemplate>> ListTemplates() override;
    domain::Result<domain::ReplyTemplate> GetTemplate(std::int64_t id) override;
    domain::Result<void> InsertTemplate(domain::ReplyTemplate& reply_template) override;
    domain::Result<void> UpdateTemplate(const domain::ReplyTemplate& reply_template, int expected_version) override;
    domain::Result<void> DeleteTemplate(std::int64_t id) override;
    domain::Result<std::vector<domain::SavedView>> ListViews(std::int64_t user_id) override;
    domain::Result<void> InsertView(domain::SavedView& view) override;
    domain::Result<bool> DeleteView(std::int64_t user_id, std::int64_t view_id) override;

private:
    Connection& connection_;
};

}  // namespace kesu::storage::postgres
