#include "domain/org/household_order.hpp"

#include <cstdio>

#include "core/text.hpp"

namespace linli::domain {
namespace {
std::string Counted(std::string_view s) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%03zu", Utf8Length(s) % 1000);
  return buf + std::string(s);
}
}  // namespace

std::string HouseholdSortKey(std::string_view building, std::string_view entrance, int floor,
                             std::string_view room) {
  char f[16];
  std::snprintf(f, sizeof f, "%04d", floor + 1000);
  return Counted(building) + "|" + Counted(entrance) + "|" + f + "|" + Counted(room);
}

}  // namespace linli::domain
