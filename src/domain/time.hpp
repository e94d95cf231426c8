// Instants and the injected Clock. Nothing in kesu reads the system time except SystemClock in main.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kesu::domain {

using Instant = std::chrono::sys_time<std::chrono::milliseconds>;

inline std::int64_t ToMillis(Instant at) { return at.time_since_epoch().count(); }
inline Instant FromMillis(std::int64_t ms) { return Instant{std::chrono::milliseconds{ms}}; }

// Thread-safety: implementations must be safe to call from any thread.
class Clock {
public:
    virtual ~Clock() = default;
    virtual Instant Now() const = 0;
};

// A clock tests set by hand. Thread-safety: not for concurrent Set/Advance.
class FixedClock final : public Clock {
public:
    explicit FixedClock(Instant now) : now_(now) {}
    Instant Now() const override { return now_; }
    void Set(Instant now) { now_ = now; }
    void Advance(std::chrono::milliseconds by) { now_ += by; }

private:
    Instant now_;
};

// RFC 3339 in UTC with milliseconds: 2026-11-22T03:04:05.123Z
std::string FormatInstant(Instant at);
// Appends value in decimal, zero-padded to at least `width` digits (a minus sign comes first).
void AppendPadded(std::string& out, long long value, int width);
// Accepts RFC 3339 with 'Z' or a numeric offset, seconds and fraction optional ("2026-11-22T11:04+08:00").
std::optional<Instant> ParseInstant(std::string_view text);
// "YYYYMMDD" of the civil date at a fixed UTC offset (complaint numbers use China time, +08:00).
std::string CivilDateStamp(Instant at, std::chrono::minutes utc_offset);

}  // namespace kesu::domain
