#include "storage/repos/elections.hpp"

#include <map>

namespace linli::storage {
namespace {

std::int64_t B(bool b) { return b ? 1 : 0; }

constexpr const char* kElectionCols =
    "id, estate_id, vote_id, seats, term_years, status, result_json, elected_at, "
    "first_meeting_at, filed_at, filing_ref, created_by, created_at, updated_at";

ElectionRecord ElectionFromRow(const Row& r) {
  ElectionRecord e;
  e.id = r.Int(0);
  e.estate_id = r.Int(1);
  e.vote_id = r.Int(2);
  e.seats = static_cast<int>(r.Int(3));
  e.term_years = static_cast<int>(r.Int(4));
  e.status = r.Text(5);
  e.result_json = r.OptText(6);
  e.elected_at = r.OptInt(7);
  e.first_meeting_at = r.OptInt(8);
  e.filed_at = r.OptInt(9);
  e.filing_ref = r.Text(10);
  e.created_by = r.OptInt(11);
  e.created_at = r.Int(12);
  e.updated_at = r.Int(13);
  return e;
}

Result<std::optional<ElectionRecord>> FindElectionWhere(Tx& tx, const char* where,
                                                        std::int64_t value) {
  LINLI_ASSIGN_OR_RETURN(auto row, tx.QueryOne(std::string("SELECT ") + kElectionCols +
                                                   " FROM elections WHERE " + where + " = ?",
                                               {value}));
  if (!row) return std::optional<ElectionRecord>();
  return std::optional<ElectionRecord>(ElectionFromRow(*row));
}

constexpr const char* kPrepCols =
    "id, election_id, name, side, organisation, is_owner, is_leader, owner_id, created_at";

PrepMemberRecord PrepFromRow(const Row& r) {
  PrepMemberRecord m;
  m.id = r.Int(0);
  m.election_id = r.Int(1);
  m.name = r.Text(2);
  m.side = domain::ParsePrepSide(r.Text(3)).value_or(domain::PrepSide::kOther);
  m.organisation = r.Text(4);
  m.is_owner = r.Bool(5);
  m.is_leader = r.Bool(6);
  m.owner_id = r.OptInt(7);
  m.created_at = r.Int(8);
  return m;
}

constexpr const char* kCandidateCols =
    "id, election_id, owner_id, name, nomination, nominated_by, full_capacity, "
    "no_property_interest, not_defaulter, statement, created_at, updated_at";

CandidateRecord CandidateFromRow(const Row& r) {
  CandidateRecord c;
  c.id = r.Int(0);
  c.election_id = r.Int(1);
  c.owner_id = r.Int(2);
  c.name = r.Text(3);
  c.nomination = domain::ParseNomination(r.Text(4)).value_or(domain::Nomination::kSelf);
  c.nominated_by = r.Text(5);
  c.full_capacity = r.Bool(6);
  c.no_property_interest = r.Bool(7);
  c.not_defaulter = r.Bool(8);
  c.statement = r.Text(9);
  c.created_at = r.Int(10);
  c.updated_at = r.Int(11);
  return c;
}

}  // namespace

Result<std::int64_t> InsertElection(Tx& tx, const ElectionRecord& e) {
  return tx.InsertReturningId(
      "INSERT INTO elections (estate_id, vote_id, seats, term_years, status, created_by, "
      "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {e.estate_id, e.vote_id, static_cast<std::int64_t>(e.seats),
       static_cast<std::int64_t>(e.term_years), e.status, OptionalInt(e.created_by), e.created_at,
       e.updated_at});
}

Result<std::optional<ElectionRecord>> FindElection(Tx& tx, std::int64_t id) {
  return FindElectionWhere(tx, "id", id);
}

Result<std::optional<ElectionRecord>> FindElectionOfVote(Tx& tx, std::int64_t vote_id) {
  return FindElectionWhere(tx, "vote_id", vote_id);
}

Result<std::vector<ElectionRecord>> ListElections(Tx& tx, std::int64_t estate_id) {
  LINLI_ASSIGN_OR_RETURN(auto rows,
                         tx.Query(std::string("SELECT ") + kElectionCols +
                                      " FROM elections WHERE estate_id = ? ORDER BY id DESC",
                                  {estate_id}));
  std::vector<ElectionRecord> out;
  for (const auto& r : rows) out.push_back(ElectionFromRow(r));
  return out;
}

