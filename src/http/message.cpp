#include "http/message.hpp"

#include <algorithm>

namespace kesu::http {

namespace {

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Splits a query into decoded pairs. A pair with a malformed escape is left out, or fails the whole query when
// `strict`.
bool DecodePairs(std::string_view query, bool strict, std::vector<std::pair<std::string, std::string>>& pairs) {
    while (!query.empty()) {
        auto end = query.find('&');
        std::string_view item = query.substr(0, end);
        if (!item.empty()) {
            auto equals = item.find('=');
            auto name = PercentDecode(item.substr(0, equals), true);
            auto value = equals == std::string_view::npos ? std::optional<std::string>("")
                                                          : PercentDecode(item.substr(equals + 1), true);
            if (name && value)
                pairs.emplace_back(std::move(*name), std::move(*value));
            else if (strict)
                return false;
        }
        if (end == std::string_view::npos) break;
        query.remove_prefix(end + 1);
    }
    return true;
}

}  // namespace

std::string_view Request::Header(std::string_view name) const {
    for (const auto& [key, value] : headers)
        if (key == name) return value;
    return {};
}

std::optional<std::string> Request::QueryValue(std::string_view name) const {
    for (const auto& [key, value] : query)
        if (key == name) return value;
    return std::nullopt;
}

std::optional<std::string> Request::Cookie(std::string_view name) const {
    std::string_view cookies = Header("cookie");
    while (!cookies.empty()) {
        auto end = cookies.find(';');
        std::string_view pair = cookies.substr(0, end);
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        auto equals = pair.find('=');
        if (equals != std::string_view::npos && pair.substr(0, equals) == name)
            return std::string(pair.substr(equals + 1));
        if (end == std::string_view::npos) break;
        cookies.remove_prefix(end + 1);
    }
    return std::nullopt;
}

Response& Response::SetHeader(std::string name, std::string value) {
    auto it = std::ranges::find_if(headers, [&](const auto& header) { return header.first == name; });
    if (it != headers.end()) it->second = std::move(value);
    else headers.emplace_back(std::move(name), std::move(value));
    return *this;
}

std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
    std::string decoded;
    decoded.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size()) return std::nullopt;
            int high = HexValue(text[i + 1]);
            int low = HexValue(text[i + 2]);
            if (high < 0 || low < 0) return std::nullopt;
            decoded += static_cast<char>(high * 16 + low);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            decoded += ' ';
        } else {
            decoded += c;
        }
    }
    return decoded;
}

std::vector<std::pair<std::string, std::string>> ParseQuery(std::string_view query) {
    std::vector<std::pair<std::string, std::string>> pairs;
    DecodePairs(query, false, pairs);
    return pairs;
}

std::optional<Target> ParseTarget(std::string_view target) {
    if (!target.starts_with('/')) return std::nullopt;  // origin form only ("*" and absolute URLs are not served)
    auto question = target.find('?');
    auto path = PercentDecode(target.substr(0, question), false);
    if (!path || path->find('\0') != std::string::npos) return std::nullopt;
    Target parsed{std::move(*path), {}};
    if (question != std::string_view::npos && !DecodePairs(target.substr(question + 1), true, parsed.query))
        return std::nullopt;
    return parsed;
}

}  // namespace kesu::http
