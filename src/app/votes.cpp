#include "app/votes.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "app/audit.hpp"
#include "app/authz.hpp"
#include "app/units.hpp"
#include "app/vote_core.hpp"
#include "core/mask.hpp"
#include "core/text.hpp"
#include "core/time_format.hpp"
#include "domain/org/household_import.hpp"
#include "domain/votes/roll.hpp"
#include "storage/repos/appeals.hpp"
#include "storage/repos/estates.hpp"

namespace linli::app {
namespace json = boost::json;
using domain::Channel;
using domain::Choice;
using domain::Permission;
using domain::VotePhase;
using storage::BallotRecord;
using storage::VoteRecord;
using votecore::IsStaff;
using votecore::LoadVote;
using votecore::MaskJoinedNames;
using votecore::OwnersOfCaller;
using votecore::RequireReader;
using votecore::ShareJson;
using votecore::TakeRoll;
using votecore::ViewOf;
using votecore::VoteAuditJson;

namespace {

// The stored result of a vote (docs/VOTES.md "Result").
json::object ResultJson(const VoteRecord& v, const domain::TallyResult& t,
                        const storage::BallotSums& sums,
                        const std::vector<std::pair<std::string, std::int64_t>>& by_channel,
                        UnixSeconds at) {
  json::object participation = ShareJson(t.participated);
  participation["met"] = t.participation_met;
  participation["area_met"] = t.participation_area_met;
  participation["heads_met"] = t.participation_heads_met;
  participation["threshold"] = "two_thirds";
  participation["threshold_label"] = "三分之二以上";
  json::object approval = ShareJson(t.approved);
  approval["threshold"] = std::string(domain::ThresholdName(t.threshold));
  approval["threshold_label"] = std::string(domain::ThresholdLabel(t.threshold));
  approval["met"] = t.approval_met;
  approval["area_met"] = t.approval_area_met;
  approval["heads_met"] = t.approval_heads_met;
  json::object channels;
  for (const auto& [name, n] : by_channel) channels[name] = n;
  json::object nonvoters{{"enabled", t.nonvoters.enabled}, {"applied", t.nonvoters.applied}};
  if (t.nonvoters.applied) {
    nonvoters["side"] = std::string(domain::ChoiceName(*t.nonvoters.side));
    nonvoters["added"] = ShareJson(t.nonvoters.added);
    nonvoters["approval_met"] = t.nonvoters.approval_met;
  }
  nonvoters["note"] =
      "按本小区议事规则计入多数票的未表决业主，单列展示，不影响依民法典第二百七十八条的表决结果";
  return json::object{{"outcome", std::string(domain::OutcomeName(t.outcome))},
                      {"outcome_label", std::string(domain::OutcomeLabel(t.outcome))},
                      {"matter", v.matter},
                      {"matter_label", std::string(domain::MatterLabel(v.matter))},
                      {"total", ShareJson(v.total)},
                      {"participation", std::move(participation)},
                      {"approval", std::move(approval)},
                      {"disagree", ShareJson(sums.disagree)},
                      {"abstain", ShareJson(sums.abstain)},
                      {"by_channel", std::move(channels)},
                      {"nonvoter_rule", std::move(nonvoters)},
                      {"tallied_at", FormatTime(at)}};
}

Result<ResultView> ResultViewOf(storage::Tx& tx, const Env& env, VoteRecord v) {
  ResultView out;
  if (!v.result_json)
    return MakeError(ErrorCode::kFailedPrecondition,
                     "the vote is not closed yet: the result is taken when it is closed", "id");
  out.result_json = *v.result_json;
  LINLI_ASSIGN_OR_RETURN(auto cal, storage::LoadCalendar(tx));
  out.publish_due = domain::PublishDeadline(domain::VotingEnded(v.closes_at, *v.closed_at), cal);
  out.publish_late =
      v.published_at ? *v.published_at > *out.publish_due : env.clock.Now() > *out.publish_due;
  out.vote = std::move(v);
  return out;
}

}  // namespace

Result<VoteView> VoteService::Create(const Principal& who, const NewVote& in) {
  if (!in.matter)
    return InvalidArgument(
        "a motion needs its matter: the number (1-9) of the Civil Code art. 278 matter it "
        "decides; the approval threshold follows from it",
        "matter");
  std::int64_t id = 0;
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto v,
                           votecore::AnnounceVote(tx, env_, who, in, votecore::kKindMotion));
    id = v.id;
    return {};
  }));
  return Get(who, id);
}

