// Owners' votes in the store (docs/VOTES.md): each estate's voting rules, votes, the roll taken
// for a vote (entries and an owner -> entry index), ballots (one per entry, enforced by a unique
// key), refused attempts, roll objections, and the sums the tally is taken from.
// Thread-safety: functions over a transaction owned by the caller.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/votes/roll.hpp"
#include "domain/votes/tally.hpp"
#include "storage/database.hpp"

namespace linli::storage {

// An estate's voting rules (its rules of procedure): the non-voter rule, the proxy cap and the
// channels that count (some cities accept e-votes only through a government platform).
struct VoteRulesRecord {
  bool nonvoters_with_majority = false;
  int proxy_cap = 3;
  std::vector<std::string> channels = {"online", "paper", "ballot_box", "phone", "proxy"};
  bool count_parking = false;              // parking spaces count in area and heads
  std::optional<std::int64_t> updated_at;  // nullopt: the defaults, never set
};
Result<VoteRulesRecord> LoadVoteRules(Tx& tx, std::int64_t estate_id);
Status SaveVoteRules(Tx& tx, std::int64_t estate_id, const VoteRulesRecord& r, std::int64_t now);

struct VoteRecord {
  std::int64_t id = 0;
  std::int64_t estate_id = 0;
  std::string estate_path;
  std::string kind = "motion";
  std::string title;
  std::string description;
  int matter = 0;
  domain::Threshold threshold = domain::Threshold::kMoreThanHalf;
  std::vector<std::int64_t> building_ids;  // empty: the whole estate
  std::int64_t notice_at = 0;
  std::int64_t opens_at = 0;
  std::int64_t closes_at = 0;
  bool nonvoters_with_majority = false;
  int proxy_cap = 3;
  std::vector<std::string> channels;
  bool count_parking = false;
  domain::Share total;
  std::int64_t roll_at = 0;
  std::optional<std::int64_t> closed_at;
  std::optional<std::string> result_json;
  std::optional<std::int64_t> published_at;
  std::optional<std::int64_t> cancelled_at;
  std::optional<std::int64_t> created_by;
  std::int64_t created_at = 0;
  std::string estate_name;  // joined on reads
};

Result<std::int64_t> InsertVote(Tx& tx, const VoteRecord& v);
Result<std::optional<VoteRecord>> FindVote(Tx& tx, std::int64_t id);
// Newest first. `published_only` for the public list.
Result<std::vector<VoteRecord>> ListVotes(Tx& tx, std::int64_t estate_id, bool published_only,
                                          std::int64_t limit, std::int64_t offset);
Result<std::int64_t> CountVotes(Tx& tx, std::int64_t estate_id, bool published_only);
// The votes whose roll holds one of the owners (what an owner may vote on).
Result<std::vector<VoteRecord>> ListVotesOfOwners(Tx& tx, const std::vector<std::int64_t>& owners);
Status MarkVoteClosed(Tx& tx, std::int64_t id, std::int64_t at, const std::string& result_json);
Status MarkVotePublished(Tx& tx, std::int64_t id, std::int64_t at);
Status MarkVoteCancelled(Tx& tx, std::int64_t id, std::int64_t at);

// ---- The roll -------------------------------------------------------------------------------

struct RollEntryRecord {
  std::int64_t entry_no = 0;  // 1-based, in the roll's order
  std::string kind;           // developer | buyer | unowned
  std::int64_t area = 0;
  std::string names;  // the owners' names joined with "、"; "" for unowned
  std::vector<std::int64_t> household_ids;
  std::vector<std::int64_t> owner_ids;
};

// The names of the estate's owners, by id.
Result<std::vector<std::pair<std::int64_t, std::string>>> LoadOwnerNames(Tx& tx,
                                                                         std::int64_t estate_id);
// Replaces the vote's roll with `roll` and stores its totals and `at` on the vote.
Status ReplaceRoll(Tx& tx, std::int64_t vote_id, const domain::VoteRoll& roll,
                   const std::vector<std::pair<std::int64_t, std::string>>& owner_names,
                   std::int64_t at);
Result<std::vector<RollEntryRecord>> ListRoll(Tx& tx, std::int64_t vote_id);
Result<std::optional<RollEntryRecord>> FindRollEntry(Tx& tx, std::int64_t vote_id,
                                                     std::int64_t entry_no);
// The entries an owner stands on (usually one).
Result<std::vector<std::int64_t>> EntriesOfOwner(Tx& tx, std::int64_t vote_id,
                                                 std::int64_t owner_id);

// ---- Ballots --------------------------------------------------------------------------------

struct BallotRecord {
  std::int64_t id = 0;
  std::int64_t vote_id = 0;
  std::int64_t entry_no = 0;
  std::int64_t owner_id = 0;
  domain::Choice choice = domain::Choice::kAbstain;
  domain::Channel channel = domain::Channel::kOnline;
  std::int64_t area = 0;
  std::string evidence;
  std::optional<std::string> proxy_name;
  std::optional<std::string> proxy_key;
  std::optional<std::string> guardian_name;
  std::optional<std::int64_t> entered_by;
  std::int64_t cast_at = 0;
  // Joined on reads.
  std::string names;  // of the roll entry
  std::string entered_by_name;
};

// already_exists when the entry has voted (the unique key decides under concurrency).
Result<std::int64_t> InsertBallot(Tx& tx, const BallotRecord& b);
Result<std::optional<BallotRecord>> FindBallot(Tx& tx, std::int64_t vote_id, std::int64_t entry_no);
Result<std::vector<BallotRecord>> ListBallots(Tx& tx, std::int64_t vote_id);
Result<std::int64_t> CountBallots(Tx& tx, std::int64_t vote_id);
Result<std::int64_t> CountProxyBallots(Tx& tx, std::int64_t vote_id, const std::string& proxy_key);

struct BallotSums {
  domain::Share agree, disagree, abstain;
};
Result<BallotSums> SumBallots(Tx& tx, std::int64_t vote_id);

struct RefusalRecord {
  std::int64_t id = 0;
  std::int64_t vote_id = 0;
  std::optional<std::int64_t> owner_id;
  std::string channel;
  std::string reason;
  std::optional<std::int64_t> actor_id;
  std::int64_t at = 0;
};
Status InsertRefusal(Tx& tx, const RefusalRecord& r);
Result<std::vector<RefusalRecord>> ListRefusals(Tx& tx, std::int64_t vote_id);

// ---- Objections to the roll -----------------------------------------------------------------

struct ObjectionRecord {
  std::int64_t id = 0;
  std::int64_t vote_id = 0;
  std::int64_t account_id = 0;
  std::string text;
  std::optional<std::string> answer;
  std::optional<std::int64_t> answered_by;
  std::optional<std::int64_t> answered_at;
  std::int64_t created_at = 0;
  std::string account_name;  // joined
};
Result<std::int64_t> InsertObjection(Tx& tx, const ObjectionRecord& o);
Result<std::optional<ObjectionRecord>> FindObjection(Tx& tx, std::int64_t id);
Status AnswerObjection(Tx& tx, std::int64_t id, const std::string& answer, std::int64_t by,
                       std::int64_t at);
Result<std::vector<ObjectionRecord>> ListObjections(Tx& tx, std::int64_t vote_id);

// "1,2,3" <-> ids.
std::string JoinIds(const std::vector<std::int64_t>& ids);
std::vector<std::int64_t> SplitIds(std::string_view text);

}  // namespace linli::storage
