// The OpenAPI 3 description of the API (http/openapi.json, compiled in and served at /api/v1/openapi.json).
#pragma once

#include <string_view>

namespace kesu::http {

std::string_view OpenApiDocument();

}  // namespace kesu::http
