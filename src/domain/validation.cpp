#include "domain/validation.hpp"

#include <algorithm>
#include <cstdint>

namespace kesu::domain {

bool IsValidUtf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        auto byte = static_cast<std::uint8_t>(text[i]);
        std::size_t length = 0;
        std::uint32_t code_point = 0;
        if (byte < 0x80) { ++i; continue; }
        if ((byte & 0xE0) == 0xC0) { length = 2; code_point = byte & 0x1Fu; }
        else if ((byte & 0xF0) == 0xE0) { length = 3; code_point = byte & 0x0Fu; }
        else if ((byte & 0xF8) == 0xF0) { length = 4; code_point = byte & 0x07u; }
        else return false;
        if (i + length > text.size()) return false;
        for (std::size_t k = 1; k < length; ++k) {
            auto next = static_cast<std::uint8_t>(text[i + k]);
            if ((next & 0xC0) != 0x80) return false;
            code_point = (code_point << 6) | (next & 0x3Fu);
        }
        // Overlong forms, surrogates and values beyond U+10FFFF are invalid.
        if ((length == 2 && code_point < 0x80) || (length == 3 && code_point < 0x800) ||
            (length == 4 && code_point < 0x10000) || code_point > 0x10FFFF ||
            (code_point >= 0xD800 && code_point <= 0xDFFF))
            return false;
        i += length;
    }
    return true;
}

std::size_t CountCodePoints(std::string_view text) {
    return static_cast<std::size_t>(
        std::ranges::count_if(text, [](char c) { return (static_cast<std::uint8_t>(c) & 0xC0) != 0x80; }));
}

bool IsBlank(std::string_view text) {
    return std::ranges::all_of(text, [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

bool HasControlCharacters(std::string_view text) {
    return std::ranges::any_of(text, [](char c) {
        auto byte = static_cast<std::uint8_t>(c);
        return (byte < 0x20 && c != '\t' && c != '\n' && c != '\r') || byte == 0x7F;
    });
}

bool IsPlausiblePhone(std::string_view phone) {
    if (phone.size() < 5 || phone.size() > 20) return false;
    int digits = 0;
    for (char c : phone) {
        if (c >= '0' && c <= '9') ++digits;
        else if (c != ' ' && c != '+' && c != '-' && c != '(' && c != ')') return false;
    }
    return digits >= 5;
}

bool IsPlausibleEmail(std::string_view email) {
    if (email.size() > 254 || email.size() < 5) return false;
    auto at = email.find('@');
    if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos) return false;
    auto domain = email.substr(at + 1);
    auto dot = domain.rfind('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 2 > domain.size()) return false;
    return std::ranges::none_of(email, [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '<' || c == '>'; });
}

void CheckText(std::vector<FieldError>& errors, const std::string& field, std::string_view text, bool required,
               std::size_t max_code_points) {
    if (!IsValidUtf8(text)) {
        errors.push_back({field, "is not valid UTF-8"});
        return;
    }
    if (required && IsBlank(text)) {
        errors.push_back({field, "is required"});
        return;
    }
    if (CountCodePoints(text) > max_code_points) {
        errors.push_back({field, "is longer than " + std::to_string(max_code_points) + " characters"});
        return;
    }
    if (HasControlCharacters(text)) errors.push_back({field, "contains control characters"});
}

void CheckLine(std::vector<FieldError>& errors, const std::string& field, std::string_view text, bool required,
               std::size_t max_code_points) {
    std::size_t before = errors.size();
    CheckText(errors, field, text, required, max_code_points);
    if (errors.size() == before && text.find_first_of("\t\n\r") != std::string_view::npos)
        errors.push_back({field, "must be one line (no tabs or line breaks)"});
}

}  // namespace kesu::domain
