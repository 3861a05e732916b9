#include "storage/repos/people.hpp"

#include <algorithm>

#include "storage/repos/organisation.hpp"

namespace linli::storage {
namespace {

constexpr const char* kPersonCols =
    "p.id, p.unit_id, u.path, p.name, p.phone, p.household_id, p.id_number_enc, "
    "p.id_number_index, p.party_enc, p.created_at, p.updated_at";
constexpr const char* kPersonFrom = " FROM people p JOIN units u ON u.id = p.unit_id";

PersonRecord PersonFromRow(const Row& r) {
  PersonRecord p;
  p.id = r.Int(0);
  p.unit_id = r.Int(1);
  p.unit_path = r.Text(2);
  p.name = r.Text(3);
  p.phone = r.OptText(4);
  p.household_id = r.OptInt(5);
  p.id_number_enc = r.OptText(6);
  p.id_number_index = r.OptText(7);
  p.party_enc = r.Text(8);
  p.created_at = r.Int(9);
  p.updated_at = r.Int(10);
  return p;
}

// "?, ?, ?" for n parameters.
std::string Placeholders(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

// Ids in chunks, so that no statement carries more parameters than a backend allows.
template <class F>
Status ForChunks(const std::vector<std::int64_t>& ids, F&& fn) {
  constexpr size_t kChunk = 500;
  for (size_t i = 0; i < ids.size(); i += kChunk) {
    Params params;
    for (size_t j = i; j < ids.size() && j < i + kChunk; ++j) params.push_back(ids[j]);
    LINLI_TRY(fn(params));
  }
  return {};
}

constexpr const char* kPostCols =
    "id, person_id, post, unit_id, party_org_id, committee_id, building_id, start_date, end_date";

PostRecord PostFromRow(const Row& r) {
  PostRecord p;
  p.id = r.Int(0);
  p.person_id = r.Int(1);
  p.kind = domain::ParsePostKind(r.Text(2)).value_or(domain::PostKind::kCommitteeMember);
  p.unit_id = r.Int(3);
  p.links.party_org_id = r.OptInt(4);
  p.links.committee_id = r.OptInt(5);
  p.links.building_id = r.OptInt(6);
  p.start_date = r.Text(7);
  p.end_date = r.OptText(8);
  return p;
}

Result<std::vector<PostRecord>> Posts(Tx& tx, const std::string& where, const Params& params) {
  LINLI_ASSIGN_OR_RETURN(auto rows, tx.Query(std::string("SELECT ") + kPostCols +
                                                 " FROM posts WHERE " + where + " ORDER BY id",
                                             params));
  std::vector<PostRecord> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(PostFromRow(r));
  return out;
}

std::string PeopleWhere(const PeopleFilter& f, Params& params) {
  std::string where = " WHERE u.path LIKE ?";
  params.push_back(f.unit_path + "%");
  if (!f.name_like.empty() && !f.phone_like.empty()) {
    where += " AND (p.name LIKE ? ESCAPE '\\' OR p.phone LIKE ? ESCAPE '\\')";
    params.push_back(LikeContains(f.name_like));
    params.push_back(LikeContains(f.phone_like));
  } else if (!f.name_like.empty()) {
    where += " AND p.name LIKE ? ESCAPE '\\'";
    params.push_back(LikeContains(f.name_like));
  } else if (!f.phone_like.empty()) {
    where += " AND p.phone LIKE ? ESCAPE '\\'";
    params.push_back(LikeContains(f.phone_like));
  }
  return where;
}

}  // namespace

Result<std::optional<PersonRecord>> FindPerson(Tx& tx, std::int64_t id) {
  LINLI_ASSIGN_OR_RETURN(
      auto row,
      tx.QueryOne(std::string("SELECT ") + kPersonCols + kPersonFrom + " WHERE p.id = ?", {id}));
  if (!row) return std::optional<PersonRecord>();
  return std::optional<PersonRecord>(PersonFromRow(*row));
}

Result<std::vector<PersonRecord>> FindPeople(Tx& tx, const std::vector<std::int64_t>& ids) {
  std::vector<PersonRecord> out;
  LINLI_TRY(ForChunks(ids, [&](const Params& params) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto rows,
                           tx.Query(std::string("SELECT ") + kPersonCols + kPersonFrom +
                                        " WHERE p.id IN (" + Placeholders(params.size()) + ")",
                                    params));
    for (const auto& r : rows) out.push_back(PersonFromRow(r));
    return {};
  }));
  return out;
}

Result<std::optional<std::int64_t>> FindPersonByIdIndex(Tx& tx, const std::string& index) {
  LINLI_ASSIGN_OR_RETURN(auto row,
                         tx.QueryOne("SELECT id FROM people WHERE id_number_index = ?", {index}));
  if (!row) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(row->Int(0));
}

