// SMS text as Chinese operators and gateways count it: every character counts one (Chinese, Latin letters, digits
// and punctuation alike; a character outside the BMP, such as an emoji, two), the 【signature】 counts too, one
// message holds 70 and a long message is billed in parts of 67. Gateways without long messages get numbered parts.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kesu::channels {

struct SmsLimits {
    std::size_t single = 70;    // one message
    std::size_t part = 67;      // each part of a long message
    std::size_t maximum = 500;  // the longest text (signature included) the gateway takes
};

// Characters as billed (UTF-16 code units).
std::size_t SmsLength(std::string_view utf8);

// How many messages a text of `length` is billed as.
int SmsParts(std::size_t length, const SmsLimits& limits);

// "【signature】text", unless the text already starts with a 【…】 signature or the signature is empty.
std::string WithSignature(std::string_view text, std::string_view signature);

// For gateways that send no long messages: `text` (without signature) cut into messages of at most limits.single
// characters, each "【signature】(i/n)" + piece; a text that fits is one message without a counter.
std::vector<std::string> SplitSms(std::string_view text, std::string_view signature, const SmsLimits& limits);

// A mobile number as gateways want it: mainland numbers as 11 digits (from "+86 138-1234-5678", "0086…", "86…"),
// others in E.164 ("+852…"); nothing when it is not a mobile number.
std::optional<std::string> NormalizeMobile(std::string_view number);

}  // namespace kesu::channels
