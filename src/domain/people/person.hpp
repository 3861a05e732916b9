// People known to the organisation: residents, post holders, party members. What a person
// record may hold and how its fields are checked. The sensitive fields (ID number, party
// membership; RULES.md §9) are plain here: encrypting them at rest is the use case's job.
// Pure domain code. Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace linli::domain {

// Party membership, kept as one encrypted value (people.party_enc).
struct PartyMembership {
  bool member = false;
  std::optional<std::int64_t> party_org_id;  // the organisation the member belongs to, if in Linli
  // "亮身份": the member agreed that residents may see the membership. Default false.
  bool show_publicly = false;
};

// 1..32 characters of one-line text (field name).
Status CheckPersonName(std::string_view name);

// An 18-character PRC resident ID number (GB 11643-1999): 6-digit region code, birth date
// YYYYMMDD (1900 onwards, a real date), 3-digit sequence, and the ISO 7064 MOD 11-2 check
// character (0-9 or X). Returns it with a lower-case x made upper-case, or invalid_argument
// (field id_number) saying what is wrong without echoing the number.
Result<std::string> NormaliseIdNumber(std::string_view text);
// The ISO 7064 MOD 11-2 check character of the first 17 digits.
char IdNumberCheckCharacter(std::string_view first17);

// A membership must not name an organisation without being a membership (field party_org_id);
// consent to show it means nothing without one (field show_party_membership).
Status CheckPartyMembership(const PartyMembership& m);

}  // namespace linli::domain
