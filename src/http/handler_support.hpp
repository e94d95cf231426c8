// Small helpers shared by the handler files: path parameters, body parsing, and turning a Result into a
// response.
#pragma once

#include <charconv>
#include <string>

#include "domain/validation.hpp"
#include "http/api.hpp"
#include "http/json_input.hpp"
#include "http/json_output.hpp"
#include "http/problem.hpp"

namespace kesu::http {

inline constexpr const char* kSessionCookie = "kesu_session";

inline domain::Result<std::int64_t> PathId(const Call& call, std::size_t index, const char* name) {
    const std::string& text = call.params.at(index);
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value <= 0)
        return domain::FailField(domain::ErrorCode::kInvalidArgument, name, "must be a positive integer");
    return value;
}

inline domain::Result<nlohmann::json> Body(const Call& call) {
    std::string_view type = call.request.Header("content-type");
    if (!type.starts_with("application/json"))
        return domain::Fail(domain::ErrorCode::kUnsupportedMediaType, "send the body as Content-Type: application/json");
    return ParseJsonObject(call.request.body);
}

// Collects field errors while reading; FailFields when any.
template <class T>
domain::Result<T> Finish(std::vector<domain::FieldError>& errors, T value) {
    if (!errors.empty()) return domain::FailFields(std::move(errors));
    return value;
}

}  // namespace kesu::http
