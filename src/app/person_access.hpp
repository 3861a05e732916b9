// How a person record is shown to one viewer, shared by the people, posts and committee use
// cases: decoding the encrypted fields, masking, and auditing reads of sensitive data
// (RULES.md §9). See app/people.hpp for the rules.
// Thread-safety: pure functions, or functions over a transaction owned by the caller.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "app/context.hpp"
#include "app/people.hpp"
#include "domain/people/person.hpp"
#include "storage/repos/people.hpp"

namespace linli::app {

// One fixed-length ciphertext for every person, member or not, so that neither its presence nor
// its length says anything.
std::string EncodePartyMembership(const FieldCipher& cipher, const domain::PartyMembership& m);
// An empty value (a row written by other code) reads as "not a member".
Result<domain::PartyMembership> DecodePartyMembership(const FieldCipher& cipher,
                                                      const std::string& enc);

// What a viewer may see of people attached to the unit at `unit_path`.
struct PersonAccess {
  bool personal_data = false;  // names and phones unmasked
  bool id_numbers = false;
  bool party = false;
  bool manage = false;  // may edit the person (and sees the consent flag)
};
PersonAccess AccessTo(const Principal& who, std::string_view unit_path);

// The name as the viewer may see it.
std::string VisibleName(const Principal& who, const storage::PersonRecord& p);

// Which sensitive fields a response carried, and about whom; written as one audit entry.
struct SensitiveRead {
  std::set<std::string> fields;
  std::set<std::int64_t> people;
  bool empty() const { return fields.empty(); }
};

struct ViewOptions {
  bool include_id_number = false;  // single-person reads only
  bool reveal_id_number = false;
};

// The person as `who` may see them; adds to `read` what sensitive data went into the view.
Result<PersonView> ViewPerson(const Env& env, const Principal& who, const storage::PersonRecord& p,
                              ViewOptions options, SensitiveRead& read);

// Writes the "read_sensitive" audit entry when `read` is not empty. `what` says which request.
Status AuditSensitiveRead(storage::Tx& tx, const Env& env, const Principal& who,
                          const std::string& unit_path, const SensitiveRead& read,
                          const std::string& what);

}  // namespace linli::app