Result<std::int64_t> InsertPerson(Tx& tx, const PersonRecord& p) {
  return tx.InsertReturningId(
      "INSERT INTO people (unit_id, name, phone, household_id, id_number_enc, id_number_index, "
      "party_enc, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {p.unit_id, p.name, OptionalText(p.phone), OptionalInt(p.household_id),
       OptionalText(p.id_number_enc), OptionalText(p.id_number_index), p.party_enc, p.created_at,
       p.updated_at});
}

Status UpdatePerson(Tx& tx, const PersonRecord& p) {
  LINLI_TRY(tx.Exec(
      "UPDATE people SET unit_id = ?, name = ?, phone = ?, household_id = ?, id_number_enc = ?, "
      "id_number_index = ?, party_enc = ?, updated_at = ? WHERE id = ?",
      {p.unit_id, p.name, OptionalText(p.phone), OptionalInt(p.household_id),
       OptionalText(p.id_number_enc), OptionalText(p.id_number_index), p.party_enc, p.updated_at,
       p.id}));
  return {};
}

Result<std::vector<PersonRecord>> ListPeople(Tx& tx, const PeopleFilter& f, std::int64_t limit,
                                             std::int64_t offset) {
  Params params;
  std::string where = PeopleWhere(f, params);
  params.push_back(limit);
  params.push_back(offset);
  LINLI_ASSIGN_OR_RETURN(auto rows, tx.Query(std::string("SELECT ") + kPersonCols + kPersonFrom +
                                                 where + " ORDER BY p.id LIMIT ? OFFSET ?",
                                             params));
  std::vector<PersonRecord> out;
  for (const auto& r : rows) out.push_back(PersonFromRow(r));
  return out;
}

Result<std::int64_t> CountPeople(Tx& tx, const PeopleFilter& f) {
  Params params;
  std::string where = PeopleWhere(f, params);
  LINLI_ASSIGN_OR_RETURN(auto row,
                         tx.QueryOne(std::string("SELECT COUNT(*)") + kPersonFrom + where, params));
  return row->Int(0);
}

Status LinkAccountsByPhone(Tx& tx, const std::string& phone, std::int64_t person_id) {
  LINLI_TRY(tx.Exec("UPDATE accounts SET person_id = ? WHERE phone = ? AND person_id IS NULL",
                    {person_id, phone}));
  return {};
}

// ---- Posts ----

Result<std::optional<PostRecord>> FindPost(Tx& tx, std::int64_t id) {
  LINLI_ASSIGN_OR_RETURN(auto posts, Posts(tx, "id = ?", {id}));
  if (posts.empty()) return std::optional<PostRecord>();
  return std::optional<PostRecord>(std::move(posts.front()));
}

Result<std::int64_t> InsertPost(Tx& tx, const PostRecord& p, std::int64_t now) {
  return tx.InsertReturningId(
      "INSERT INTO posts (person_id, post, unit_id, party_org_id, committee_id, building_id, "
      "start_date, end_date, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {p.person_id, std::string(domain::PostKindName(p.kind)), p.unit_id,
       OptionalInt(p.links.party_org_id), OptionalInt(p.links.committee_id),
       OptionalInt(p.links.building_id), p.start_date, OptionalText(p.end_date), now});
}

Status EndPost(Tx& tx, std::int64_t id, const std::string& end_date) {
  LINLI_TRY(tx.Exec("UPDATE posts SET end_date = ? WHERE id = ?", {end_date, id}));
  return {};
}

Result<std::vector<PostRecord>> CurrentPostsAtUnit(Tx& tx, std::int64_t unit_id) {
  return Posts(tx, "unit_id = ? AND end_date IS NULL", {unit_id});
}

Result<std::vector<PostRecord>> CurrentPostsOfPeople(Tx& tx, const std::vector<std::int64_t>& ids) {
  std::vector<PostRecord> out;
  LINLI_TRY(ForChunks(ids, [&](const Params& params) -> Status {
    LINLI_ASSIGN_OR_RETURN(
        auto part,
        Posts(tx, "end_date IS NULL AND person_id IN (" + Placeholders(params.size()) + ")",
              params));
    for (auto& p : part) out.push_back(std::move(p));
    return {};
  }));
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return out;
}

Result<std::vector<PostRecord>> CurrentPostsOfCommittee(Tx& tx, std::int64_t committee_id) {
  return Posts(tx, "committee_id = ? AND end_date IS NULL", {committee_id});
}

Result<std::vector<PostRecord>> CurrentPostsLike(Tx& tx, domain::PostKind kind,
                                                 std::int64_t unit_id,
                                                 const domain::PostLinks& links) {
  // COALESCE(x, 0) = ?: NULL links compare equal, ids are positive.
  return Posts(tx,
               "post = ? AND unit_id = ? AND end_date IS NULL AND COALESCE(party_org_id, 0) = ? "
               "AND COALESCE(committee_id, 0) = ? AND COALESCE(building_id, 0) = ?",
               {std::string(domain::PostKindName(kind)), unit_id, links.party_org_id.value_or(0),
                links.committee_id.value_or(0), links.building_id.value_or(0)});
}

}  // namespace linli::storage
