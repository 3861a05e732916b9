#include "domain/org/estate_profile.hpp"

#include "core/text.hpp"

namespace linli::domain {

std::string_view ServiceModeName(ServiceMode mode) {
  switch (mode) {
    case ServiceMode::kSelfManaged:
      return "self_managed";
    case ServiceMode::kWhole:
      return "whole";
    case ServiceMode::kItemised:
      return "itemised";
    case ServiceMode::kCommunityCompany:
      return "community_company";
    case ServiceMode::kNone:
      return "none";
  }
  return "none";
}

std::optional<ServiceMode> ParseServiceMode(std::string_view text) {
  for (auto m : {ServiceMode::kSelfManaged, ServiceMode::kWhole, ServiceMode::kItemised,
                 ServiceMode::kCommunityCompany, ServiceMode::kNone})
    if (ServiceModeName(m) == text) return m;
  return std::nullopt;
}

Status CheckAddress(std::string_view address) {
  if (!IsValidUtf8(address)) return InvalidArgument("address is not valid UTF-8 text", "address");
  for (char c : address)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
      return InvalidArgument("address must be on one line without control characters", "address");
  if (Utf8Length(address) > static_cast<size_t>(kMaxAddressChars))
    return InvalidArgument(
        "address must have at most " + std::to_string(kMaxAddressChars) + " characters; shorten it",
        "address");
  return {};
}

Status CheckBuiltYear(std::int64_t year, int current_year) {
  if (year < kMinBuiltYear || year > current_year)
    return InvalidArgument("built_year must be a year from " + std::to_string(kMinBuiltYear) +
                               " to " + std::to_string(current_year) + ", like 1998",
                           "built_year");
  return {};
}

}  // namespace linli::domain
