// Strict reading of JSON request bodies: the body must be an object, every field has a type and a limit,
// unknown fields are errors, and all problems are collected so one 400 names every field at fault.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/enum_names.hpp"
#include "domain/error.hpp"
#include "domain/time.hpp"

namespace kesu::http {

// Parses a request body into a JSON object; refuses malformed JSON (with the byte offset), other top-level
// types and nesting deeper than 16 levels.
domain::Result<nlohmann::json> ParseJsonObject(std::string_view body);

class FieldReader {
public:
    // `prefix` is prepended to field names in errors ("complainant.").
    FieldReader(const nlohmann::json& object, std::vector<domain::FieldError>& errors, std::string prefix = "");

    bool Has(const char* key) const;
    bool IsNull(const char* key) const;
    std::optional<std::string> Text(const char* key, bool required, std::size_t max_code_points);
    std::optional<std::int64_t> Integer(const char* key, bool required, std::int64_t min, std::int64_t max);
    std::optional<bool> Boolean(const char* key, bool required);
    std::optional<domain::Instant> Time(const char* key, bool required);
    // CNY amount as "12.34" or 12.34 (at most two decimals) → fen.
    std::optional<std::int64_t> Money(const char* key, bool required);
    template <class E>
    std::optional<E> Enum(const char* key, std::span<const domain::EnumName<E>> names, bool required) {
        auto text = Text(key, required, 64);
        if (!text) return std::nullopt;
        auto value = domain::ParseIn(names, *text);
        if (!value) {
            std::string allowed;
            for (const auto& entry : names) allowed += (allowed.empty() ? "" : ", ") + std::string(entry.name);
            Error(key, "must be one of: " + allowed);
        }
        return value;
    }
    // A nested object (marks the key as read); nullptr when absent or of another type (error recorded).
    const nlohmann::json* Object(const char* key, bool required);
    const nlohmann::json* Array(const char* key, bool required, std::size_t max_items);
    // Records an "unknown field" error for every key that no accessor read.
    void RejectUnknown();
    void Error(std::string_view key, std::string reason);
    std::string Name(std::string_view key) const { return prefix_ + std::string(key); }

private:
    const nlohmann::json* Find(const char* key, bool required);

    const nlohmann::json& object_;
    std::vector<domain::FieldError>& errors_;
    std::string prefix_;
    std::vector<std::string> read_;
};

}  // namespace kesu::http
