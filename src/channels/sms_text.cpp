#include "channels/sms_text.hpp"

namespace kesu::channels {

namespace {

// The length in bytes and in billed characters of the UTF-8 character at the start of `text`.
std::pair<std::size_t, std::size_t> CharacterAt(std::string_view text) {
    const auto lead = static_cast<unsigned char>(text[0]);
    std::size_t bytes = 1;
    if (lead >= 0xF0)
        bytes = 4;
    else if (lead >= 0xE0)
        bytes = 3;
    else if (lead >= 0xC0)
        bytes = 2;
    bytes = std::min(bytes, text.size());
    return {bytes, bytes == 4 ? 2u : 1u};
}

std::string SignatureBlock(std::string_view signature) {
    if (signature.empty()) return {};
    return "【" + std::string(signature) + "】";
}

}  // namespace

std::size_t SmsLength(std::string_view utf8) {
    std::size_t length = 0;
    while (!utf8.empty()) {
        const auto [bytes, units] = CharacterAt(utf8);
        length += units;
        utf8.remove_prefix(bytes);
    }
    return length;
}

int SmsParts(std::size_t length, const SmsLimits& limits) {
    if (length <= limits.single) return 1;
    return static_cast<int>((length + limits.part - 1) / limits.part);
}

std::string WithSignature(std::string_view text, std::string_view signature) {
    if (signature.empty() || text.starts_with("【")) return std::string(text);
    return SignatureBlock(signature) + std::string(text);
}

std::vector<std::string> SplitSms(std::string_view text, std::string_view signature, const SmsLimits& limits) {
    const std::string block = SignatureBlock(signature);
    const std::size_t signature_length = SmsLength(block);
    if (signature_length + SmsLength(text) <= limits.single) return {block + std::string(text)};
    // The fewest parts whose counters still leave room: "(1/9)" is 5 characters, "(10/12)" 7.
    std::size_t parts = 2;
    std::size_t room = 0;
    for (;; ++parts) {
        const std::size_t counter = 3 + 2 * std::to_string(parts).size();
        if (signature_length + counter >= limits.single) return {};  // no room for any text at all
        room = limits.single - signature_length - counter;
        if ((SmsLength(text) + room - 1) / room <= parts) break;
    }
    std::vector<std::string> pieces;
    std::string piece;
    std::size_t piece_length = 0;
    while (!text.empty()) {
        const auto [bytes, units] = CharacterAt(text);
        if (piece_length + units > room) {
            pieces.push_back(std::move(piece));
            piece.clear();
            piece_length = 0;
        }
        piece += text.substr(0, bytes);
        piece_length += units;
        text.remove_prefix(bytes);
    }
    if (!piece.empty()) pieces.push_back(std::move(piece));
    std::vector<std::string> messages;
    for (std::size_t i = 0; i < pieces.size(); ++i)
        messages.push_back(block + "(" + std::to_string(i + 1) + "/" + std::to_string(pieces.size()) + ")" + pieces[i]);
    return messages;
}

std::optional<std::string> NormalizeMobile(std::string_view number) {
    std::string digits;
    bool plus = false;
    for (std::size_t i = 0; i < number.size(); ++i) {
        const char c = number[i];
        if (c >= '0' && c <= '9') {
            digits += c;
        } else if (c == '+' && digits.empty() && !plus) {
            plus = true;
        } else if (c != ' ' && c != '-' && c != '(' && c != ')') {
            return std::nullopt;
        }
    }
    if (!plus && digits.starts_with("00")) {
        digits.erase(0, 2);
        plus = true;
    }
    if ((plus || digits.size() == 13) && digits.starts_with("86")) {
        digits.erase(0, 2);
        plus = false;
    }
    if (!plus) {
        if (digits.size() == 11 && digits[0] == '1' && digits[1] >= '3' && digits[1] <= '9') return digits;
        return std::nullopt;
    }
    if (digits.size() < 7 || digits.size() > 15 || digits[0] == '0') return std::nullopt;
    return "+" + digits;
}

}  // namespace kesu::channels
