#include "app/authz.hpp"

#include "domain/org/unit.hpp"

namespace linli::app {

bool Allows(const Principal& who, domain::Permission permission, std::string_view unit_path) {
  for (const auto& g : who.roles)
    if (domain::RoleHas(g.role, permission) && domain::PathWithin(unit_path, g.unit_path))
      return true;
  return false;
}

Status Require(const Principal& who, domain::Permission permission, std::string_view unit_path,
               std::string_view what) {
  if (Allows(who, permission, unit_path)) return {};
  return PermissionDenied("your roles do not allow you to " + std::string(what) +
                          " here; ask an administrator of this area for a role that does");
}

bool AllowsSomewhere(const Principal& who, domain::Permission permission) {
  for (const auto& g : who.roles)
    if (domain::RoleHas(g.role, permission)) return true;
  return false;
}

}  // namespace linli::app