Status MarkElectionClosed(Tx& tx, std::int64_t id, std::int64_t at,
                          std::optional<std::int64_t> elected_at, const std::string& result_json) {
  LINLI_TRY(tx.Exec(
      "UPDATE elections SET status = 'closed', result_json = ?, elected_at = ?, updated_at = ? "
      "WHERE id = ?",
      {result_json, OptionalInt(elected_at), at, id}));
  return {};
}

Status MarkElectionPublished(Tx& tx, std::int64_t id, std::int64_t at) {
  LINLI_TRY(
      tx.Exec("UPDATE elections SET status = 'published', updated_at = ? WHERE id = ?", {at, id}));
  return {};
}

Status SetFirstMeeting(Tx& tx, std::int64_t id, std::optional<std::int64_t> at, std::int64_t now) {
  LINLI_TRY(tx.Exec("UPDATE elections SET first_meeting_at = ?, updated_at = ? WHERE id = ?",
                    {OptionalInt(at), now, id}));
  return {};
}

Status SetFiling(Tx& tx, std::int64_t id, std::optional<std::int64_t> at, const std::string& ref,
                 std::int64_t now) {
  LINLI_TRY(
      tx.Exec("UPDATE elections SET filed_at = ?, filing_ref = ?, updated_at = ? WHERE id = ?",
              {OptionalInt(at), ref, now, id}));
  return {};
}

Result<std::int64_t> InsertPrepMember(Tx& tx, const PrepMemberRecord& m) {
  return tx.InsertReturningId(
      "INSERT INTO election_prep_members (election_id, name, side, organisation, is_owner, "
      "is_leader, owner_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {m.election_id, m.name, std::string(domain::PrepSideName(m.side)), m.organisation,
       B(m.is_owner), B(m.is_leader), OptionalInt(m.owner_id), m.created_at});
}

Status UpdatePrepMember(Tx& tx, const PrepMemberRecord& m) {
  LINLI_TRY(tx.Exec(
      "UPDATE election_prep_members SET name = ?, side = ?, organisation = ?, is_owner = ?, "
      "is_leader = ?, owner_id = ? WHERE id = ?",
      {m.name, std::string(domain::PrepSideName(m.side)), m.organisation, B(m.is_owner),
       B(m.is_leader), OptionalInt(m.owner_id), m.id}));
  return {};
}

Status DeletePrepMember(Tx& tx, std::int64_t id) {
  LINLI_TRY(tx.Exec("DELETE FROM election_prep_members WHERE id = ?", {id}));
  return {};
}

Result<std::optional<PrepMemberRecord>> FindPrepMember(Tx& tx, std::int64_t id) {
  LINLI_ASSIGN_OR_RETURN(auto row, tx.QueryOne(std::string("SELECT ") + kPrepCols +
                                                   " FROM election_prep_members WHERE id = ?",
                                               {id}));
  if (!row) return std::optional<PrepMemberRecord>();
  return std::optional<PrepMemberRecord>(PrepFromRow(*row));
}

Result<std::vector<PrepMemberRecord>> ListPrepMembers(Tx& tx, std::int64_t election_id) {
  LINLI_ASSIGN_OR_RETURN(
      auto rows, tx.Query(std::string("SELECT ") + kPrepCols +
                              " FROM election_prep_members WHERE election_id = ? ORDER BY id",
                          {election_id}));
  std::vector<PrepMemberRecord> out;
  for (const auto& r : rows) out.push_back(PrepFromRow(r));
  return out;
}

Result<std::int64_t> InsertCandidate(Tx& tx, const CandidateRecord& c) {
  LINLI_ASSIGN_OR_RETURN(auto dup, tx.QueryOne("SELECT id FROM election_candidates WHERE "
                                               "election_id = ? AND owner_id = ?",
                                               {c.election_id, c.owner_id}));
  if (dup)
    return AlreadyExists("owner " + std::to_string(c.owner_id) +
                             " already stands in this election (candidate " +
                             std::to_string(dup->Int(0)) + ")",
                         "owner_id");
  return tx.InsertReturningId(
      "INSERT INTO election_candidates (election_id, owner_id, name, nomination, nominated_by, "
      "full_capacity, no_property_interest, not_defaulter, statement, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {c.election_id, c.owner_id, c.name, std::string(domain::NominationName(c.nomination)),
       c.nominated_by, B(c.full_capacity), B(c.no_property_interest), B(c.not_defaulter),
       c.statement, c.created_at, c.updated_at});
}

