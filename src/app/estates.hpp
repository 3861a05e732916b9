// Use cases of estates (小区): the estate with its profile and figures, buildings, the household
// list and the owner roll (names and phones masked for viewers who have no need for them,
// RULES.md §9), and the household CSV import (all or nothing, one audit entry).
// Thread-safety: EstateService is thread-safe (stateless over Env).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/context.hpp"
#include "domain/org/estate_profile.hpp"
#include "domain/org/unit.hpp"
#include "storage/repos/estates.hpp"

namespace linli::app {

struct EstateView {
  domain::Unit unit;
  std::vector<domain::Unit> path;  // root first, including the estate itself
  std::int64_t child_count = 0;
  domain::EstateProfile profile;
  storage::EstateStats stats;
};

// A change to the profile: a field left unset keeps its value. built_year may be set to
// nullopt (cleared).
struct EstateProfilePatch {
  std::optional<std::string> address;
  std::optional<std::optional<std::int64_t>> built_year;
  std::optional<std::string> service_mode;
};

// Households and owners as the viewer may see them: `names_masked` tells whether names and
// phones were masked (MaskName/MaskPhone) for this viewer.
struct HouseholdPage {
  Paged<storage::HouseholdRecord> households;
  bool names_masked = true;
};
struct OwnerPage {
  Paged<storage::OwnerListing> owners;
  bool names_masked = true;
};

struct HouseholdQuery {
  std::string building;  // exact name; empty for all
  std::string q;         // substring of room, owner name or phone (room only when masked)
};

using ImportCounts = storage::ImportOutcome;

class EstateService {
 public:
  explicit EstateService(Env env) : env_(env) {}

  // kReadStructure on the estate.
  Result<EstateView> GetEstate(const Principal& who, std::int64_t estate_id);
  // kManageHouseholds. address <= 128 characters; built_year 1900..this year (Asia/Shanghai,
  // by env.clock); service_mode self_managed|whole|itemised|community_company|none.
  Result<EstateView> UpdateProfile(const Principal& who, std::int64_t estate_id,
                                   const EstateProfilePatch& patch);
  // kReadStructure.
  Result<std::vector<storage::BuildingSummary>> ListBuildings(const Principal& who,
                                                              std::int64_t estate_id);
  // kManageHouseholds. A name of 1..32 characters, unique in the estate.
  Result<storage::BuildingSummary> CreateBuilding(const Principal& who, std::int64_t estate_id,
                                                  const std::string& name);
  // A key naming the household list of the estate as this viewer sees it now: the estate, its
  // households_version (bumped by every change to its households and owners) and whether names
  // are masked. Checks kReadHouseholds. Callers may cache what ListHouseholds returned under it.
  Result<std::string> HouseholdListVersion(const Principal& who, std::int64_t estate_id);
  // kReadHouseholds; unmasked with kReadPersonalData.
  Result<HouseholdPage> ListHouseholds(const Principal& who, std::int64_t estate_id,
                                       const HouseholdQuery& query, Page page);
  // kReadHouseholds; unmasked with kReadPersonalData.
  Result<OwnerPage> ListOwners(const Principal& who, std::int64_t estate_id, const std::string& q,
                               Page page);
  // kManageHouseholds. Parses the CSV (domain/org/household_import); a file with problems is
  // answered with the parser's error unchanged (every row problem, nothing saved). Otherwise
  // applies it in one write transaction and writes one "import" audit entry with the counts.
  Result<ImportCounts> ImportHouseholds(const Principal& who, std::int64_t estate_id,
                                        std::string_view csv);

 private:
  Env env_;
};

}  // namespace linli::app