Result<VoteView> VoteService::Get(const Principal& who, std::int64_t id) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<VoteView> {
    LINLI_ASSIGN_OR_RETURN(auto v, LoadVote(tx, id));
    LINLI_TRY(RequireReader(tx, who, v));
    return ViewOf(tx, env_, &who, std::move(v), true);
  });
}

Result<Paged<VoteView>> VoteService::List(const Principal& who, std::int64_t estate_id, Page page) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<Paged<VoteView>> {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, estate_id));
    if (!Allows(who, Permission::kReadStructure, estate.path) && !IsStaff(who, estate.path))
      return MakeError(ErrorCode::kPermissionDenied,
                       "only the estate's residents and staff may list its votes");
    Paged<VoteView> out;
    out.page = page;
    LINLI_ASSIGN_OR_RETURN(out.total, storage::CountVotes(tx, estate.id, false));
    LINLI_ASSIGN_OR_RETURN(auto votes,
                           storage::ListVotes(tx, estate.id, false, page.page_size, page.Offset()));
    for (auto& v : votes) {
      LINLI_ASSIGN_OR_RETURN(auto view, ViewOf(tx, env_, &who, std::move(v), true));
      out.items.push_back(std::move(view));
    }
    return out;
  });
}

Result<std::vector<VoteView>> VoteService::Mine(const Principal& who) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<std::vector<VoteView>> {
    LINLI_ASSIGN_OR_RETURN(auto owners, OwnersOfCaller(tx, who));
    LINLI_ASSIGN_OR_RETURN(auto votes, storage::ListVotesOfOwners(tx, owners));
    std::vector<VoteView> out;
    for (auto& v : votes) {
      LINLI_ASSIGN_OR_RETURN(auto view, ViewOf(tx, env_, &who, std::move(v), true));
      out.push_back(std::move(view));
    }
    return out;
  });
}

Result<VoteView> VoteService::Cancel(const Principal& who, std::int64_t id,
                                     const std::string& reason) {
  if (Utf8Length(Trim(reason)) < 2)
    return InvalidArgument("say why the vote is cancelled (2 characters or more)", "reason");
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto v, LoadVote(tx, id));
    LINLI_TRY(Require(who, Permission::kManageVotes, v.estate_path, "cancel this vote"));
    if (v.cancelled_at) return MakeError(ErrorCode::kFailedPrecondition, "already cancelled");
    if (env_.clock.Now() >= v.opens_at)
      return MakeError(ErrorCode::kFailedPrecondition,
                       "voting has opened: a vote can be cancelled only while it is announced; "
                       "close it and publish the result instead");
    const UnixSeconds now = env_.clock.Now();
    LINLI_TRY(storage::MarkVoteCancelled(tx, id, now));
    return RecordAudit(
        tx, env_, &who,
        {"cancel", "vote", id, v.estate_path, VoteAuditJson(v),
         json::object{{"cancelled_at", FormatTime(now)}, {"reason", std::string(Trim(reason))}}});
  }));
  return Get(who, id);
}

Result<RollView> VoteService::Roll(const Principal& who, std::int64_t id) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<RollView> {
    LINLI_ASSIGN_OR_RETURN(auto v, LoadVote(tx, id));
    LINLI_TRY(RequireReader(tx, who, v));
    RollView out;
    out.total = v.total;
    out.taken_at = v.roll_at;
    out.frozen = env_.clock.Now() >= v.opens_at;
    LINLI_ASSIGN_OR_RETURN(out.entries, storage::ListRoll(tx, id));
    if (!Allows(who, Permission::kReadPersonalData, v.estate_path)) {
      for (auto& e : out.entries) {
        e.names = MaskJoinedNames(e.names);
      }
    }
    return out;
  });
}

