// Permission checks: a role grant reaches the subtree below its unit (RoleHas in domain/people
// says what each role may do). Every use case calls one of these before touching data.
// Thread-safety: pure functions over the principal.
#pragma once

#include <string_view>

#include "app/context.hpp"

namespace linli::app {

// Whether any of the principal's grants carries `permission` over the unit at `unit_path`.
bool Allows(const Principal& who, domain::Permission permission, std::string_view unit_path);
// Allows, or a permission_denied error that says what was needed.
Status Require(const Principal& who, domain::Permission permission, std::string_view unit_path,
               std::string_view what);
// Whether the principal holds the permission anywhere at all.
bool AllowsSomewhere(const Principal& who, domain::Permission permission);

}  // namespace linli::app
