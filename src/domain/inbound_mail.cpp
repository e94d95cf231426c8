#include "domain/inbound_mail.hpp"

#include <array>

#include "domain/enum_names.hpp"

namespace kesu::domain {

namespace {

bool IsDigit(char c) {
    return c >= '0' && c <= '9';
}
bool IsAsciiAlnum(char c) {
    return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
char Upper(char c) {
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}
char Lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (Lower(a[i]) != Lower(b[i])) return false;
    return true;
}

// The length of a number starting at `at` (PREFIX-8 digits-6 or more digits), or 0.
std::size_t NumberLengthAt(std::string_view text, std::size_t at) {
    if (at + 3 > text.size()) return 0;
    const std::string prefix{Upper(text[at]), Upper(text[at + 1])};
    if ((prefix != "TS" && prefix != "ZX") || text[at + 2] != '-') return 0;
    std::size_t position = at + 3;
    for (int i = 0; i < 8; ++i, ++position)
        if (position >= text.size() || !IsDigit(text[position])) return 0;
    if (position >= text.size() || text[position] != '-') return 0;
    ++position;
    const std::size_t serial_start = position;
    while (position < text.size() && IsDigit(text[position])) ++position;
    if (position - serial_start < 6) return 0;
    if (position < text.size() && IsAsciiAlnum(text[position])) return 0;
    return position - at;
}

constexpr std::array kInboundKindNames{
    EnumName<InboundMailKind>{InboundMailKind::kMessage, "message"},
    EnumName<InboundMailKind>{InboundMailKind::kAutoReply, "auto_reply"},
    EnumName<InboundMailKind>{InboundMailKind::kBounce, "bounce"},
    EnumName<InboundMailKind>{InboundMailKind::kLoop, "loop"},
};

}  // namespace

std::optional<std::string> FindComplaintNumber(std::string_view text) {
    for (std::size_t at = 0; at + 3 <= text.size(); ++at) {
        if (at > 0 && IsAsciiAlnum(text[at - 1])) continue;
        const std::size_t length = NumberLengthAt(text, at);
        if (length == 0) continue;
        std::string number(text.substr(at, length));
        number[0] = Upper(number[0]);
        number[1] = Upper(number[1]);
        return number;
    }
    return std::nullopt;
}

std::string ComplaintMessageId(std::string_view number, std::string_view key, std::string_view domain) {
    std::string id = "<";
    id += number;
    if (!key.empty()) {
        id += '.';
        for (char c : key) id += IsAsciiAlnum(c) || c == '-' || c == '.' || c == '_' ? c : '_';
    }
    id += '@';
    id += domain;
    id += '>';
    return id;
}

std::optional<std::string> ComplaintNumberInMessageId(std::string_view message_id, std::string_view domain) {
    if (message_id.size() >= 2 && message_id.front() == '<' && message_id.back() == '>')
        message_id = message_id.substr(1, message_id.size() - 2);
    const std::size_t at = message_id.rfind('@');
    if (at == std::string_view::npos || domain.empty() || !EqualsIgnoringCase(message_id.substr(at + 1), domain))
        return std::nullopt;
    const std::string_view local = message_id.substr(0, at);
    const std::size_t length = NumberLengthAt(local, 0);
    if (length == 0 || (length < local.size() && local[length] != '.')) return std::nullopt;
    std::string number(local.substr(0, length));
    number[0] = Upper(number[0]);
    number[1] = Upper(number[1]);
    return number;
}

std::string_view InboundMailKindName(InboundMailKind kind) {
    return NameIn<InboundMailKind>(kInboundKindNames, kind);
}

}  // namespace kesu::domain