Result<RollView> VoteService::RetakeRoll(const Principal& who, std::int64_t id) {
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto v, LoadVote(tx, id));
    LINLI_TRY(Require(who, Permission::kManageVotes, v.estate_path, "re-take the roll"));
    const UnixSeconds now = env_.clock.Now();
    if (v.cancelled_at) return MakeError(ErrorCode::kFailedPrecondition, "the vote is cancelled");
    if (now >= v.opens_at)
      return MakeError(ErrorCode::kFailedPrecondition,
                       "the roll was frozen when voting opened at " + FormatTime(v.opens_at) +
                           "; it can no longer change");
    const domain::Share before = v.total;
    LINLI_TRY(TakeRoll(tx, v, now));
    return RecordAudit(
        tx, env_, &who,
        {"retake_roll", "vote", id, v.estate_path, ShareJson(before), ShareJson(v.total)});
  }));
  return Roll(who, id);
}

Result<storage::ObjectionRecord> VoteService::Object(const Principal& who, std::int64_t id,
                                                     const std::string& text) {
  const auto trimmed = std::string(Trim(text));
  if (!IsValidUtf8(trimmed) || Utf8Length(trimmed) < 5 || Utf8Length(trimmed) > 1000)
    return InvalidArgument(
        "say what is wrong with the roll in 5 to 1000 characters (whose area or which unit)",
        "text");
  std::int64_t oid = 0;
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto v, LoadVote(tx, id));
    LINLI_TRY(RequireReader(tx, who, v));
    if (env_.clock.Now() >= v.opens_at)
      return MakeError(ErrorCode::kFailedPrecondition,
                       "the roll was frozen when voting opened; objections are taken only "
                       "while the vote is announced");
    storage::ObjectionRecord o;
    o.vote_id = id;
    o.account_id = who.account_id;
    o.text = trimmed;
    o.created_at = env_.clock.Now();
    LINLI_ASSIGN_OR_RETURN(oid, storage::InsertObjection(tx, o));
    return RecordAudit(tx, env_, &who,
                       {"create", "roll_objection", oid, v.estate_path, nullptr,
                        json::object{{"vote_id", id}, {"text", trimmed}}});
  }));
  return env_.db.Read([&](storage::Tx& tx) -> Result<storage::ObjectionRecord> {
    LINLI_ASSIGN_OR_RETURN(auto o, storage::FindObjection(tx, oid));
    return std::move(*o);
  });
}

Result<storage::ObjectionRecord> VoteService::Answer(const Principal& who,
                                                     std::int64_t objection_id,
                                                     const std::string& answer) {
  const auto trimmed = std::string(Trim(answer));
  if (!IsValidUtf8(trimmed) || Utf8Length(trimmed) < 2 || Utf8Length(trimmed) > 1000)
    return InvalidArgument("the answer must be 2 to 1000 characters", "answer");
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto o, storage::FindObjection(tx, objection_id));
    if (!o) return NotFound("objection " + std::to_string(objection_id) + " does not exist", "id");
    LINLI_ASSIGN_OR_RETURN(auto v, LoadVote(tx, o->vote_id));
    LINLI_TRY(Require(who, Permission::kManageVotes, v.estate_path, "answer roll objections"));
    LINLI_TRY(
        storage::AnswerObjection(tx, objection_id, trimmed, who.account_id, env_.clock.Now()));
    return RecordAudit(tx, env_, &who,
                       {"answer", "roll_objection", objection_id, v.estate_path,
                        json::object{{"text", o->text}}, json::object{{"answer", trimmed}}});
  }));
  return env_.db.Read([&](storage::Tx& tx) -> Result<storage::ObjectionRecord> {
    LINLI_ASSIGN_OR_RETURN(auto o, storage::FindObjection(tx, objection_id));
    return std::move(*o);
  });
}

Result<std::vector<storage::ObjectionRecord>> VoteService::Objections(const Principal& who,
                                                                      std::int64_t id) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<std::vector<storage::ObjectionRecord>> {
    LINLI_ASSIGN_OR_RETURN(auto v, LoadVote(tx, id));
    LINLI_TRY(RequireReader(tx, who, v));
    LINLI_ASSIGN_OR_RETURN(auto list, storage::ListObjections(tx, id));
    const bool full = Allows(who, Permission::kReadPersonalData, v.estate_path);
    for (auto& o : list)
      if (!full && o.account_id != who.account_id) o.account_name = MaskName(o.account_name);
    return list;
  });
}

