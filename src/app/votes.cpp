#include "app/votes.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "app/audit.hpp"
#include "app/authz.hpp"
#include "app/units.hpp"
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

namespace {

const std::vector<std::string> kAllChannels = {"online", "paper", "ballot_box", "phone", "proxy"};

bool IsStaff(const Principal& who, std::string_view path) {
  return Allows(who, Permission::kManageVotes, path) ||
         Allows(who, Permission::kEnterBallots, path);
}

// "张三、李四" -> "张*、李*": each co-owner's name masked on its own.
std::string MaskJoinedNames(std::string_view names) {
  const std::string_view sep = "、";
  std::string masked;
  size_t pos = 0;
  while (pos < names.size()) {
    const size_t end = names.find(sep, pos);
    if (!masked.empty()) masked += sep;
    masked += MaskName(names.substr(pos, end == names.npos ? names.npos : end - pos));
    if (end == names.npos) break;
    pos = end + sep.size();
  }
  return masked;
}

VotePhase PhaseOfVote(const VoteRecord& v, UnixSeconds now) {
  return domain::PhaseOf(v.opens_at, v.closes_at, v.closed_at, v.published_at, now);
}

std::string VoteTitle(const VoteRecord& v) {
  return "#" + std::to_string(v.id) + "「" + v.title + "」";
}

json::value VoteAuditJson(const VoteRecord& v) {
  return json::object{{"title", v.title},
                      {"matter", v.matter},
                      {"threshold", std::string(domain::ThresholdName(v.threshold))},
                      {"building_ids", storage::JoinIds(v.building_ids)},
                      {"notice_at", FormatTime(v.notice_at)},
                      {"opens_at", FormatTime(v.opens_at)},
                      {"closes_at", FormatTime(v.closes_at)},
                      {"total_area", domain::FormatAreaM2(v.total.area)},
                      {"total_heads", v.total.heads}};
}

// The owners the caller is, by the phone their account was registered with.
Result<std::vector<std::int64_t>> OwnersOfCaller(storage::Tx& tx, const Principal& who) {
  std::vector<std::int64_t> out;
  if (who.phone.empty()) return out;
  LINLI_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT id FROM owners WHERE phone = ?", {who.phone}));
  for (const auto& r : rows) out.push_back(r.Int(0));
  return out;
}

Result<VoteRecord> LoadVote(storage::Tx& tx, std::int64_t id) {
  LINLI_ASSIGN_OR_RETURN(auto v, storage::FindVote(tx, id));
  if (!v) return NotFound("vote " + std::to_string(id) + " does not exist", "id");
  return std::move(*v);
}

Result<VoteView> ViewOf(storage::Tx& tx, const Env& env, const Principal* who, VoteRecord v,
                        bool with_mine) {
  const UnixSeconds now = env.clock.Now();
  LINLI_ASSIGN_OR_RETURN(auto cal, storage::LoadCalendar(tx));
  VoteView view;
  view.phase = PhaseOfVote(v, now);
  view.earliest_opening = domain::EarliestOpening(v.notice_at, cal);
  if (now >= v.closes_at || v.closed_at) {
    const UnixSeconds ended =
        v.closed_at ? domain::VotingEnded(v.closes_at, *v.closed_at) : v.closes_at;
    view.publish_due = domain::PublishDeadline(ended, cal);
    view.publish_late =
        v.published_at ? *v.published_at > *view.publish_due : now > *view.publish_due;
  }
  LINLI_ASSIGN_OR_RETURN(view.ballots, storage::CountBallots(tx, v.id));
  if (who) {
    view.can_manage = !v.cancelled_at && Allows(*who, Permission::kManageVotes, v.estate_path);
    view.can_enter = !v.cancelled_at && Allows(*who, Permission::kEnterBallots, v.estate_path);
    if (with_mine) {
      LINLI_ASSIGN_OR_RETURN(auto owners, OwnersOfCaller(tx, *who));
      for (auto owner : owners) {
        LINLI_ASSIGN_OR_RETURN(auto entries, storage::EntriesOfOwner(tx, v.id, owner));
        for (auto entry : entries) {
          VoteView::Mine m{owner, entry, std::nullopt, std::nullopt};
          LINLI_ASSIGN_OR_RETURN(auto ballot, storage::FindBallot(tx, v.id, entry));
          if (ballot) {
            m.choice = ballot->choice;
            m.channel = ballot->channel;
          }
          view.mine.push_back(m);
        }
      }
    }
  }
  view.vote = std::move(v);
  return view;
}

// Whether `who` may read the vote: staff of the estate, anyone who reads its structure (its
// residents), or an owner on the roll.
Status RequireReader(storage::Tx& tx, const Principal& who, const VoteRecord& v) {
  if (Allows(who, Permission::kReadStructure, v.estate_path) || IsStaff(who, v.estate_path))
    return {};
  LINLI_ASSIGN_OR_RETURN(auto owners, OwnersOfCaller(tx, who));
  for (auto owner : owners) {
    LINLI_ASSIGN_OR_RETURN(auto entries, storage::EntriesOfOwner(tx, v.id, owner));
    if (!entries.empty()) return {};
  }
  return MakeError(ErrorCode::kPermissionDenied,
                   "only the estate's owners on the roll and its staff may see this vote");
}

// Takes the roll of the vote's estate (limited to its buildings) and stores it.
Status TakeRoll(storage::Tx& tx, VoteRecord& v, UnixSeconds now) {
  LINLI_ASSIGN_OR_RETURN(auto units, storage::LoadOwnerRoll(tx, v.estate_id));
  const auto roll = domain::BuildVoteRoll(units, v.building_ids, v.count_parking);
  LINLI_ASSIGN_OR_RETURN(auto names, storage::LoadOwnerNames(tx, v.estate_id));
  LINLI_TRY(storage::ReplaceRoll(tx, v.id, roll, names, now));
  v.total = roll.total;
  v.roll_at = now;
  return {};
}

json::object ShareJson(domain::Share s) {
  return json::object{{"area", domain::FormatAreaM2(s.area)}, {"heads", s.heads}};
}

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

std::string NormalisedProxyKey(const BallotInput& in) {
  if (!in.proxy_phone.empty()) return "p:" + in.proxy_phone;
  return "n:" + std::string(Trim(in.proxy_name));
}

bool IsPhone(std::string_view s) {
  return s.size() == 11 && s[0] == '1' &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Result<VoteView> VoteService::Create(const Principal& who, const NewVote& in) {
  if (!in.matter)
    return InvalidArgument(
        "a motion needs its matter: the number (1-9) of the Civil Code art. 278 matter it "
        "decides; the approval threshold follows from it",
        "matter");
  if (!IsValidUtf8(in.title) || !IsValidUtf8(in.description))
    return InvalidArgument("title and description must be UTF-8 text", "title");
  const auto opens = ParseTime(in.opens_at);
  if (!opens)
    return InvalidArgument("opens_at must be an RFC 3339 time such as 2026-12-10T08:00:00+08:00",
                           "opens_at");
  const auto closes = ParseTime(in.closes_at);
  if (!closes)
    return InvalidArgument("closes_at must be an RFC 3339 time such as 2026-12-20T20:00:00+08:00",
                           "closes_at");
  const UnixSeconds now = env_.clock.Now();
  domain::VoteDraft d{std::string(Trim(in.title)), *in.matter, now, *opens, *closes};
  if (Utf8Length(in.description) > 5000)
    return InvalidArgument("description must be at most 5000 characters", "description");
  std::int64_t id = 0;
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, in.estate_id));
    LINLI_TRY(Require(who, Permission::kManageVotes, estate.path,
                      "announce votes of the owners of this estate"));
    LINLI_ASSIGN_OR_RETURN(auto cal, storage::LoadCalendar(tx));
    LINLI_TRY(domain::CheckVoteDraft(d, cal));
    std::vector<std::int64_t> buildings = in.building_ids;
    std::sort(buildings.begin(), buildings.end());
    buildings.erase(std::unique(buildings.begin(), buildings.end()), buildings.end());
    for (size_t i = 0; i < buildings.size(); ++i) {
      LINLI_ASSIGN_OR_RETURN(
          auto row, tx.QueryOne("SELECT estate_id FROM buildings WHERE id = ?", {buildings[i]}));
      if (!row || row->Int(0) != estate.id)
        return NotFound(
            "building " + std::to_string(buildings[i]) + " is not a building of " + estate.name,
            "building_ids[" + std::to_string(i) + "]");
    }
    LINLI_ASSIGN_OR_RETURN(auto rules, storage::LoadVoteRules(tx, estate.id));
    VoteRecord v;
    v.estate_id = estate.id;
    v.estate_path = estate.path;
    v.estate_name = estate.name;
    v.kind = "motion";
    v.title = d.title;
    v.description = std::string(Trim(in.description));
    v.matter = d.matter;
    v.threshold = *domain::ThresholdOfMatter(d.matter);
    v.building_ids = buildings;
    v.notice_at = now;
    v.opens_at = d.opens_at;
    v.closes_at = d.closes_at;
    v.nonvoters_with_majority = rules.nonvoters_with_majority;
    v.proxy_cap = rules.proxy_cap;
    v.channels = rules.channels;
    v.count_parking = rules.count_parking;
    v.roll_at = now;
    v.created_by = who.account_id;
    v.created_at = now;
    LINLI_ASSIGN_OR_RETURN(id, storage::InsertVote(tx, v));
    v.id = id;
    LINLI_TRY(TakeRoll(tx, v, now));
    if (v.total.heads == 0)
      return MakeError(ErrorCode::kFailedPrecondition,
                       "the roll is empty: " + estate.name + " has no households" +
                           (buildings.empty() ? std::string() : " in the chosen buildings") +
                           "; import the households and owners first",
                       buildings.empty() ? "estate" : "building_ids");
    return RecordAudit(tx, env_, &who,
                       {"create", "vote", id, estate.path, nullptr, VoteAuditJson(v)});
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
  const auto channel = domain::ParseChannel(in.channel);
  if (!channel)
    return InvalidArgument("channel must be online, paper, ballot_box, phone or proxy", "channel");
  if (!in.owner_id)
    return InvalidArgument("owner_id (the owner on the roll who votes) is required", "owner_id");
  const std::string evidence(Trim(in.evidence));
  const std::string proxy_name(Trim(in.proxy_name));
  const std::string guardian(Trim(in.guardian_name));
  if (!IsValidUtf8(evidence) || !IsValidUtf8(proxy_name) || !IsValidUtf8(guardian))
    return InvalidArgument("evidence, proxy_name and guardian_name must be UTF-8 text", "evidence");
  if (domain::EnteredByStaff(*channel) && Utf8Length(evidence) < 2)
    return InvalidArgument(
        "a " + std::string(domain::ChannelName(*channel)) +
            " ballot needs its evidence: the paper ballot's number, the call record or the "
            "written authorisation (2 characters or more)",
        "evidence");
  if (Utf8Length(evidence) > 500)
    return InvalidArgument("evidence must be at most 500 characters", "evidence");
  if (*channel == Channel::kProxy) {
    if (Utf8Length(proxy_name) < 2)
      return InvalidArgument("a proxy ballot needs the proxy's name (proxy_name)", "proxy_name");
    if (!in.proxy_phone.empty() && !IsPhone(in.proxy_phone))
      return InvalidArgument("proxy_phone must be an 11-digit mobile number", "proxy_phone");
  }