Status UpdateCandidate(Tx& tx, const CandidateRecord& c) {
  LINLI_TRY(tx.Exec(
      "UPDATE election_candidates SET nomination = ?, nominated_by = ?, full_capacity = ?, "
      "no_property_interest = ?, not_defaulter = ?, statement = ?, updated_at = ? WHERE id = ?",
      {std::string(domain::NominationName(c.nomination)), c.nominated_by, B(c.full_capacity),
       B(c.no_property_interest), B(c.not_defaulter), c.statement, c.updated_at, c.id}));
  return {};
}

Status DeleteCandidate(Tx& tx, std::int64_t id) {
  LINLI_TRY(tx.Exec("DELETE FROM election_candidates WHERE id = ?", {id}));
  return {};
}

Result<std::optional<CandidateRecord>> FindCandidate(Tx& tx, std::int64_t id) {
  LINLI_ASSIGN_OR_RETURN(auto row, tx.QueryOne(std::string("SELECT ") + kCandidateCols +
                                                   " FROM election_candidates WHERE id = ?",
                                               {id}));
  if (!row) return std::optional<CandidateRecord>();
  return std::optional<CandidateRecord>(CandidateFromRow(*row));
}

Result<std::vector<CandidateRecord>> ListCandidates(Tx& tx, std::int64_t election_id) {
  LINLI_ASSIGN_OR_RETURN(auto rows,
                         tx.Query(std::string("SELECT ") + kCandidateCols +
                                      " FROM election_candidates WHERE election_id = ? ORDER BY id",
                                  {election_id}));
  std::vector<CandidateRecord> out;
  for (const auto& r : rows) out.push_back(CandidateFromRow(r));
  return out;
}

Status InsertMarks(Tx& tx, std::int64_t ballot_id, const std::vector<domain::Mark>& marks) {
  for (const auto& m : marks)
    LINLI_TRY(
        tx.Exec("INSERT INTO election_marks (ballot_id, candidate_id, choice) VALUES (?, ?, ?)",
                {ballot_id, m.candidate_id, std::string(domain::ChoiceName(m.choice))}));
  return {};
}

Result<std::vector<std::pair<std::int64_t, domain::Mark>>> ListMarks(Tx& tx, std::int64_t vote_id) {
  LINLI_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT m.ballot_id, m.candidate_id, m.choice FROM election_marks m "
                          "JOIN ballots b ON b.id = m.ballot_id WHERE b.vote_id = ? "
                          "ORDER BY m.ballot_id, m.candidate_id",
                          {vote_id}));
  std::vector<std::pair<std::int64_t, domain::Mark>> out;
  for (const auto& r : rows)
    out.emplace_back(
        r.Int(0),
        domain::Mark{r.Int(1), domain::ParseChoice(r.Text(2)).value_or(domain::Choice::kAbstain)});
  return out;
}

Result<std::vector<domain::CandidateSums>> SumMarks(Tx& tx, std::int64_t election_id) {
  LINLI_ASSIGN_OR_RETURN(auto candidates, ListCandidates(tx, election_id));
  std::map<std::int64_t, domain::CandidateSums> by_id;
  for (const auto& c : candidates) by_id[c.id].candidate_id = c.id;
  LINLI_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT m.candidate_id, m.choice, COALESCE(SUM(b.area), 0), COUNT(*) FROM "
               "election_marks m JOIN ballots b ON b.id = m.ballot_id JOIN election_candidates c "
               "ON c.id = m.candidate_id WHERE c.election_id = ? GROUP BY m.candidate_id, m.choice",
               {election_id}));
  for (const auto& r : rows) {
    auto it = by_id.find(r.Int(0));
    if (it == by_id.end()) continue;
    const domain::Share s{r.Int(2), r.Int(3)};
    const auto choice = domain::ParseChoice(r.Text(1)).value_or(domain::Choice::kAbstain);
    if (choice == domain::Choice::kAgree)
      it->second.agree = s;
    else if (choice == domain::Choice::kDisagree)
      it->second.disagree = s;
    else
      it->second.abstain = s;
  }
  std::vector<domain::CandidateSums> out;
  for (const auto& c : candidates) out.push_back(by_id[c.id]);
  return out;
}

}  // namespace linli::storage
