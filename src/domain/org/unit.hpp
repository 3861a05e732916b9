// The administrative tree: city/district > street/town > community > estate (小区).
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace linli::domain {

enum class UnitKind { kCity, kDistrict, kStreet, kCommunity, kEstate };

std::string_view UnitKindName(UnitKind kind);  // "city", "district", ...
std::optional<UnitKind> ParseUnitKind(std::string_view text);

struct Unit {
  std::int64_t id = 0;
  UnitKind kind = UnitKind::kDistrict;
  std::string name;
  std::optional<std::int64_t> parent_id;
  std::string path;  // "/1/5/9/": ids from the root down to and including this unit
  int depth = 0;
};

// Whether a unit of `child` kind may sit under a parent of `parent` kind (nullopt = at the root).
// City > district > street > community > estate; a district or a county-level city may be a root.
Status CheckPlacement(UnitKind child, std::optional<UnitKind> parent);
// A unit name: 1..64 characters, no control characters.
Status CheckUnitName(std::string_view name);
// Whether `path` lies inside the subtree rooted at the unit whose path is `root_path`.
inline bool PathWithin(std::string_view path, std::string_view root_path) {
  return path.substr(0, root_path.size()) == root_path;
}

}  // namespace linli::domain
