// Use cases of owners' votes (业主共同决定; Civil Code art. 278, RULES.md §0-3, docs/VOTES.md):
// the committee or the branch announces a motion with its art. 278 matter (the threshold follows
// from it) at least 15 days before voting opens; the roll is taken from households and owners by
// the counting rules and published masked for objections, re-taken on request until voting
// opens and frozen from then on; ballots arrive online from the owner and on paper, in the
// mobile ballot box, by phone or by proxy through staff with evidence, one per owner across all
// channels (a second attempt is refused and logged); closing takes the exact tally and stores
// it; publishing (due within 3 days) makes the result and the masked list of who took part
// public. Nothing deletes a ballot. Every write is audited.
// Thread-safety: VoteService is stateless over Env.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "app/context.hpp"
#include "domain/votes/tally.hpp"
#include "domain/votes/vote.hpp"
#include "storage/repos/votes.hpp"

namespace linli::app {

struct NewVote {
  std::int64_t estate_id = 0;
  std::string title;
  std::string description;
  std::optional<int> matter;
  std::string opens_at;  // RFC 3339
  std::string closes_at;
  std::vector<std::int64_t> building_ids;  // empty: the whole estate
};

struct VoteView {
  storage::VoteRecord vote;
  domain::VotePhase phase = domain::VotePhase::kAnnounced;
  UnixSeconds earliest_opening = 0;        // end of the notice period
  std::optional<UnixSeconds> publish_due;  // once voting has ended
  bool publish_late = false;               // not published by publish_due
  std::int64_t ballots = 0;                // cast so far
  bool can_manage = false;                 // the viewer runs the vote
  bool can_enter = false;                  // the viewer enters ballots
  // The viewer as an owner on the roll (online voting).
  struct Mine {
    std::int64_t owner_id = 0;
    std::int64_t entry_no = 0;
    std::optional<domain::Choice> choice;  // already voted
    std::optional<domain::Channel> channel;
  };
  std::vector<Mine> mine;
};

struct RollView {
  domain::Share total;
  bool frozen = false;
  UnixSeconds taken_at = 0;
  std::vector<storage::RollEntryRecord> entries;  // names masked unless personal data readable
};

struct BallotInput {
  std::optional<std::int64_t> owner_id;
  std::optional<std::int64_t> household_id;  // only when the owner stands on two entries
  std::string choice;
  std::string channel;
  std::string evidence;  // paper ballot number, photo, call record, written authorisation
  std::string proxy_name;
  std::string proxy_phone;
  std::string guardian_name;  // votes for an owner without full legal capacity (proof in evidence)
};

struct ResultView {
  storage::VoteRecord vote;
  // The JSON object stored when the vote was closed (see docs/VOTES.md), with the masked list
  // of who took part ("participants") in the roll's order. Kept as text: it never changes, and
  // the published result of a big estate is read often.
  std::string result_json;
  std::optional<UnixSeconds> publish_due;
  bool publish_late = false;
};

class VoteService {
 public:
  explicit VoteService(Env env) : env_(env) {}

  // kManageVotes on the estate. The roll is taken now.
  Result<VoteView> Create(const Principal& who, const NewVote& in);
  // Owners on the roll, and anyone who reads the estate's structure.
  Result<VoteView> Get(const Principal& who, std::int64_t id);
  Result<Paged<VoteView>> List(const Principal& who, std::int64_t estate_id, Page page);
  // The votes the caller may cast a ballot in as an owner (their phone is an owner's phone).
  Result<std::vector<VoteView>> Mine(const Principal& who);
  // kManageVotes: cancel before voting opens (a vote announced by mistake).
  Result<VoteView> Cancel(const Principal& who, std::int64_t id, const std::string& reason);

  // Owners on the roll and staff of the estate; masked unless kReadPersonalData.
  Result<RollView> Roll(const Principal& who, std::int64_t id);
  // kManageVotes: re-take the roll (after objections were answered); refused once voting opened.
  Result<RollView> RetakeRoll(const Principal& who, std::int64_t id);
  Result<storage::ObjectionRecord> Object(const Principal& who, std::int64_t id,
                                          const std::string& text);
  Result<storage::ObjectionRecord> Answer(const Principal& who, std::int64_t objection_id,
                                          const std::string& answer);
  Result<std::vector<storage::ObjectionRecord>> Objections(const Principal& who, std::int64_t id);

  // online: the owner themself; any other channel: kEnterBallots with evidence.
  Result<storage::BallotRecord> Cast(const Principal& who, std::int64_t id, const BallotInput& in);
  // kManageVotes or kEnterBallots: every ballot with its channel and evidence, and the refusals.
  Result<std::vector<storage::BallotRecord>> Ballots(const Principal& who, std::int64_t id);
  Result<std::vector<storage::RefusalRecord>> Refusals(const Principal& who, std::int64_t id);

  // kManageVotes, once voting has opened: takes and stores the tally.
  Result<ResultView> Close(const Principal& who, std::int64_t id);
  // Staff of the estate once closed; everyone once published (`who` may be null then).
  Result<ResultView> Result_(const Principal* who, std::int64_t id);
  // kManageVotes, once closed.
  Result<ResultView> Publish(const Principal& who, std::int64_t id);
  // Published votes of an estate, newest first (no login).
  Result<Paged<VoteView>> Published(std::int64_t estate_id, Page page);

  // The estate's voting rules (kManageVotes to change).
  Result<storage::VoteRulesRecord> Rules(const Principal& who, std::int64_t estate_id);
  Result<storage::VoteRulesRecord> SetRules(const Principal& who, std::int64_t estate_id,
                                            const storage::VoteRulesRecord& rules);

 private:
  Env env_;
};

}  // namespace linli::app
