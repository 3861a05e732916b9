// Routes of this capability (filled in as the capability lands).
#include "http/api.hpp"

namespace linli::http {

void RegisterEstateRoutes(Router& r, Api& api) {}

}  // namespace linli::http
