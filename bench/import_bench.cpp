// Micro-benchmarks of hot pure paths: parsing a household CSV (an estate's import), masking,
// and the permission check that runs on every request. Run: build/bench/import_bench
#include <benchmark/benchmark.h>

#include <string>

#include "app/authz.hpp"
#include "core/mask.hpp"
#include "domain/org/household_import.hpp"

namespace {

std::string MakeCsv(int households) {
  std::string csv =
      "building,unit,floor,room,area_m2,area_source,owner_name,owner_phone,owner_kind,delivered\n";
  for (int i = 0; i < households; ++i) {
    int building = i / 120 + 1, unit = (i / 40) % 3 + 1, floor = (i / 2) % 20 + 1,
        room = floor * 100 + i % 2 + 1;
    char phone[16];
    std::snprintf(phone, sizeof phone, "139%08d", i);
    csv += std::to_string(building) + "栋," + std::to_string(unit) + "单元," +
           std::to_string(floor) + "," + std::to_string(room) + ",89.45,registry,张测试," + phone +
           ",person,yes\n";
  }
  return csv;
}

void BM_ParseHouseholdCsv(benchmark::State& state) {
  const std::string csv = MakeCsv(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto plan = linli::domain::ParseHouseholdCsv(csv);
    if (!plan) state.SkipWithError("parse failed");
    benchmark::DoNotOptimize(plan);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(csv.size()));
}
BENCHMARK(BM_ParseHouseholdCsv)->Arg(116)->Arg(1000)->Arg(10000);

void BM_MaskNameAndPhone(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(linli::MaskName("欧阳测试"));
    benchmark::DoNotOptimize(linli::MaskPhone("13812341234"));
  }
}
BENCHMARK(BM_MaskNameAndPhone);

void BM_PermissionCheck(benchmark::State& state) {
  linli::app::Principal who;
  for (int i = 0; i < 4; ++i) {
    linli::app::RoleGrant g;
    g.role = linli::domain::Role::kCommittee;
    g.unit_path = "/1/2/3/" + std::to_string(100 + i) + "/";
    who.roles.push_back(g);
  }
  for (auto _ : state)
    benchmark::DoNotOptimize(
        linli::app::Allows(who, linli::domain::Permission::kReadHouseholds, "/1/2/3/103/"));
}
BENCHMARK(BM_PermissionCheck);

}  // namespace

BENCHMARK_MAIN();
