#include "http/problem.hpp"

#include <nlohmann/json.hpp>

namespace kesu::http {

using domain::ErrorCode;

int StatusFor(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument: return 400;
        case ErrorCode::kNotFound: return 404;
        case ErrorCode::kUnauthenticated: return 401;
        case ErrorCode::kForbidden: return 403;
        case ErrorCode::kIllegalTransition: return 409;
        case ErrorCode::kStaleVersion: return 409;
        case ErrorCode::kConflict: return 409;
        case ErrorCode::kRateLimited: return 429;
        case ErrorCode::kPayloadTooLarge: return 413;
        case ErrorCode::kUnsupportedMediaType: return 415;
        case ErrorCode::kUnavailable: return 503;
        case ErrorCode::kInternal: return 500;
    }
    return 500;
}

namespace {

const char* TitleFor(int status) {
    switch (status) {
        case 400: return "Invalid request";
        case 401: return "Authentication required";
        case 403: return "Forbidden";
        case 404: return "Not found";
        case 405: return "Method not allowed";
        case 409: return "Conflict";
        case 413: return "Payload too large";
        case 415: return "Unsupported media type";
        case 429: return "Too many requests";
        case 431: return "Request header fields too large";
        case 503: return "Service unavailable";
        default: return status >= 500 ? "Internal error" : "Request refused";
    }
}

Response Render(nlohmann::json body, int status) {
    Response response;
    response.status = status;
    response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    response.SetHeader("Content-Type", "application/problem+json");
    response.SetHeader("Cache-Control", "no-store");
    return response;
}

}  // namespace

Response ProblemResponse(const domain::Error& error, std::string_view request_id) {
    int status = StatusFor(error.code);
    nlohmann::json body{{"type", std::string("https://kesu.dev/problems/") + domain::ErrorCodeName(error.code)},
                        {"title", TitleFor(status)},
                        {"status", status},
                        {"detail", error.code == ErrorCode::kInternal
                                       ? "an internal error occurred; quote request id " + std::string(request_id)
                                       : error.message},
                        {"request_id", request_id}};
    if (!error.fields.empty()) {
        nlohmann::json errors = nlohmann::json::array();
        for (const auto& field : error.fields) errors.push_back({{"field", field.field}, {"reason", field.reason}});
        body["errors"] = errors;
        body["field"] = error.fields.front().field;
    }
    Response response = Render(std::move(body), status);
    if (error.retry_after_seconds > 0) response.SetHeader("Retry-After", std::to_string(error.retry_after_seconds));
    return response;
}

Response ProblemResponse(int status, std::string_view detail, std::string_view request_id) {
    return Render({{"type", "about:blank"},
                   {"title", TitleFor(status)},
                   {"status", status},
                   {"detail", detail},
                   {"request_id", request_id}},
                  status);
}

}  // namespace kesu::http
