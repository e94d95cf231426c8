#include "domain/error.hpp"

namespace kesu::domain {

const char* ErrorCodeName(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument: return "invalid_argument";
        case ErrorCode::kNotFound: return "not_found";
        case ErrorCode::kUnauthenticated: return "unauthenticated";
        case ErrorCode::kForbidden: return "forbidden";
        case ErrorCode::kIllegalTransition: return "illegal_transition";
        case ErrorCode::kStaleVersion: return "stale_version";
        case ErrorCode::kConflict: return "conflict";
        case ErrorCode::kRateLimited: return "rate_limited";
        case ErrorCode::kPayloadTooLarge: return "payload_too_large";
        case ErrorCode::kUnsupportedMediaType: return "unsupported_media_type";
        case ErrorCode::kUnavailable: return "unavailable";
        case ErrorCode::kInternal: return "internal";
    }
    return "internal";
}

}  // namespace kesu::domain
