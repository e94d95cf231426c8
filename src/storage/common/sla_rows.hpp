// SLA rows as both backends read them: clocks and calendars/policies kept as JSON, and outbox notifications.
// `Row` is a backend's result row with Int, Text and OptionalInt by column index.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

#include "codec/sla_json.hpp"
#include "domain/error.hpp"
#include "domain/sla_repositories.hpp"
#include "domain/time.hpp"

namespace kesu::storage::common {

template <class T, class Decode>
domain::Result<T> DecodeJson(std::string_view text, Decode decode) {
    nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
    if (parsed.is_discarded()) return domain::Fail(domain::ErrorCode::kInternal, "stored JSON is corrupt");
    return decode(parsed);
}

// Columns: id, complaint_id, definition (JSON).
template <class Row>
domain::Result<domain::StoredClock> ClockFromRow(const Row& row) {
    auto clock = DecodeJson<domain::SlaClock>(row.Text(2), codec::ClockFromJson);
    if (!clock) return std::unexpected(clock.error());
    return domain::StoredClock{row.Int(0), row.Int(1), std::move(*clock)};
}

template <class Row>
std::optional<domain::Instant> InstantOrNone(const Row& row, int column) {
    auto value = row.OptionalInt(column);
    return value ? std::optional(domain::FromMillis(*value)) : std::nullopt;
}

inline constexpr const char* kSelectNotifications =
    "SELECT id, recipient_user_id, channel, complaint_id, complaint_number, kind, title, body, created_at, read_at, "
    "delivered_at FROM outbox";

template <class Row>
domain::Notification NotificationFromRow(const Row& row) {
    domain::Notification n;
    n.id = row.Int(0);
    n.recipient_user_id = row.OptionalInt(1);
    n.channel = row.Text(2);
    n.complaint_id = row.OptionalInt(3);
    n.complaint_number = row.Text(4);
    n.kind = row.Text(5);
    n.title = row.Text(6);
    n.body = row.Text(7);
    n.created_at = domain::FromMillis(row.Int(8));
    n.read_at = InstantOrNone(row, 9);
    n.delivered_at = InstantOrNone(row, 10);
    return n;
}

}  // namespace kesu::storage::common
