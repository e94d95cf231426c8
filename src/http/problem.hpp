// The one place that maps domain errors to HTTP: status codes (a switch without default, so a new ErrorCode
// fails the build until it is mapped) and RFC 9457 application/problem+json bodies naming the fields at fault.
// Internal details are logged, never sent.
#pragma once

#include <string>
#include <string_view>

#include "domain/error.hpp"
#include "http/message.hpp"

namespace kesu::http {

int StatusFor(domain::ErrorCode code);
Response ProblemResponse(const domain::Error& error, std::string_view request_id);
Response ProblemResponse(int status, std::string_view detail, std::string_view request_id);

}  // namespace kesu::http
