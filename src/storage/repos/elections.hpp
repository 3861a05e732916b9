// Owners' committee elections in the store (docs/ELECTIONS.md): the election (which owns a votes
// row of kind 'election'), its preparatory group, its candidates, each ballot's marks per
// candidate, and the sums per candidate the tally is taken from.
// Thread-safety: functions over a transaction owned by the caller.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/votes/election.hpp"
#include "storage/database.hpp"

namespace linli::storage {

struct ElectionRecord {
  std::int64_t id = 0;
  std::int64_t estate_id = 0;
  std::int64_t vote_id = 0;
  int seats = 0;
  int term_years = 0;
  std::string status = "announced";  // announced | closed | published
  std::optional<std::string> result_json;
  std::optional<std::int64_t> elected_at;
  std::optional<std::int64_t> first_meeting_at;
  std::optional<std::int64_t> filed_at;
  std::string filing_ref;
  std::optional<std::int64_t> created_by;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

Result<std::int64_t> InsertElection(Tx& tx, const ElectionRecord& e);
Result<std::optional<ElectionRecord>> FindElection(Tx& tx, std::int64_t id);
Result<std::optional<ElectionRecord>> FindElectionOfVote(Tx& tx, std::int64_t vote_id);
// Newest first.
Result<std::vector<ElectionRecord>> ListElections(Tx& tx, std::int64_t estate_id);
Status MarkElectionClosed(Tx& tx, std::int64_t id, std::int64_t at,
                          std::optional<std::int64_t> elected_at, const std::string& result_json);
Status MarkElectionPublished(Tx& tx, std::int64_t id, std::int64_t at);
Status SetFirstMeeting(Tx& tx, std::int64_t id, std::optional<std::int64_t> at, std::int64_t now);
Status SetFiling(Tx& tx, std::int64_t id, std::optional<std::int64_t> at, const std::string& ref,
                 std::int64_t now);

// ---- The preparatory group ------------------------------------------------------------------

struct PrepMemberRecord {
  std::int64_t id = 0;
  std::int64_t election_id = 0;
  std::string name;
  domain::PrepSide side = domain::PrepSide::kOther;
  std::string organisation;  // e.g. "和平街道办事处", "和平派出所"
  bool is_owner = false;
  bool is_leader = false;
  std::optional<std::int64_t> owner_id;
  std::int64_t created_at = 0;
};
Result<std::int64_t> InsertPrepMember(Tx& tx, const PrepMemberRecord& m);
Status UpdatePrepMember(Tx& tx, const PrepMemberRecord& m);
Status DeletePrepMember(Tx& tx, std::int64_t id);
Result<std::optional<PrepMemberRecord>> FindPrepMember(Tx& tx, std::int64_t id);
Result<std::vector<PrepMemberRecord>> ListPrepMembers(Tx& tx, std::int64_t election_id);

// ---- Candidates -----------------------------------------------------------------------------

struct CandidateRecord {
  std::int64_t id = 0;
  std::int64_t election_id = 0;
  std::int64_t owner_id = 0;
  std::string name;
  domain::Nomination nomination = domain::Nomination::kSelf;
  std::string nominated_by;  // the branch, the residents' committee, the owners who signed
  bool full_capacity = false;
  bool no_property_interest = false;
  bool not_defaulter = false;
  std::string statement;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};
// already_exists when the owner already stands in this election.
Result<std::int64_t> InsertCandidate(Tx& tx, const CandidateRecord& c);
Status UpdateCandidate(Tx& tx, const CandidateRecord& c);
Status DeleteCandidate(Tx& tx, std::int64_t id);
Result<std::optional<CandidateRecord>> FindCandidate(Tx& tx, std::int64_t id);
// In the order they were added.
Result<std::vector<CandidateRecord>> ListCandidates(Tx& tx, std::int64_t election_id);

// ---- Marks ----------------------------------------------------------------------------------

Status InsertMarks(Tx& tx, std::int64_t ballot_id, const std::vector<domain::Mark>& marks);
// The marks of every ballot of the vote, by ballot id.
Result<std::vector<std::pair<std::int64_t, domain::Mark>>> ListMarks(Tx& tx, std::int64_t vote_id);
// Per candidate of the election (every candidate, zeros when unmarked): agree/disagree/abstain
// area and heads over the ballots of its vote.
Result<std::vector<domain::CandidateSums>> SumMarks(Tx& tx, std::int64_t election_id);

}  // namespace linli::storage
