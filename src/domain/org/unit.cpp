#include "domain/org/unit.hpp"

#include "core/text.hpp"

namespace linli::domain {

std::string_view UnitKindName(UnitKind kind) {
  switch (kind) {
    case UnitKind::kCity:
      return "city";
    case UnitKind::kDistrict:
      return "district";
    case UnitKind::kStreet:
      return "street";
    case UnitKind::kCommunity:
      return "community";
    case UnitKind::kEstate:
      return "estate";
  }
  return "district";
}

std::optional<UnitKind> ParseUnitKind(std::string_view text) {
  for (auto k : {UnitKind::kCity, UnitKind::kDistrict, UnitKind::kStreet, UnitKind::kCommunity,
                 UnitKind::kEstate})
    if (UnitKindName(k) == text) return k;
  return std::nullopt;
}

namespace {
std::string WithArticle(UnitKind k) { return WithIndefiniteArticle(UnitKindName(k)); }
}  // namespace

Status CheckPlacement(UnitKind child, std::optional<UnitKind> parent) {
  std::string c(UnitKindName(child));
  if (!parent) {
    if (child == UnitKind::kCity || child == UnitKind::kDistrict) return {};
    return InvalidArgument(
        WithArticle(child) +
            " needs a parent_id: only a city or a district stands at the top of the tree",
        "parent_id");
  }
  auto expected = [&]() -> std::optional<UnitKind> {
    switch (child) {
      case UnitKind::kCity:
        return std::nullopt;
      case UnitKind::kDistrict:
        return UnitKind::kCity;
      case UnitKind::kStreet:
        return UnitKind::kDistrict;
      case UnitKind::kCommunity:
        return UnitKind::kStreet;
      case UnitKind::kEstate:
        return UnitKind::kCommunity;
    }
    return std::nullopt;
  }();
  if (expected && *expected == *parent) return {};
  std::string p(UnitKindName(*parent));
  if (!expected)
    return InvalidArgument("a city stands at the top of the tree and takes no parent_id",
                           "parent_id");
  return InvalidArgument(WithArticle(child) + " must be placed under " + WithArticle(*expected) +
                             ", not under " + WithArticle(*parent),
                         "parent_id");
}

Status CheckUnitName(std::string_view name) {
  name = Trim(name);
  if (name.empty()) return InvalidArgument("name is required", "name");
  if (!IsValidUtf8(name)) return InvalidArgument("name is not valid UTF-8 text", "name");
  if (Utf8Length(name) > 64) return InvalidArgument("name is longer than 64 characters", "name");
  for (unsigned char c : name)
    if (c < 0x20) return InvalidArgument("name contains a control character", "name");
  return {};
}

}  // namespace linli::domain
