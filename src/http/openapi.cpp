#include "http/openapi.hpp"

#include <span>

#include "core/embedded.hpp"

namespace linli::http {
std::span<const EmbeddedFile> EmbeddedDocs();

const std::string& OpenApiDocument() {
  static const std::string kDoc = [] {
    for (const auto& f : EmbeddedDocs())
      if (std::string(f.name) == "openapi.json") return std::string(f.contents);
    return std::string("{}");
  }();
  return kDoc;
}

}  // namespace linli::http
