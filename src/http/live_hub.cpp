#include "http/live_hub.hpp"

#include <pthread.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "domain/access_policy.hpp"

namespace kesu::http {

class LiveHub::Channel final : public LiveChannel {
public:
    Channel(LiveHub& hub, domain::Actor actor, LiveCredential credential)
        : hub_(hub), actor_(std::move(actor)), credential_(std::move(credential)) {}

    void Open(std::function<bool(std::string)> send) override {
        std::lock_guard lock(mutex_);
        send_ = std::move(send);
        (void)send_(nlohmann::json{{"type", "hello"}, {"user_id", actor_.user_id}}.dump());
    }
    void Closed() override { hub_.Remove(this); }

    void Deliver(const domain::ComplaintChange& change, const std::string& text) {
        std::lock_guard lock(mutex_);
        if (!send_ || !domain::InScope(domain::ScopeOf(actor_), change.department_id, change.owner_id)) return;
        (void)send_(text);
    }

    // Checks the credential again; false when it no longer signs anyone in (the channel is done).
    bool Recheck(const Checker& checker) {
        auto actor = checker(credential_);
        std::lock_guard lock(mutex_);
        if (actor) {
            actor_ = std::move(*actor);
            return true;
        }
        if (actor.error().code != domain::ErrorCode::kUnauthenticated) return true;  // cannot tell now: next time
        if (send_) (void)send_(nlohmann::json{{"type", "signed_out"}}.dump());
        send_ = nullptr;
        return false;
    }

    std::int64_t UserId() {
        std::lock_guard lock(mutex_);
        return actor_.user_id;
    }

private:
    LiveHub& hub_;
    std::mutex mutex_;
    domain::Actor actor_;
    const LiveCredential credential_;
    std::function<bool(std::string)> send_;
};

LiveHub::LiveHub(domain::ChangeFeed* feed, Checker checker) : checker_(std::move(checker)) {
    if (feed) feed->Subscribe([this](const domain::ComplaintChange& change) { Publish(change); });
    if (checker_) rechecker_ = std::thread([this] { RecheckPeriodically(); });
}

LiveHub::~LiveHub() {
    {
        std::lock_guard lock(stop_mutex_);
        stopping_ = true;
    }
    stop_wanted_.notify_all();
    if (rechecker_.joinable()) rechecker_.join();
}

std::shared_ptr<LiveChannel> LiveHub::Connect(const domain::Actor& actor, LiveCredential credential) {
    auto channel = std::make_shared<Channel>(*this, actor, std::move(credential));
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

void LiveHub::Recheck(std::optional<std::int64_t> user_id) {
    if (!checker_) return;
    std::vector<std::shared_ptr<Channel>> open;
    {
        std::lock_guard lock(mutex_);
        open = channels_;
    }
    for (const auto& channel : open) {
        if (user_id && channel->UserId() != *user_id) continue;
        if (!channel->Recheck(checker_)) Remove(channel.get());
    }
}

void LiveHub::RecheckPeriodically() {
    pthread_setname_np(pthread_self(), "kesu-live-check");
    std::unique_lock lock(stop_mutex_);
    while (!stop_wanted_.wait_for(lock, kRecheckEvery, [this] { return stopping_; })) {
        lock.unlock();
        Recheck();
        lock.lock();
    }
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
