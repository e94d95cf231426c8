// Live updates for the web console: every committed complaint change (from the database's change feed, so from
// any node) goes to each open WebSocket whose user may see that complaint, as {"type":"complaint", ...}.
// Thread-safety: all methods may be called from any thread.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "domain/database.hpp"
#include "domain/role.hpp"
#include "http/message.hpp"

namespace kesu::http {

class LiveHub {
public:
    // Subscribes to `feed` (nullable: no live updates).
    explicit LiveHub(domain::ChangeFeed* feed);

    // A channel for a signed-in user's WebSocket.
    std::shared_ptr<LiveChannel> Connect(const domain::Actor& actor);
    std::size_t OpenChannels() const;

private:
    class Channel;
    void Publish(const domain::ComplaintChange& change);
    void Remove(const Channel* channel);

    mutable std::mutex mutex_;
    std::vector<std::shared_ptr<Channel>> channels_;
};

}  // namespace kesu::http
