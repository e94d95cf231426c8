// Ports for the time limits: calendars and the SLA policy an admin edits, each complaint's clocks (kept for the
// statistics: every deadline, met or missed, and every breach), durable timers the scheduler takes with leases,
// and the outbox of notifications written in the same transaction as what caused them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar/business_calendar.hpp"
#include "domain/calendar/sla_clock.hpp"
#include "domain/calendar/sla_policy.hpp"
#include "domain/error.hpp"
#include "domain/time.hpp"

namespace kesu::domain {

struct StoredClock {
    std::int64_t id = 0;
    std::int64_t complaint_id = 0;
    SlaClock clock;
};

class SlaRepository {
public:
    virtual ~SlaRepository() = default;
    virtual Result<std::vector<BusinessCalendar>> ListCalendars() = 0;
    virtual Result<BusinessCalendar> GetCalendar(std::string_view id) = 0;
    virtual Result<void> PutCalendar(const BusinessCalendar& calendar) = 0;  // insert or replace
    virtual Result<std::optional<SlaPolicy>> GetPolicy(std::string_view id) = 0;
    virtual Result<void> PutPolicy(const SlaPolicy& policy) = 0;

    virtual Result<std::vector<StoredClock>> ListClocks(std::int64_t complaint_id) = 0;
    virtual Result<StoredClock> GetClock(std::int64_t clock_id) = 0;
    virtual Result<void> InsertClock(StoredClock& clock) = 0;  // assigns id
    virtual Result<void> UpdateClock(const StoredClock& clock) = 0;
};

// A durable timer: "do `kind` for `subject_id` at `due_at`". One per (kind, subject): scheduling again moves it.
struct Timer {
    std::int64_t id = 0;
    std::string kind;  // "sla_clock" (subject: clock id), "emergency_report" (subject: complaint id)
    std::int64_t subject_id = 0;
    Instant due_at;
    int attempts = 0;
};

class TimerRepository {
public:
    virtual ~TimerRepository() = default;
    virtual Result<void> Schedule(std::string_view kind, std::int64_t subject_id, Instant due_at) = 0;
    virtual Result<void> Cancel(std::string_view kind, std::int64_t subject_id) = 0;
    // Leases up to `limit` timers due at `now` that nobody holds (or whose lease ran out) to `owner` until
    // `lease_until`. Costs the same however many timers lie in the future (an index on due_at).
    virtual Result<std::vector<Timer>> Lease(Instant now, std::string_view owner, Instant lease_until, int limit) = 0;
    // True when `owner` still holds the timer's lease: checked inside the transaction that acts on it, so a
    // timer taken over after an expired lease is acted on once.
    virtual Result<bool> StillHeld(std::int64_t timer_id, std::string_view owner) = 0;
    // The earliest due time of any timer, for the scheduler's sleep.
    virtual Result<std::optional<Instant>> NextDue() = 0;
};

// One notification to one recipient over one channel. In-app ones are read through the API; the others wait
// in the outbox for the delivery channels (email, SMS, webhooks).
struct Notification {
    std::int64_t id = 0;
    std::optional<std::int64_t> recipient_user_id;  // none: the complainant (delivered on their channel)
    std::string channel = "in_app";                 // in_app, email, sms
    std::optional<std::int64_t> complaint_id;
    std::string complaint_number;
    std::string kind;  // sla_warning, sla_breach, emergency, escalation, assigned, extension, ...
    std::string title;
    std::string body;
    Instant created_at;
    std::optional<Instant> read_at;
    std::optional<Instant> delivered_at;
};

class OutboxRepository {
public:
    virtual ~OutboxRepository() = default;
    virtual Result<void> Insert(Notification& notification) = 0;
    virtual Result<std::vector<Notification>> ListForUser(std::int64_t user_id, bool unread_only, int limit) = 0;
    virtual Result<std::int64_t> CountUnread(std::int64_t user_id) = 0;
    virtual Result<bool> MarkRead(std::int64_t user_id, std::int64_t notification_id, Instant at) = 0;
    virtual Result<std::int64_t> MarkAllRead(std::int64_t user_id, Instant at) = 0;
    // Not yet delivered, for one external channel, oldest first.
    virtual Result<std::vector<Notification>> Pending(std::string_view channel, int limit) = 0;
};

struct ReplyTemplate {
    std::int64_t id = 0;
    std::string name;
    std::string body;
    std::optional<std::int64_t> category_id;
    bool active = true;
    int version = 1;
};

struct SavedView {
    std::int64_t id = 0;
    std::int64_t user_id = 0;
    std::string name;
    std::string query;  // the list's query string, e.g. "status=investigating&level=major"
    Instant created_at;
};

class TemplateRepository {
public:
    virtual ~TemplateRepository() = default;
    virtual Result<std::vector<ReplyTemplate>> ListTemplates() = 0;
    virtual Result<ReplyTemplate> GetTemplate(std::int64_t id) = 0;
    virtual Result<void> InsertTemplate(ReplyTemplate& reply_template) = 0;  // kConflict on a taken name
    virtual Result<void> UpdateTemplate(const ReplyTemplate& reply_template, int expected_version) = 0;
    virtual Result<void> DeleteTemplate(std::int64_t id) = 0;
    virtual Result<std::vector<SavedView>> ListViews(std::int64_t user_id) = 0;
    virtual Result<void> InsertView(SavedView& view) = 0;
    virtual Result<bool> DeleteView(std::int64_t user_id, std::int64_t view_id) = 0;
};

}  // namespace kesu::domain
