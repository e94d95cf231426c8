#include "channels/recording_channel.hpp"

#include <gtest/gtest.h>

namespace kesu::channels {
namespace {

TEST(RecordingChannel, RecordsDeliveriesAndFailsWhenTold) {
    RecordingChannel channel(domain::DeliveryChannelKind::kEmail);
    EXPECT_EQ(channel.Kind(), domain::DeliveryChannelKind::kEmail);
    domain::OutgoingMessage message;
    message.message_key = "outbox-1";
    channel.FailNext({domain::DeliveryFailure::kTemporary, "timeout", "simulated", 0}, 2);
    EXPECT_EQ(channel.Send(message).error().code, "timeout");
    EXPECT_EQ(channel.Send(message).error().code, "timeout");
    const auto sent = channel.Send(message);
    ASSERT_TRUE(sent.has_value());
    EXPECT_EQ(sent->provider_message_id, "recorded-1");
    EXPECT_EQ(channel.Attempts(), 3);
    ASSERT_EQ(channel.Delivered().size(), 1u);
    EXPECT_EQ(channel.Delivered()[0].message_key, "outbox-1");
}

}  // namespace
}  // namespace kesu::channels
