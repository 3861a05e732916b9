// The natural order of households in an estate: building, entrance, floor, room, with names
// compared by length first so that "2栋" comes before "10栋" and "301" before "1001". Stored
// as a sort key beside each household so that a page of an estate's households is an index
// range, not a sort of the whole estate. Migration 003 computes the same key in SQL for rows
// that existed before it; keep the two in step.
// Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>

namespace linli::domain {

// "{len(building):03}{building}|{len(entrance):03}{entrance}|{floor+1000:04}|{len(room):03}{room}"
// with lengths in Unicode code points; compared bytewise (COLLATE "C" on PostgreSQL).
std::string HouseholdSortKey(std::string_view building, std::string_view entrance, int floor,
                             std::string_view room);

}  // namespace linli::domain
