#include "http/live_hub.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "domain/access_policy.hpp"

namespace kesu::http {

class LiveHub::Channel final : public LiveChannel {
public:
    Channel(LiveHub& hub, domain::Actor actor) : hub_(hub), actor_(std::move(actor)) {}

    void Open(std::function<bool(std::string)> send) override {
        std::lock_guard lock(mutex_);
        send_ = std::move(send);
        (void)send_(nlohmann::json{{"type", "hello"}, {"user_id", actor_.user_id}}.dump());
    }
    void Closed() override { hub_.Remove(this); }

    void Deliver(const domain::ComplaintChange& change, const std::string& text) {
        domain::Complaint probe;
        probe.department_id = change.department_id;
        probe.owner_id = change.owner_id;
        if (!domain::CanSee(actor_, probe)) return;
        std::lock_guard lock(mutex_);
        if (send_) (void)send_(text);
    }

private:
    LiveHub& hub_;
    domain::Actor actor_;
    std::mutex mutex_;
    std::function<bool(std::string)> send_;
};

LiveHub::LiveHub(domain::ChangeFeed* feed) {
    if (feed) feed->Subscribe([this](const domain::ComplaintChange& change) { Publish(change); });
}

std::shared_ptr<LiveChannel> LiveHub::Connect(const domain::Actor& actor) {
    auto channel = std::make_shared<Channel>(*this, actor);
    std::lock_guard lock(mutex_);
    channels_.push_back(channel);
    return channel;
}

std::size_t LiveHub::OpenChannels() const {
    std::lock_guard lock(mutex_);
    return channels_.size();
}

void LiveHub::Remove(const Channel* channel) {
    std::lock_guard lock(mutex_);
    std::erase_if(channels_, [&](const auto& open) { return open.get() == channel; });
}

void LiveHub::Publish(const domain::ComplaintChange& change) {
    std::string text = nlohmann::json{{"type", "complaint"},
                                      {"id", change.id},
                                      {"number", change.number},
                                      {"status", domain::NameOf(change.status)},
                                      {"version", change.version}}
                           .dump();
    std::vector<std::shared_ptr<Channel>> open;
    {
        std::lock_guard lock(mutex_);
        open = channels_;
    }
    for (const auto& channel : open) channel->Deliver(change, text);
}

}  // namespace kesu::http
