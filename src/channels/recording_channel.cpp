#include "channels/recording_channel.hpp"

#include <string>

namespace kesu::channels {

domain::DeliveryResult RecordingChannel::Send(const domain::OutgoingMessage& message) {
    std::lock_guard lock(mutex_);
    ++attempts_;
    if (!failures_.empty()) {
        domain::DeliveryError error = std::move(failures_.front());
        failures_.pop_front();
        return std::unexpected(std::move(error));
    }
    delivered_.push_back(message);
    return domain::DeliveryReceipt{"recorded-" + std::to_string(delivered_.size()), "recorded", 1};
}

void RecordingChannel::FailNext(domain::DeliveryError error, int times) {
    std::lock_guard lock(mutex_);
    for (int i = 0; i < times; ++i) failures_.push_back(error);
}

std::vector<domain::OutgoingMessage> RecordingChannel::Delivered() const {
    std::lock_guard lock(mutex_);
    return delivered_;
}

int RecordingChannel::Attempts() const {
    std::lock_guard lock(mutex_);
    return attempts_;
}

}  // namespace kesu::channels
