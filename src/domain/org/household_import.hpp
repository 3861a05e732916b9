// The household import: turns the bytes of a CSV household list into an ImportPlan (the
// buildings, entrances, households and owners it describes), or into one error that lists
// EVERY problem of the file, each with its line, column and a sentence saying how to fix it.
// Nothing is imported from a file with a problem, so the plan exists only for a clean file.
//
// The file: UTF-8 (with or without BOM), CRLF or LF, RFC 4180 quoting. The header names the
// columns in any order (case-insensitive):
//   building,unit,floor,room,area_m2,area_source,owner_name,owner_phone,owner_kind[,delivered][,use]
// One row per owner of a room; co-owners are several rows for the same room. Blank lines and
// rows of empty cells are skipped.
//
// Who counts (RULES.md §2): the area of a room is kept with its source (registry > survey >
// contract) in integer hundredths of m²; an owner is identified by phone if one is given, else
// by kind + name; a developer's undelivered room may leave the owner name empty ("开发商").
//
// Pure domain code: no I/O. Thread-safety: pure functions over plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace linli::domain {

// Where the area of a room comes from (SPC interpretation art. 8): the land registry, a
// survey, or the sales contract, in that order of preference.
enum class AreaSource { kRegistry, kSurvey, kContract };
// "registry", "survey", "contract".
const char* AreaSourceName(AreaSource source);

// What an exclusive unit is used as. Whether parking spaces count in votes is set per estate in
// its rules of procedure (RULES.md §2).
enum class UnitUse { kHome, kShop, kParking };
// "home", "shop", "parking".
const char* UnitUseName(UnitUse use);
std::optional<UnitUse> ParseUnitUseName(std::string_view text);

enum class OwnerKind { kPerson, kDeveloper, kOrganisation };
// "person", "developer", "organisation".
const char* OwnerKindName(OwnerKind kind);

// The name given to a developer's undelivered room when the file leaves the owner name empty.
inline constexpr std::string_view kDeveloperDefaultName = "开发商";

// Limits of the file's values.
inline constexpr int kMaxNameChars = 32;  // building, unit, floor label, room
inline constexpr int kMaxOwnerNameChars = 64;
inline constexpr int kMinFloor = -5;
inline constexpr int kMaxFloor = 200;
inline constexpr int64_t kMaxAreaM2x100 = 10000 * 100;  // 10000 m²
inline constexpr size_t kMaxImportProblems = 1000;

// One distinct owner of the file. Identity: the phone if given, else kind + name.
struct ImportOwner {
  std::string name;
  std::string phone;  // 11 digits, or empty
  OwnerKind kind = OwnerKind::kPerson;
  int line = 0;  // line of the first row naming this owner
};

// One room, keyed by (building, unit, floor, room).
struct ImportHousehold {
  std::string building;
  std::string unit;         // the entrance (单元), as written in the file
  int floor = 0;            // B1 -> -1
  std::string floor_label;  // as written, e.g. "B1" or "12"
  std::string room;
  int64_t area_m2_x100 = 0;  // hundredths of m²: 89.45 m² -> 8945
  AreaSource area_source = AreaSource::kRegistry;
  bool delivered = true;
  UnitUse use = UnitUse::kHome;
  std::vector<size_t> owners;  // indexes into ImportPlan::owners, in file order
  int line = 0;                // line of the first row of this room
};

struct ImportCounts {
  int records = 0;  // data rows read (one per owner of a room)
  int buildings = 0;
  int entrances = 0;  // distinct (building, unit)
  int households = 0;
  int delivered_households = 0;
  int owners = 0;            // distinct owners
  int64_t area_m2_x100 = 0;  // total exclusive area
};

// What a clean file describes, in the order of first appearance in the file.
struct ImportPlan {
  std::vector<ImportHousehold> households;
  std::vector<ImportOwner> owners;
  ImportCounts counts;
};

// Parses a household CSV file. On failure: Error{kInvalidArgument, "the file has N problems;
// nothing was imported", rows = every problem (at most kMaxImportProblems)}; line is the
// physical line where the record starts (header = line 1), column the canonical column name
// ("" for a problem of the whole row or file).
Result<ImportPlan> ParseHouseholdCsv(std::string_view bytes);

// Parses an area in m² written as decimal text ("89.45", "90", "90.5") exactly into hundredths
// of m²; more than 2 decimals, zero, negative or more than 10000 m² is an error whose message
// names `column`.
Result<int64_t> ParseAreaM2(std::string_view text, std::string_view column = "area_m2");
// 8945 -> "89.45", 9000 -> "90.00".
std::string FormatAreaM2(int64_t area_m2_x100);

}  // namespace linli::domain
