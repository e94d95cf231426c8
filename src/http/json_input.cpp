#include "http/json_input.hpp"

#include <algorithm>
#include <cmath>

#include "domain/complaint.hpp"
#include "domain/validation.hpp"

namespace kesu::http {

using domain::ErrorCode;

namespace {

constexpr int kMaxDepth = 16;

// Nesting depth outside strings, so a body like [[[[...]]]] is refused before the parser recurses.
bool DepthWithin(std::string_view body, int max_depth) {
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < body.size(); ++i) {
        char c = body[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            if (++depth > max_depth) return false;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return true;
}

const char* TypeName(const nlohmann::json& value) {
    if (value.is_string()) return "a string";
    if (value.is_boolean()) return "a boolean";
    if (value.is_number()) return "a number";
    if (value.is_object()) return "an object";
    if (value.is_array()) return "an array";
    return "null";
}

}  // namespace

domain::Result<nlohmann::json> ParseJsonObject(std::string_view body) {
    if (body.empty()) return domain::Fail(ErrorCode::kInvalidArgument, "the request body must be a JSON object");
    if (!DepthWithin(body, kMaxDepth))
        return domain::Fail(ErrorCode::kInvalidArgument, "the JSON body is nested too deeply");
    nlohmann::json parsed;
    // The keys leading to the value being read (one per nesting level; "" for arrays), so a number too large for a
    // double (1e309, which nlohmann reports as out_of_range, not parse_error) is refused naming its field.
    std::vector<std::string> path;
    auto track = [&path](int depth, nlohmann::json::parse_event_t event, nlohmann::json& value) {
        if (event == nlohmann::json::parse_event_t::key && depth > 0) {
            path.resize(static_cast<std::size_t>(depth));
            path.back() = value.get<std::string>();
        } else if (event == nlohmann::json::parse_event_t::object_start ||
                   event == nlohmann::json::parse_event_t::array_start) {
            path.resize(static_cast<std::size_t>(depth));
            path.emplace_back();
        }
        return true;
    };
    try {
        parsed = nlohmann::json::parse(body, track);
    } catch (const nlohmann::json::parse_error& e) {
        return domain::Fail(ErrorCode::kInvalidArgument,
                            "malformed JSON at byte " + std::to_string(e.byte) + ": the body is not valid JSON");
    } catch (const nlohmann::json::out_of_range&) {
        std::string field;
        for (const std::string& key : path)
            if (!key.empty()) field += (field.empty() ? "" : ".") + key;
        return domain::FailField(ErrorCode::kInvalidArgument, field.empty() ? "body" : field,
                                 "is a number too large to represent");
    }
    if (!parsed.is_object()) return domain::Fail(ErrorCode::kInvalidArgument, "the request body must be a JSON object");
    return parsed;
}

FieldReader::FieldReader(const nlohmann::json& object, std::vector<domain::FieldError>& errors, std::string prefix)
    : object_(object), errors_(errors), prefix_(std::move(prefix)) {}

void FieldReader::Error(std::string_view key, std::string reason) {
    errors_.push_back({Name(key), std::move(reason)});
}

bool FieldReader::Has(const char* key) const { return object_.contains(key); }

bool FieldReader::IsNull(const char* key) const {
    auto it = object_.find(key);
    return it != object_.end() && it->is_null();
}

const nlohmann::json* FieldReader::Find(const char* key, bool required) {
    read_.emplace_back(key);
    auto it = object_.find(key);
    if (it == object_.end() || it->is_null()) {
        if (required) Error(key, "is required");
        return nullptr;
    }
    return &*it;
}

std::optional<std::string> FieldReader::Text(const char* key, bool required, std::size_t max_code_points) {
    const auto* value = Find(key, required);
    if (value == nullptr) return std::nullopt;
    if (!value->is_string()) {
        Error(key, std::string("must be a string, not ") + TypeName(*value));
        return std::nullopt;
    }
    const auto& text = value->get_ref<const std::string&>();
    std::vector<domain::FieldError> problems;
    domain::CheckText(problems, Name(key), text, required, max_code_points);
    if (!problems.empty()) {
        for (auto& problem : problems) errors_.push_back(std::move(problem));
        return std::nullopt;
    }
    return text;
}

std::optional<std::int64_t> FieldReader::Integer(const char* key, bool required, std::int64_t min, std::int64_t max) {
    const auto* value = Find(key, required);
    if (value == nullptr) return std::nullopt;
    if (!value->is_number_integer()) {
        Error(key, std::string("must be an integer, not ") + TypeName(*value));
        return std::nullopt;
    }
    std::int64_t number = value->is_number_unsigned() && value->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)
                              ? INT64_MAX
                              : value->get<std::int64_t>();
    if (number < min || number > max) {
        Error(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
        return std::nullopt;
    }
    return number;
}

std::optional<bool> FieldReader::Boolean(const char* key, bool required) {
    const auto* value = Find(key, required);
    if (value == nullptr) return std::nullopt;
    if (!value->is_boolean()) {
        Error(key, std::string("must be true or false, not ") + TypeName(*value));
        return std::nullopt;
    }
    return value->get<bool>();
}

std::optional<domain::Instant> FieldReader::Time(const char* key, bool required) {
    const auto* value = Find(key, required);
    if (value == nullptr) return std::nullopt;
    if (!value->is_string()) {
        Error(key, "must be an RFC 3339 date-time string such as 2026-11-22T09:30:00+08:00");
        return std::nullopt;
    }
    auto at = domain::ParseInstant(value->get_ref<const std::string&>());
    if (!at) Error(key, "must be an RFC 3339 date-time with an offset, such as 2026-11-22T09:30:00+08:00");
    return at;
}

std::optional<std::int64_t> FieldReader::Money(const char* key, bool required) {
    const auto* value = Find(key, required);
    if (value == nullptr) return std::nullopt;
    if (value->is_string()) {
        auto fen = domain::ParseYuan(value->get_ref<const std::string&>());
        if (!fen) Error(key, "must be an amount in yuan with at most two decimals, such as \"128.50\"");
        return fen;
    }
    if (value->is_number()) {
        double yuan = value->get<double>();
        double fen = std::round(yuan * 100.0);
        if (yuan < 0 || yuan > 1e12 || std::fabs(fen - yuan * 100.0) > 1e-6) {
            Error(key, "must be a non-negative amount in yuan with at most two decimals");
            return std::nullopt;
        }
        return static_cast<std::int64_t>(fen);
    }
    Error(key, std::string("must be an amount such as \"128.50\", not ") + TypeName(*value));
    return std::nullopt;
}

const nlohmann::json* FieldReader::Object(const char* key, bool required) {
    const auto* value = Find(key, required);
    if (value == nullptr) return nullptr;
    if (!value->is_object()) {
        Error(key, std::string("must be an object, not ") + TypeName(*value));
        return nullptr;
    }
    return value;
}

const nlohmann::json* FieldReader::Array(const char* key, bool required, std::size_t max_items) {
    const auto* value = Find(key, required);
    if (value == nullptr) return nullptr;
    if (!value->is_array()) {
        Error(key, std::string("must be an array, not ") + TypeName(*value));
        return nullptr;
    }
    if (value->size() > max_items) {
        Error(key, "must have at most " + std::to_string(max_items) + " items");
        return nullptr;
    }
    return value;
}

void FieldReader::RejectUnknown() {
    for (auto it = object_.begin(); it != object_.end(); ++it) {
        if (std::ranges::find(read_, it.key()) == read_.end()) Error(it.key(), "is not a known field");
    }
}

}  // namespace kesu::http
