#include "use_cases/inbox_and_overview.hpp"

#include <algorithm>

#include "domain/access_policy.hpp"

namespace kesu::use_cases {

using domain::ErrorCode;
using domain::Fail;

namespace {

domain::Result<void> RequireStaff(const domain::Actor& actor) {
    if (actor.user_id == 0) return Fail(ErrorCode::kForbidden, "only staff have notifications");
    return {};
}

}  // namespace

domain::Result<Inbox> ListNotifications(const Dependencies& deps, const RequestContext& context, bool unread_only,
                                        int limit) {
    if (auto allowed = RequireStaff(context.actor); !allowed) return std::unexpected(allowed.error());
    return domain::ReadValue<Inbox>(deps.database, [&](domain::Transaction& tx) -> domain::Result<Inbox> {
        auto items = tx.Outbox().ListForUser(context.actor.user_id, unread_only, std::clamp(limit, 1, 200));
        if (!items) return std::unexpected(items.error());
        auto unread = tx.Outbox().CountUnread(context.actor.user_id);
        if (!unread) return std::unexpected(unread.error());
        return Inbox{std::move(*items), *unread};
    });
}

domain::Result<void> MarkNotificationRead(const Dependencies& deps, const RequestContext& context,
                                          std::int64_t notification_id) {
    if (auto allowed = RequireStaff(context.actor); !allowed) return allowed;
    domain::Instant now = deps.clock.Now();
    return deps.database.Write([&](domain::Transaction& tx) -> domain::Result<void> {
        auto marked = tx.Outbox().MarkRead(context.actor.user_id, notification_id, now);
        if (!marked) return std::unexpected(marked.error());
        if (!*marked) return Fail(ErrorCode::kNotFound, "notification " + std::to_string(notification_id) + " is not yours");
        return {};
    });
}

domain::Result<std::int64_t> MarkAllNotificationsRead(const Dependencies& deps, const RequestContext& context) {
    if (auto allowed = RequireStaff(context.actor); !allowed) return std::unexpected(allowed.error());
    domain::Instant now = deps.clock.Now();
    return domain::WriteValue<std::int64_t>(deps.database, [&](domain::Transaction& tx) {
        return tx.Outbox().MarkAllRead(context.actor.user_id, now);
    });
}

domain::Result<domain::OverviewCounts> GetOverview(const Dependencies& deps, const RequestContext& context) {
    if (auto allowed = RequireStaff(context.actor); !allowed) return std::unexpected(allowed.error());
    domain::Instant now = deps.clock.Now();
    domain::VisibilityScope scope = domain::ScopeOf(context.actor);
    return domain::ReadValue<domain::OverviewCounts>(deps.database, [&](domain::Transaction& tx) {
        return tx.Complaints().Overview(scope, now, deps.limits.utc_offset);
    });
}

}  // namespace kesu::use_cases
