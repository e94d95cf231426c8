#include "codec/json_text.hpp"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

namespace kesu::codec {

void AppendJsonString(std::string& out, std::string_view text) {
    bool plain = std::all_of(text.begin(), text.end(),
                             [](char c) { return static_cast<unsigned char>(c) >= 0x20 && c != '"' && c != '\\'; });
    if (!plain) {
        out += nlohmann::json(text).dump();
        return;
    }
    out += '"';
    out += text;
    out += '"';
}

void AppendJsonNumber(std::string& out, std::int64_t value) {
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    out.append(digits, end);
}

}  // namespace kesu::codec
