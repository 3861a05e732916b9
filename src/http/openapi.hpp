// The OpenAPI 3 document (docs/openapi.json, compiled in).
#pragma once

#include <string>

namespace linli::http {

const std::string& OpenApiDocument();

}  // namespace linli::http
