// The Null driver of every channel kind, for tests: it sends nothing, records each message it is given, and can be
// told to fail the next attempts with a chosen error, so a dispatcher's retries, back-off and dead letters can be
// tested without a server.
// Thread-safety: all methods may be called concurrently.
#pragma once

#include <deque>
#include <mutex>
#include <vector>

#include "domain/delivery_channel.hpp"

namespace kesu::channels {

class RecordingChannel final : public domain::DeliveryChannel {
public:
    explicit RecordingChannel(domain::DeliveryChannelKind kind) : kind_(kind) {}

    domain::DeliveryChannelKind Kind() const override { return kind_; }
    // Records the message; answers the next queued failure if there is one, else a receipt whose provider id is
    // "recorded-N" (N counts successful sends from 1).
    domain::DeliveryResult Send(const domain::OutgoingMessage& message) override;

    // The next `times` sends fail with `error` (after any failures queued before).
    void FailNext(domain::DeliveryError error, int times = 1);

    std::vector<domain::OutgoingMessage> Delivered() const;  // successful sends, in order
    int Attempts() const;                                    // every call to Send

private:
    domain::DeliveryChannelKind kind_;
    mutable std::mutex mutex_;
    std::deque<domain::DeliveryError> failures_;
    std::vector<domain::OutgoingMessage> delivered_;
    int attempts_ = 0;
};

}  // namespace kesu::channels