Result<BallotRecord> VoteService::Cast(const Principal& who, std::int64_t id,
                                       const BallotInput& in) {
  const auto choice = domain::ParseChoice(in.choice);
  if (!choice) return InvalidArgument("choice must be agree, disagree or abstain", "choice");
  return votecore::CastBallot(env_, who, id, in, *choice, votecore::kKindMotion, nullptr);
}

Result<std::vector<BallotRecord>> VoteService::Ballots(const Principal& who, std::int64_t id) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<std::vector<BallotRecord>> {
    LINLI_ASSIGN_OR_RETURN(auto v, LoadVote(tx, id));
    if (!IsStaff(who, v.estate_path))
      return MakeError(ErrorCode::kPermissionDenied,
                       "only those who run the vote or enter ballots may see the ballots");
    return storage::ListBallots(tx, id);
  });
}

Result<std::vector<storage::RefusalRecord>> VoteService::Refusals(const Principal& who,
                                                                  std::int64_t id) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<std::vector<storage::RefusalRecord>> {
    LINLI_ASSIGN_OR_RETURN(auto v, LoadVote(tx, id));
    if (!IsStaff(who, v.estate_path))
      return MakeError(ErrorCode::kPermissionDenied,
                       "only those who run the vote may see refused ballots");
    return storage::ListRefusals(tx, id);
  });
}

Result<ResultView> VoteService::Close(const Principal& who, std::int64_t id) {
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto v, LoadVote(tx, id));
    LINLI_TRY(Require(who, Permission::kManageVotes, v.estate_path, "close this vote"));
    LINLI_TRY(votecore::RequireMotion(v, "close"));
    const UnixSeconds now = env_.clock.Now();
    if (v.cancelled_at) return MakeError(ErrorCode::kFailedPrecondition, "the vote was cancelled");
    if (v.closed_at)
      return MakeError(ErrorCode::kFailedPrecondition,
                       "the vote was closed at " + FormatTime(*v.closed_at));
    if (now < v.opens_at)
      return MakeError(ErrorCode::kFailedPrecondition, "voting has not opened yet (it opens at " +
                                                           FormatTime(v.opens_at) +
                                                           "); cancel the vote instead");
    LINLI_ASSIGN_OR_RETURN(auto sums, storage::SumBallots(tx, id));
    const auto tally = domain::Tally(domain::TallyInput{
        v.total, sums.agree, sums.disagree, sums.abstain, v.threshold, v.nonvoters_with_majority});
    LINLI_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT channel, COUNT(*) FROM ballots WHERE "
                                               "vote_id = ? GROUP BY channel ORDER BY channel",
                                               {id}));
    std::vector<std::pair<std::string, std::int64_t>> by_channel;
    for (const auto& r : rows) by_channel.emplace_back(r.Text(0), r.Int(1));
    auto result = ResultJson(v, tally, sums, by_channel, now);
    // Who took part, masked, in the roll's order: published with the result, never changing.
    LINLI_ASSIGN_OR_RETURN(auto ballots, storage::ListBallots(tx, id));
    json::array participants;
    participants.reserve(ballots.size());
    for (const auto& b : ballots) participants.push_back(json::value(MaskJoinedNames(b.names)));
    result["participants"] = std::move(participants);
    const std::string text = json::serialize(result);
    LINLI_TRY(storage::MarkVoteClosed(tx, id, now, text));
    return RecordAudit(tx, env_, &who,
                       {"close", "vote", id, v.estate_path, nullptr, json::value(result)});
  }));
  return Result_(&who, id);
}

Result<ResultView> VoteService::Result_(const Principal* who, std::int64_t id) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<ResultView> {
    LINLI_ASSIGN_OR_RETURN(auto v, LoadVote(tx, id));
    if (!v.published_at) {
      if (!who)
        return MakeError(ErrorCode::kUnauthenticated,
                         "the result is not published yet; log in to see it");
      LINLI_TRY(RequireReader(tx, *who, v));
    }
    return ResultViewOf(tx, env_, std::move(v));
  });
}

