// Use cases of people and their posts: the person register of an estate (names, phones,
// household, ID number and party membership, the last two sensitive: RULES.md §9), the posts
// people hold and the cross-appointment figures.
//
// Privacy, as enforced here:
//   - ID numbers are stored only as FieldCipher ciphertext plus a blind index (duplicates);
//     party membership (member, organisation, consent) only as one ciphertext of fixed length,
//     written for every person so that its presence tells nothing.
//   - Names and phones are masked (MaskName/MaskPhone) unless the viewer has kReadPersonalData
//     on the person's unit.
//   - ID numbers go only to kReadIdNumbers holders, masked unless asked to reveal; party
//     membership only to kReadPartyMembership holders, or to anyone when the member consented
//     ("亮身份", show_party_membership).
//   - Every read that returns a sensitive field (other than consented membership) writes a
//     "read_sensitive" audit entry naming the fields and people, in the same transaction.
// Thread-safety: PeopleService is thread-safe (stateless over Env).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "domain/people/person.hpp"
#include "domain/people/posts.hpp"

namespace linli::app {

struct PersonInput {
  std::string name;
  std::optional<std::string> phone;
  std::optional<std::int64_t> unit_id;
  std::optional<std::int64_t> household_id;
  std::optional<std::string> id_number;
  std::optional<bool> party_member;
  std::optional<std::int64_t> party_org_id;
  std::optional<bool> show_party_membership;
};

// A PATCH: only fields present change; `clear_*` when sent as null.
struct PersonPatch {
  std::optional<std::string> name;
  std::optional<std::string> phone;
  bool clear_phone = false;
  std::optional<std::int64_t> household_id;
  bool clear_household = false;
  std::optional<std::string> id_number;
  bool clear_id_number = false;
  std::optional<bool> party_member;
  std::optional<std::int64_t> party_org_id;
  bool clear_party_org = false;
  std::optional<bool> show_party_membership;
};

// A person as one viewer may see them. Optional fields are left out of the JSON when unset.
struct PersonView {
  std::int64_t id = 0;
  std::int64_t unit_id = 0;
  std::optional<std::int64_t> household_id;
  std::string name;                  // masked unless personal data may be read
  std::optional<std::string> phone;  // masked likewise
  bool masked = true;
  std::optional<bool> party_member;           // permitted viewers, or consented membership
  std::optional<std::int64_t> party_org_id;   // permitted viewers only
  std::optional<bool> show_party_membership;  // permitted viewers only
  std::optional<std::string> id_number;       // kReadIdNumbers only; masked unless revealed
  bool id_number_revealed = false;
};

struct PostInput {
  std::optional<std::int64_t> person_id;
  std::string post;
  std::optional<std::int64_t> unit_id;
  domain::PostLinks links;
  std::optional<std::string> start_date;  // today when unset
};

struct PostView {
  std::int64_t id = 0;
  domain::PostKind post = domain::PostKind::kCommitteeMember;
  std::int64_t unit_id = 0;
  PersonView person;
  domain::PostLinks links;
  std::string start_date;
  std::optional<std::string> end_date;
};

struct SeveralPostsView {
  std::int64_t person_id = 0;
  std::string name;  // masked per viewer
  std::vector<domain::PostKind> posts;
};

struct CrossAppointmentsView {
  domain::CrossAppointments figures;
  std::vector<SeveralPostsView> people_with_several_posts;
};

class PeopleService {
 public:
  explicit PeopleService(Env env) : env_(env) {}

  Result<PersonView> Create(const Principal& who, const PersonInput& in);
  Result<PersonView> Update(const Principal& who, std::int64_t id, const PersonPatch& in);
  // reveal_id_number: the full ID number instead of the masked one (needs kReadIdNumbers).
  Result<PersonView> Get(const Principal& who, std::int64_t id, bool reveal_id_number);
  // People attached to the unit or below; q matches the name (and the phone, for viewers who
  // may read personal data). Needs kReadHouseholds on the unit.
  Result<Paged<PersonView>> List(const Principal& who, std::int64_t unit_id, const std::string& q,
                                 Page page);

  Result<PostView> CreatePost(const Principal& who, const PostInput& in);
  // Ends the post today (Asia/Shanghai): history is kept.
  Result<PostView> EndPost(const Principal& who, std::int64_t id);
  // Current posts held at the estate (invalid_argument for another kind of unit).
  Result<std::vector<PostView>> EstatePosts(const Principal& who, std::int64_t estate_id);
  // Current posts held at the unit itself, of any kind (a community's 社区党委书记, ...), not
  // below it. Needs kReadStructure on the unit; holders shown as in EstatePosts.
  Result<std::vector<PostView>> UnitPosts(const Principal& who, std::int64_t unit_id);
  Result<CrossAppointmentsView> CrossAppointments(const Principal& who, std::int64_t estate_id);

 private:
  Env env_;
};

}  // namespace linli::app
