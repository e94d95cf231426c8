#include "use_cases/context.hpp"

#include <charconv>

#include "domain/access_policy.hpp"

namespace kesu::use_cases {

using domain::ErrorCode;
using domain::Fail;

domain::Actor SystemActor() { return domain::Actor{0, domain::Role::kAdmin, std::nullopt, false, "system"}; }

domain::Actor CustomerActor() { return domain::Actor{0, domain::Role::kCustomer, std::nullopt, false, "客户"}; }

domain::AuditEvent NewEvent(const RequestContext& context, domain::Instant at, std::string action,
                            std::optional<std::int64_t> complaint_id) {
    domain::AuditEvent event;
    event.complaint_id = complaint_id;
    event.actor_id = context.actor.user_id;
    event.actor_name = context.actor.display_name;
    event.actor_role = std::string(domain::RoleName(context.actor.role));
    event.at = at;
    event.action = std::move(action);
    event.request_id = context.request_id;
    return event;
}

domain::Result<void> Require(const domain::Actor& actor, domain::Permission permission) {
    if (actor.Has(permission)) return {};
    return Fail(ErrorCode::kForbidden, "role '" + std::string(domain::RoleName(actor.role)) + "' lacks permission '" +
                                           std::string(domain::PermissionName(permission)) + "'");
}

domain::Result<domain::Complaint> LoadVisible(domain::Transaction& tx, const domain::Actor& actor,
                                              std::int64_t complaint_id) {
    auto complaint = tx.Complaints().Get(complaint_id);
    if (!complaint) return complaint;
    if (!domain::CanSee(actor, *complaint))
        return Fail(ErrorCode::kForbidden, "complaint " + complaint->number + " is outside your department's scope");
    return complaint;
}

domain::Result<domain::ProcessSettings> LoadProcessSettings(domain::Transaction& tx) {
    domain::ProcessSettings settings;
    auto limit = tx.Settings().Get("process.manager_approval_limit_fen");
    if (!limit) return std::unexpected(limit.error());
    if (*limit) std::from_chars((*limit)->data(), (*limit)->data() + (*limit)->size(), settings.manager_approval_limit_fen);
    auto window = tx.Settings().Get("process.appeal_window_days");
    if (!window) return std::unexpected(window.error());
    if (*window) std::from_chars((*window)->data(), (*window)->data() + (*window)->size(), settings.appeal_window_days);
    return settings;
}

domain::Result<void> NotifyUsers(domain::Transaction& tx, domain::Notification notice,
                                 const std::vector<std::int64_t>& user_ids) {
    for (std::int64_t user_id : user_ids) {
        notice.recipient_user_id = user_id;
        if (auto inserted = tx.Outbox().Insert(notice); !inserted) return inserted;
    }
    return {};
}

domain::Result<void> NotifyAuditors(domain::Transaction& tx, std::string kind, std::string title, std::string body,
                                    domain::Instant now) {
    auto users = tx.Users().List();
    if (!users) return std::unexpected(users.error());
    std::vector<std::int64_t> auditors;
    for (const auto& user : *users)
        if (user.active && user.role == domain::Role::kAuditor) auditors.push_back(user.id);
    domain::Notification notice;
    notice.kind = std::move(kind);
    notice.title = std::move(title);
    notice.body = std::move(body);
    notice.created_at = now;
    return NotifyUsers(tx, std::move(notice), auditors);
}

}  // namespace kesu::use_cases
