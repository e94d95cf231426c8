// Expected failures as values: every fallible domain, use-case and adapter call returns Result<T>.
// ErrorCode is transport-neutral; the HTTP layer maps it to a status in exactly one place.
#pragma once

#include <expected>
#include <string>
#include <utility>
#include <vector>

namespace kesu::domain {

enum class ErrorCode {
    kInvalidArgument,      // a field is missing, malformed or out of range
    kNotFound,             // the thing does not exist or the caller may not know it exists
    kUnauthenticated,      // no valid session, token or access code
    kForbidden,            // authenticated, but the role or scope does not allow it
    kIllegalTransition,    // the action is not allowed in the complaint's current state
    kStaleVersion,         // optimistic concurrency: someone else changed it first
    kConflict,             // uniqueness or idempotency-key reuse with a different request
    kRateLimited,          // too many attempts; retry later
    kPayloadTooLarge,      // body or attachment over its limit
    kUnsupportedMediaType, // content type not accepted or not matching the content
    kUnavailable,          // storage or a dependency is temporarily unavailable
    kInternal,             // a bug or an unexpected library failure; details are logged, never shown
};

struct FieldError {
    std::string field;   // JSON pointer-ish path, e.g. "complainant.phone" or "measures[0].deadline"
    std::string reason;  // safe to show to the user
};

struct Error {
    ErrorCode code = ErrorCode::kInternal;
    std::string message;              // safe to show to the user
    std::vector<FieldError> fields;   // the fields at fault, if any
    int retry_after_seconds = 0;      // for kRateLimited
};

template <class T>
using Result = std::expected<T, Error>;


inline std::unexpected<Error> Fail(ErrorCode code, std::string message) {
    return std::unexpected(Error{code, std::move(message), {}, 0});
}

inline std::unexpected<Error> FailField(ErrorCode code, std::string field, std::string reason) {
    std::string message = field + ": " + reason;
    return std::unexpected(Error{code, std::move(message), {FieldError{std::move(field), std::move(reason)}}, 0});
}

inline std::unexpected<Error> FailFields(std::vector<FieldError> fields) {
    std::string message = fields.empty() ? "invalid request" : fields.front().field + ": " + fields.front().reason;
    if (fields.size() > 1) message += " (and " + std::to_string(fields.size() - 1) + " more)";
    return std::unexpected(Error{ErrorCode::kInvalidArgument, std::move(message), std::move(fields), 0});
}

const char* ErrorCodeName(ErrorCode code);

}  // namespace kesu::domain
