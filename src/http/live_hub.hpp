// Live updates for the web console: every committed complaint change (from the database's change feed, so from
// any node) goes to each open WebSocket whose user may see that complaint, as {"type":"complaint", ...}.
// A socket lives longer than the credential that opened it, so each one's credential is checked again: at once
// after a change to accounts on this node (Recheck), and every kRecheckEvery for changes made on other nodes and
// sessions that expire. A socket whose session ended, whose token was revoked or whose user was deactivated gets
// {"type":"signed_out"} and nothing more; one whose user changed role or department gets the new scope.
// Thread-safety: all methods may be called from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "domain/database.hpp"
#include "domain/role.hpp"
#include "http/message.hpp"

namespace kesu::http {

// What signed a WebSocket in: the session cookie or the API token, checked again while the socket is open.
struct LiveCredential {
    bool session = true;
    std::string secret;
};

class LiveHub {
public:
    static constexpr std::chrono::seconds kRecheckEvery{30};
    // Who the credential stands for now: kUnauthenticated when it no longer signs anyone in; another error when
    // that cannot be told (the socket stays as it is).
    using Checker = std::function<domain::Result<domain::Actor>(const LiveCredential&)>;

    // Subscribes to `feed` (nullable: no live updates). Without a checker, sockets are never checked again.
    explicit LiveHub(domain::ChangeFeed* feed, Checker checker = nullptr);
    ~LiveHub();
    LiveHub(const LiveHub&) = delete;
    LiveHub& operator=(const LiveHub&) = delete;

    // A channel for a signed-in user's WebSocket.
    std::shared_ptr<LiveChannel> Connect(const domain::Actor& actor, LiveCredential credential);
    std::size_t OpenChannels() const;
    // Checks the credentials of the open channels again (only `user_id`'s, when given).
    void Recheck(std::optional<std::int64_t> user_id = std::nullopt);

private:
    class Channel;
    void Publish(const domain::ComplaintChange& change);
    void Remove(const Channel* channel);
    void RecheckPeriodically();

    mutable std::mutex mutex_;
    std::vector<std::shared_ptr<Channel>> channels_;
    Checker checker_;
    std::mutex stop_mutex_;
    std::condition_variable stop_wanted_;
    bool stopping_ = false;
    std::thread rechecker_;
};

}  // namespace kesu::http
