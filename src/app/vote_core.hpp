// What owners' votes and committee elections share (docs/VOTES.md, docs/ELECTIONS.md): loading a
// vote, who may read it and who runs it, the view of a vote, announcing a vote with its roll,
// and casting one ballot through any channel with the same checks (the owner themself online,
// staff with evidence otherwise, the window, the estate's channel policy, one ballot per roll
// entry across channels with a second attempt refused and logged, the proxy cap). An election
// is a vote of kind 'election' (art. 278 matter 3) whose ballots carry marks per candidate.
// Internal to linli_app. Thread-safety: free functions over Env and a caller's transaction.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "app/context.hpp"
#include "app/votes.hpp"

namespace linli::app::votecore {

inline constexpr std::string_view kKindMotion = "motion";
inline constexpr std::string_view kKindElection = "election";

// kManageVotes or kEnterBallots on the estate.
bool IsStaff(const Principal& who, std::string_view path);
// "张三、李四" -> "张*、李*".
std::string MaskJoinedNames(std::string_view names);
// The owners the caller is, by the phone their account was registered with.
Result<std::vector<std::int64_t>> OwnersOfCaller(storage::Tx& tx, const Principal& who);
Result<storage::VoteRecord> LoadVote(storage::Tx& tx, std::int64_t id);
// Staff of the estate, anyone who reads its structure (its residents), or an owner on the roll.
Status RequireReader(storage::Tx& tx, const Principal& who, const storage::VoteRecord& v);
Result<VoteView> ViewOf(storage::Tx& tx, const Env& env, const Principal* who,
                        storage::VoteRecord v, bool with_mine);
boost::json::object ShareJson(domain::Share s);
// The vote as audited.
boost::json::value VoteAuditJson(const storage::VoteRecord& v);
// Takes the roll of the vote's estate (limited to its buildings) and stores it.
Status TakeRoll(storage::Tx& tx, storage::VoteRecord& v, UnixSeconds now);

// Announces a vote of `kind` inside the caller's write transaction: kManageVotes on the estate,
// the title, matter and window (15 days' notice from now), the buildings, the estate's rules
// copied, the roll taken (refused when empty), and the audit entry. `in.matter` must be set.
Result<storage::VoteRecord> AnnounceVote(storage::Tx& tx, const Env& env, const Principal& who,
                                         const NewVote& in, std::string_view kind);

// Run inside the ballot's transaction after it is inserted (an election's marks); what it
// returns is added to the ballot's audit entry as "marks" unless null.
using BallotExtra = std::function<Result<boost::json::value>(
    storage::Tx&, const storage::VoteRecord&, const storage::BallotRecord&)>;
// Casts one ballot in a vote of `kind` (a vote of the other kind is refused, naming the route
// to use). `choice` is the ballot's choice (elections store abstain: their choices are marks).
Result<storage::BallotRecord> CastBallot(const Env& env, const Principal& who, std::int64_t id,
                                         const BallotInput& in, domain::Choice choice,
                                         std::string_view kind, const BallotExtra& extra);

// Refuses a vote of kind 'election' on the plain vote routes (`what`: "close", "publish"...).
Status RequireMotion(const storage::VoteRecord& v, std::string_view what);

}  // namespace linli::app::votecore
