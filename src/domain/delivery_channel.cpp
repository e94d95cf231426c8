#include "domain/delivery_channel.hpp"

#include <array>

#include "domain/enum_names.hpp"

namespace kesu::domain {

namespace {

constexpr std::array kChannelKindNames{
    EnumName<DeliveryChannelKind>{DeliveryChannelKind::kEmail, "email"},
    EnumName<DeliveryChannelKind>{DeliveryChannelKind::kSms, "sms"},
    EnumName<DeliveryChannelKind>{DeliveryChannelKind::kWebhook, "webhook"},
};

constexpr std::array kFailureNames{
    EnumName<DeliveryFailure>{DeliveryFailure::kTemporary, "temporary"},
    EnumName<DeliveryFailure>{DeliveryFailure::kPermanent, "permanent"},
    EnumName<DeliveryFailure>{DeliveryFailure::kMisconfigured, "misconfigured"},
};

}  // namespace

std::string_view DeliveryChannelKindName(DeliveryChannelKind kind) {
    return NameIn<DeliveryChannelKind>(kChannelKindNames, kind);
}

std::string_view DeliveryFailureName(DeliveryFailure failure) {
    return NameIn<DeliveryFailure>(kFailureNames, failure);
}

}  // namespace kesu::domain
