#include "domain/people/person.hpp"

#include "core/text.hpp"

namespace linli::domain {

Status CheckPersonName(std::string_view name) {
  if (Trim(name).empty()) return InvalidArgument("name is required", "name");
  if (!IsValidUtf8(name) || Utf8Length(name) > 32)
    return InvalidArgument("name must be text of at most 32 characters", "name");
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7f)
      return InvalidArgument("name must be one line without control characters", "name");
  return {};
}

char IdNumberCheckCharacter(std::string_view first17) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kCheck[] = "10X98765432";
  int sum = 0;
  for (size_t i = 0; i < 17 && i < first17.size(); ++i) sum += (first17[i] - '0') * kWeights[i];
  return kCheck[sum % 11];
}

Result<std::string> NormaliseIdNumber(std::string_view text) {
  std::string id(Trim(text));
  if (id.size() != 18)
    return InvalidArgument("id_number must have 18 characters (the second-generation resident ID)",
                           "id_number");
  for (size_t i = 0; i < 17; ++i)
    if (id[i] < '0' || id[i] > '9')
      return InvalidArgument("id_number must be 17 digits followed by a digit or X", "id_number");
  if (id[17] == 'x') id[17] = 'X';
  if (!((id[17] >= '0' && id[17] <= '9') || id[17] == 'X'))
    return InvalidArgument("id_number must be 17 digits followed by a digit or X", "id_number");
  if (id[0] == '0')
    return InvalidArgument("id_number does not start with a region code", "id_number");
  auto num = [&](size_t pos, size_t len) {
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) v = v * 10 + (id[i] - '0');
    return v;
  };
  const int y = num(6, 4), m = num(10, 2), d = num(12, 2);
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  const bool date_ok = y >= 1900 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 &&
                       d <= (m == 2 && leap ? 29 : kDays[m - 1]);
  if (!date_ok)
    return InvalidArgument("id_number does not hold a valid birth date in characters 7 to 14",
                           "id_number");
  if (IdNumberCheckCharacter(id) != id[17])
    return InvalidArgument(
        "id_number has a wrong check character (the last one): verify the number", "id_number");
  return id;
}

Status CheckPartyMembership(const PartyMembership& m) {
  if (!m.member && m.party_org_id)
    return InvalidArgument(
        "party_org_id is only for party members: set party_member to true or "
        "leave party_org_id empty",
        "party_org_id");
  if (!m.member && m.show_publicly)
    return InvalidArgument("show_party_membership is only for party members",
                           "show_party_membership");
  return {};
}

}  // namespace linli::domain
