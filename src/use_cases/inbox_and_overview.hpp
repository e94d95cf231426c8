// A user's in-app notifications and the overview of today's numbers within their scope.
#pragma once

#include <vector>

#include "domain/complaint_repository.hpp"
#include "domain/sla_repositories.hpp"
#include "use_cases/context.hpp"

namespace kesu::use_cases {

struct Inbox {
    std::vector<domain::Notification> items;
    std::int64_t unread_count = 0;
};

domain::Result<Inbox> ListNotifications(const Dependencies& deps, const RequestContext& context, bool unread_only,
                                        int limit);
domain::Result<void> MarkNotificationRead(const Dependencies& deps, const RequestContext& context,
                                          std::int64_t notification_id);
domain::Result<std::int64_t> MarkAllNotificationsRead(const Dependencies& deps, const RequestContext& context);

domain::Result<domain::OverviewCounts> GetOverview(const Dependencies& deps, const RequestContext& context);

}  // namespace kesu::use_cases
