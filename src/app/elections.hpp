// Use cases of the owners' committee election (业委会选举; RULES.md §3-4, docs/ELECTIONS.md).
// An election owns a vote of kind 'election' on art. 278 matter (3), announced like any vote
// (15 days' notice, the roll taken from households and owners, objections to the roll through
// the vote's routes). The preparatory group is recorded with its composition checked; the
// candidate list (each with how they were nominated and their eligibility checks; an ineligible
// candidate cannot stand) is fixed when voting opens; each owner casts one multi-seat ballot
// through any channel the estate accepts (the vote's checks, shared in app/vote_core), marking
// agree/disagree/abstain per candidate with at most `seats` agrees; closing stores the tally;
// publishing makes it public; the first meeting and the filing are recorded against their
// deadlines, and the end of the term is announced ahead. Every write is audited.
// Thread-safety: ElectionService is stateless over Env.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "app/context.hpp"
#include "app/votes.hpp"
#include "domain/votes/election.hpp"
#include "storage/repos/elections.hpp"

namespace linli::app {

struct NewElection {
  std::int64_t estate_id = 0;
  std::string title;  // default: "第N届业主委员会选举" is up to the caller; 2..100 characters
  std::string description;
  std::optional<int> seats;
  std::optional<int> term_years;
  std::string opens_at;  // RFC 3339
  std::string closes_at;
};

struct PrepMemberInput {
  std::string name;
  std::string side;  // street | community_party | residents_committee | property_centre | ...
  std::string organisation;
  bool is_owner = false;
  bool is_leader = false;
  std::optional<std::int64_t> owner_id;
};

struct CandidateInput {
  std::optional<std::int64_t> owner_id;  // required when adding; fixed afterwards
  std::string nomination;                // party_organisation | residents_committee | self | ...
  std::string nominated_by;
  std::optional<bool> full_capacity;  // each check must be stated
  std::optional<bool> no_property_interest;
  std::optional<bool> not_defaulter;
  std::string statement;
};

struct ElectionBallotInput {
  BallotInput ballot;  // owner, channel, evidence, proxy, guardian (choice is not used)
  struct MarkInput {
    std::int64_t candidate_id = 0;
    std::string choice;
  };
  std::vector<MarkInput> marks;
};

struct CandidateView {
  storage::CandidateRecord candidate;
  bool on_roll = false;
};

struct ElectionView {
  storage::ElectionRecord election;
  VoteView vote;
  std::string status;   // announced | open | ended | closed | published | cancelled
  bool locked = false;  // voting has opened: the candidate list is fixed
  std::vector<storage::PrepMemberRecord> prep;
  domain::PrepGroupCheck prep_check;
  std::vector<CandidateView> candidates;
  boost::json::value result;                // the stored tally; null until closed
  std::vector<domain::Reminder> reminders;  // once someone is elected
};

struct ElectionBallotView {
  storage::BallotRecord ballot;
  std::vector<domain::Mark> marks;
};

class ElectionService {
 public:
  explicit ElectionService(Env env) : env_(env) {}

  // kManageVotes on the estate: announces the election's vote (15 days' notice) with its roll.
  Result<ElectionView> Create(const Principal& who, const NewElection& in);
  // Staff, residents of the estate and owners on the roll.
  Result<ElectionView> Get(const Principal& who, std::int64_t id);
  Result<std::vector<ElectionView>> List(const Principal& who, std::int64_t estate_id);
  // The elections the caller may vote in as an owner.
  Result<std::vector<ElectionView>> Mine(const Principal& who);

  // kManageVotes, until the election is closed.
  Result<ElectionView> AddPrepMember(const Principal& who, std::int64_t id,
                                     const PrepMemberInput& in);
  Result<ElectionView> UpdatePrepMember(const Principal& who, std::int64_t id,
                                        std::int64_t member_id, const PrepMemberInput& in);
  Result<ElectionView> RemovePrepMember(const Principal& who, std::int64_t id,
                                        std::int64_t member_id);

  // kManageVotes, before voting opens, once the preparatory group is composed as required.
  Result<ElectionView> AddCandidate(const Principal& who, std::int64_t id,
                                    const CandidateInput& in);
  Result<ElectionView> UpdateCandidate(const Principal& who, std::int64_t id,
                                       std::int64_t candidate_id, const CandidateInput& in);
  Result<ElectionView> RemoveCandidate(const Principal& who, std::int64_t id,
                                       std::int64_t candidate_id);

  // The vote's rules for who casts and how (online: the owner; others: kEnterBallots).
  Result<ElectionBallotView> Cast(const Principal& who, std::int64_t id,
                                  const ElectionBallotInput& in);
  // Staff: every ballot with its marks.
  Result<std::vector<ElectionBallotView>> Ballots(const Principal& who, std::int64_t id);

  // kManageVotes once voting opened: takes and stores the tally (the vote is closed with it).
  Result<ElectionView> Close(const Principal& who, std::int64_t id);
  // kManageVotes once closed: publishes the result (and the vote's).
  Result<ElectionView> Publish(const Principal& who, std::int64_t id);
  // kManageVotes once someone is elected: when the committee first met / was filed (RFC 3339;
  // empty clears it).
  Result<ElectionView> RecordFirstMeeting(const Principal& who, std::int64_t id,
                                          const std::string& held_at);
  Result<ElectionView> RecordFiling(const Principal& who, std::int64_t id,
                                    const std::string& filed_at, const std::string& reference);

 private:
  Env env_;
};

}  // namespace linli::app
