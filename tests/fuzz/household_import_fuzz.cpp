// libFuzzer target for the household CSV import: any bytes must give either a plan or an
// invalid_argument error listing at most 1000 problems, never a crash, a hang or a sanitizer
// report. Build with clang: -fsanitize=fuzzer,address,undefined; seed it with sample CSV files.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "domain/org/household_import.hpp"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace linli::domain;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);

  auto result = ParseHouseholdCsv(bytes);
  if (!result) {
    const linli::Error& e = result.error();
    Check(e.code == linli::ErrorCode::kInvalidArgument);
    Check(!e.message.empty());
    Check(!e.rows.empty() && e.rows.size() <= kMaxImportProblems);
    for (const auto& row : e.rows) Check(row.line >= 1 && !row.problem.empty());
  } else {
    const ImportPlan& plan = *result;
    Check(!plan.households.empty());
    Check(plan.counts.households == static_cast<int>(plan.households.size()));
    Check(plan.counts.owners == static_cast<int>(plan.owners.size()));
    Check(plan.counts.buildings <= plan.counts.entrances);
    Check(plan.counts.entrances <= plan.counts.households);
    int64_t total = 0;
    for (const auto& h : plan.households) {
      Check(h.area_m2_x100 > 0 && h.area_m2_x100 <= kMaxAreaM2x100);
      Check(h.floor >= kMinFloor && h.floor <= kMaxFloor);
      Check(!h.building.empty() && !h.unit.empty() && !h.room.empty());
      Check(!h.owners.empty());
      for (size_t o : h.owners) Check(o < plan.owners.size());
      total += h.area_m2_x100;
    }
    Check(total == plan.counts.area_m2_x100);
  }

  // The area parser on its own: a value it accepts is in range and prints back to itself.
  if (size < 64) {
    if (auto area = ParseAreaM2(bytes); area) {
      Check(*area > 0 && *area <= kMaxAreaM2x100);
      Check(ParseAreaM2(FormatAreaM2(*area)).value() == *area);
    }
  }
  return 0;
}
