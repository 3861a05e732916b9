// The profile of an estate (小区): where it is, when it was built, and how it is managed
// (DOMAIN.md §1: a property company for the whole estate, itemised outsourcing, a community
// property company, self-management by a 物管会 or the community, or none yet).
// Pure domain code. Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace linli::domain {

enum class ServiceMode { kSelfManaged, kWhole, kItemised, kCommunityCompany, kNone };

// "self_managed", "whole", "itemised", "community_company", "none".
std::string_view ServiceModeName(ServiceMode mode);
std::optional<ServiceMode> ParseServiceMode(std::string_view text);

inline constexpr int kMaxAddressChars = 128;
inline constexpr int kMinBuiltYear = 1900;

struct EstateProfile {
  std::string address;
  std::optional<int> built_year;
  ServiceMode service_mode = ServiceMode::kNone;
};

// An address: valid UTF-8, at most 128 characters, on one line (may be empty).
Status CheckAddress(std::string_view address);
// A year from 1900 to `current_year` (a building cannot be finished in the future).
Status CheckBuiltYear(std::int64_t year, int current_year);

}  // namespace linli::domain