  const UnixSeconds now = env_.clock.Now();
  std::int64_t ballot_id = 0;
  std::string vote_path;
  auto written = env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto v, LoadVote(tx, id));
    vote_path = v.estate_path;
    if (*channel == Channel::kOnline) {
      LINLI_ASSIGN_OR_RETURN(auto phone,
                             tx.QueryOne("SELECT phone FROM owners WHERE id = ?", {*in.owner_id}));
      if (!phone || phone->IsNull(0) || phone->Text(0) != who.phone)
        return MakeError(ErrorCode::kPermissionDenied,
                         "an online ballot is cast by the owner themself: owner " +
                             std::to_string(*in.owner_id) +
                             " is not registered with this account's phone; staff enter "
                             "ballots received by other channels");
    } else {
      LINLI_TRY(Require(who, Permission::kEnterBallots, v.estate_path,
                        "enter ballots received on paper, in the ballot box, by phone or by "
                        "proxy"));
    }
    if (v.cancelled_at)
      return MakeError(ErrorCode::kFailedPrecondition, "the vote was cancelled", "id");
    LINLI_TRY(domain::CheckBallotWindow(v.opens_at, v.closes_at, v.closed_at, now));
    const std::string channel_name(domain::ChannelName(*channel));
    if (std::find(v.channels.begin(), v.channels.end(), channel_name) == v.channels.end())
      return MakeError(ErrorCode::kFailedPrecondition,
                       "this estate's rules of procedure do not accept " +
                           std::string(domain::ChannelLabel(*channel)) + " (" + channel_name +
                           ") ballots",
                       "channel");
    LINLI_ASSIGN_OR_RETURN(auto entries, storage::EntriesOfOwner(tx, id, *in.owner_id));
    if (entries.empty())
      return NotFound("owner " + std::to_string(*in.owner_id) + " is not on the roll of this vote",
                      "owner_id");
    std::optional<storage::RollEntryRecord> entry;
    if (entries.size() == 1 && !in.household_id) {
      LINLI_ASSIGN_OR_RETURN(entry, storage::FindRollEntry(tx, id, entries[0]));
    } else {
      if (!in.household_id)
        return InvalidArgument("owner " + std::to_string(*in.owner_id) +
                                   " stands on the roll more than once (units held with "
                                   "different co-owners); give household_id to say which",
                               "household_id");
      for (auto no : entries) {
        LINLI_ASSIGN_OR_RETURN(auto e, storage::FindRollEntry(tx, id, no));
        if (e && std::find(e->household_ids.begin(), e->household_ids.end(), *in.household_id) !=
                     e->household_ids.end())
          entry = std::move(e);
      }
      if (!entry)
        return NotFound("household " + std::to_string(*in.household_id) + " is not one of owner " +
                            std::to_string(*in.owner_id) + "'s units on this roll",
                        "household_id");
    }
    LINLI_ASSIGN_OR_RETURN(auto existing, storage::FindBallot(tx, id, entry->entry_no));
    if (existing)
      return MakeError(
          ErrorCode::kAlreadyExists,
          "this owner has already voted (" + std::string(domain::ChannelLabel(existing->channel)) +
              ", " + FormatTime(existing->cast_at) + "); an owner votes once across all channels",
          "owner_id");
    BallotRecord b;
    b.vote_id = id;
    b.entry_no = entry->entry_no;
    b.owner_id = *in.owner_id;
    b.choice = *choice;
    b.channel = *channel;
    b.area = entry->area;
    b.evidence = evidence;
    if (*channel == Channel::kProxy) {
      b.proxy_name = proxy_name;
      b.proxy_key = NormalisedProxyKey(in);
      LINLI_ASSIGN_OR_RETURN(auto held, storage::CountProxyBallots(tx, id, *b.proxy_key));
      if (held >= v.proxy_cap)
        return MakeError(ErrorCode::kFailedPrecondition,
                         "proxy " + proxy_name + " already holds " + std::to_string(held) +
                             " ballots; the rules allow at most " + std::to_string(v.proxy_cap) +
                             " per proxy",
                         "proxy_name");
    }
    if (!guardian.empty()) b.guardian_name = guardian;
    if (*channel != Channel::kOnline) b.entered_by = who.account_id;
    b.cast_at = now;
    LINLI_ASSIGN_OR_RETURN(ballot_id, storage::InsertBallot(tx, b));
    return RecordAudit(tx, env_, &who,
                       {"cast", "ballot", ballot_id, v.estate_path, nullptr,
                        json::object{{"vote_id", id},
                                     {"entry_no", b.entry_no},
                                     {"owner_id", b.owner_id},
                                     {"choice", std::string(domain::ChoiceName(b.choice))},
                                     {"channel", channel_name}}});
  });
  if (!written) {
    // A second attempt is refused and logged (in its own transaction, as the first rolled back).
    if (written.error().code == ErrorCode::kAlreadyExists && !vote_path.empty()) {
      Error refused = written.error();
      if (refused.message.find("already voted") == std::string::npos)
        refused.message = "this owner has already voted; an owner votes once across all channels";
      refused.field = "owner_id";
      (void)env_.db.Write([&](storage::Tx& tx) -> Status {
        LINLI_TRY(storage::InsertRefusal(
            tx, {0, id, in.owner_id, in.channel, "already_voted", who.account_id, now}));
        return RecordAudit(tx, env_, &who,
                           {"refuse", "ballot", std::nullopt, vote_path, nullptr,
                            json::object{{"vote_id", id},
                                         {"owner_id", *in.owner_id},
                                         {"channel", in.channel},
                                         {"reason", "already_voted"}}});
      });
      return tl::unexpected(refused);
    }
    return tl::unexpected(written.error());
  }
  return env_.db.Read([&](storage::Tx& tx) -> Result<BallotRecord> {
    LINLI_ASSIGN_OR_RETURN(auto rows,
                           tx.QueryOne("SELECT entry_no FROM ballots WHERE id = ?", {ballot_id}));
    LINLI_ASSIGN_OR_RETURN(auto b, storage::FindBallot(tx, id, rows->Int(0)));
    return std::move(*b);
  });
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
