// People and their posts in the store. Sensitive fields arrive and leave encrypted: the
// repository never sees an ID number or a party membership in plain text (RULES.md §9).
// Thread-safety: functions over a transaction owned by the caller.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/people/posts.hpp"
#include "storage/database.hpp"

namespace linli::storage {

// A row of `people` as stored.
struct PersonRecord {
  std::int64_t id = 0;
  std::int64_t unit_id = 0;
  std::string unit_path;  // of unit_id, for permission checks (read only)
  std::string name;
  std::optional<std::string> phone;
  std::optional<std::int64_t> household_id;
  std::optional<std::string> id_number_enc;    // FieldCipher ciphertext
  std::optional<std::string> id_number_index;  // FieldCipher blind index, unique
  std::string party_enc;                       // FieldCipher ciphertext, always present
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

Result<std::optional<PersonRecord>> FindPerson(Tx& tx, std::int64_t id);
// People by id (any order; missing ids are left out).
Result<std::vector<PersonRecord>> FindPeople(Tx& tx, const std::vector<std::int64_t>& ids);
// The person holding this ID-number blind index, if any.
Result<std::optional<std::int64_t>> FindPersonByIdIndex(Tx& tx, const std::string& index);
// An ID number already stored (same blind index) gives kAlreadyExists. Returns the new id.
Result<std::int64_t> InsertPerson(Tx& tx, const PersonRecord& p);
// Writes every stored field but id and created_at.
Status UpdatePerson(Tx& tx, const PersonRecord& p);

struct PeopleFilter {
  std::string unit_path;   // people attached to this unit or below
  std::string name_like;   // substring of the name, empty: any
  std::string phone_like;  // substring of the phone, empty: any. With name_like: either matches
};
Result<std::vector<PersonRecord>> ListPeople(Tx& tx, const PeopleFilter& f, std::int64_t limit,
                                             std::int64_t offset);
Result<std::int64_t> CountPeople(Tx& tx, const PeopleFilter& f);
// Links accounts with this phone and no person yet to the person.
Status LinkAccountsByPhone(Tx& tx, const std::string& phone, std::int64_t person_id);

// ---- Posts ----
struct PostRecord {
  std::int64_t id = 0;
  std::int64_t person_id = 0;
  domain::PostKind kind = domain::PostKind::kCommitteeMember;
  std::int64_t unit_id = 0;
  domain::PostLinks links;
  std::string start_date;               // YYYY-MM-DD
  std::optional<std::string> end_date;  // set when the post ended
};

Result<std::optional<PostRecord>> FindPost(Tx& tx, std::int64_t id);
Result<std::int64_t> InsertPost(Tx& tx, const PostRecord& p, std::int64_t now);
Status EndPost(Tx& tx, std::int64_t id, const std::string& end_date);
// Current posts (no end date) held at a unit, by id.
Result<std::vector<PostRecord>> CurrentPostsAtUnit(Tx& tx, std::int64_t unit_id);
// Current posts held by any of these people, anywhere, by id.
Result<std::vector<PostRecord>> CurrentPostsOfPeople(Tx& tx, const std::vector<std::int64_t>& ids);
// Current posts on a committee, by id.
Result<std::vector<PostRecord>> CurrentPostsOfCommittee(Tx& tx, std::int64_t committee_id);
// Current posts of one kind with exactly these links at the unit (duplicates, single holders).
Result<std::vector<PostRecord>> CurrentPostsLike(Tx& tx, domain::PostKind kind,
                                                 std::int64_t unit_id,
                                                 const domain::PostLinks& links);

}  // namespace linli::storage
