// Units of the administrative tree in the store.
#pragma once

#include <optional>
#include <vector>

#include "domain/org/unit.hpp"
#include "storage/database.hpp"

namespace linli::storage {

Result<std::optional<domain::Unit>> FindUnit(Tx& tx, std::int64_t id);
// Inserts the unit and sets its id, path and depth from the parent's.
Result<domain::Unit> InsertUnit(Tx& tx, domain::UnitKind kind, const std::string& name,
                                const std::optional<domain::Unit>& parent, std::int64_t now);
Status RenameUnit(Tx& tx, std::int64_t id, const std::string& name);
Result<std::vector<domain::Unit>> ListChildUnits(Tx& tx, std::int64_t parent_id, std::int64_t limit,
                                                 std::int64_t offset);
Result<std::int64_t> CountChildUnits(Tx& tx, std::int64_t parent_id);
Result<std::vector<domain::Unit>> ListRootUnits(Tx& tx);
// The units named by a path "/1/5/9/", root first.
Result<std::vector<domain::Unit>> UnitsOnPath(Tx& tx, const std::string& path);

}  // namespace linli::storage