Result<ResultView> VoteService::Publish(const Principal& who, std::int64_t id) {
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto v, LoadVote(tx, id));
    LINLI_TRY(Require(who, Permission::kManageVotes, v.estate_path, "publish this vote's result"));
    LINLI_TRY(votecore::RequireMotion(v, "publish"));
    if (!v.closed_at)
      return MakeError(ErrorCode::kFailedPrecondition,
                       "close the vote first: the published result is the tally taken at closing");
    if (v.published_at)
      return MakeError(ErrorCode::kFailedPrecondition,
                       "already published at " + FormatTime(*v.published_at));
    const UnixSeconds now = env_.clock.Now();
    LINLI_TRY(storage::MarkVotePublished(tx, id, now));
    return RecordAudit(tx, env_, &who,
                       {"publish", "vote", id, v.estate_path, nullptr,
                        json::object{{"published_at", FormatTime(now)}}});
  }));
  return Result_(&who, id);
}

Result<Paged<VoteView>> VoteService::Published(std::int64_t estate_id, Page page) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<Paged<VoteView>> {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, estate_id));
    Paged<VoteView> out;
    out.page = page;
    LINLI_ASSIGN_OR_RETURN(out.total, storage::CountVotes(tx, estate.id, true));
    LINLI_ASSIGN_OR_RETURN(auto votes,
                           storage::ListVotes(tx, estate.id, true, page.page_size, page.Offset()));
    for (auto& v : votes) {
      LINLI_ASSIGN_OR_RETURN(auto view, ViewOf(tx, env_, nullptr, std::move(v), false));
      out.items.push_back(std::move(view));
    }
    return out;
  });
}

Result<storage::VoteRulesRecord> VoteService::Rules(const Principal& who, std::int64_t estate_id) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<storage::VoteRulesRecord> {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, estate_id));
    if (!Allows(who, Permission::kReadStructure, estate.path) && !IsStaff(who, estate.path))
      return MakeError(ErrorCode::kPermissionDenied, "only the estate's people may read its rules");
    return storage::LoadVoteRules(tx, estate.id);
  });
}

Result<storage::VoteRulesRecord> VoteService::SetRules(const Principal& who, std::int64_t estate_id,
                                                       const storage::VoteRulesRecord& rules) {
  if (rules.proxy_cap < 1 || rules.proxy_cap > 20)
    return InvalidArgument("proxy_cap must be 1 to 20 ballots per proxy (Weifang: 3)", "proxy_cap");
  if (rules.channels.empty())
    return InvalidArgument("at least one channel must count, e.g. paper", "channels");
  for (size_t i = 0; i < rules.channels.size(); ++i)
    if (!domain::ParseChannel(rules.channels[i]))
      return InvalidArgument("channels[" + std::to_string(i) +
                                 "] must be one of online, paper, ballot_box, phone, proxy",
                             "channels[" + std::to_string(i) + "]");
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, estate_id));
    LINLI_TRY(Require(who, Permission::kManageVotes, estate.path, "set the estate's voting rules"));
    LINLI_ASSIGN_OR_RETURN(auto before, storage::LoadVoteRules(tx, estate.id));
    LINLI_TRY(storage::SaveVoteRules(tx, estate.id, rules, env_.clock.Now()));
    auto as_json = [](const storage::VoteRulesRecord& r) {
      json::array ch;
      for (const auto& c : r.channels) ch.push_back(json::value(c));
      return json::value(json::object{{"nonvoters_with_majority", r.nonvoters_with_majority},
                                      {"count_parking", r.count_parking},
                                      {"proxy_cap", r.proxy_cap},
                                      {"channels", std::move(ch)}});
    };
    return RecordAudit(
        tx, env_, &who,
        {"update", "vote_rules", estate.id, estate.path, as_json(before), as_json(rules)});
  }));
  return Rules(who, estate_id);
}

}  // namespace linli::app
