// Use cases of the administrative tree: create, read, rename units and list children.
// Thread-safety: UnitService is thread-safe (stateless over Env).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "domain/org/unit.hpp"

namespace linli::app {

struct UnitView {
  domain::Unit unit;
  std::vector<domain::Unit> path;  // root first, including the unit itself
  std::int64_t child_count = 0;
};

class UnitService {
 public:
  explicit UnitService(Env env) : env_(env) {}

  Result<UnitView> Create(const Principal& who, const std::string& kind, const std::string& name,
                          std::optional<std::int64_t> parent_id);
  Result<UnitView> Get(const Principal& who, std::int64_t id);
  Result<Paged<UnitView>> Children(const Principal& who, std::int64_t id, Page page);
  // The topmost units the principal can see: the roots for a global grant, else the granted units.
  Result<std::vector<UnitView>> Roots(const Principal& who);
  Result<UnitView> Rename(const Principal& who, std::int64_t id, const std::string& name);

 private:
  Env env_;
};

// Loads a unit or answers not_found naming it; for use cases of other capabilities.
Result<domain::Unit> LoadUnit(storage::Tx& tx, std::int64_t id);
// Loads an estate (a unit of kind estate) or answers not_found / invalid_argument.
Result<domain::Unit> LoadEstate(storage::Tx& tx, std::int64_t id);

}  // namespace linli::app
