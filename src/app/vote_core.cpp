#include "app/vote_core.hpp"

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

namespace linli::app::votecore {
namespace json = boost::json;
using domain::Channel;
using domain::Choice;
using domain::Permission;
using domain::VotePhase;
using storage::BallotRecord;
using storage::VoteRecord;

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

namespace {

VotePhase PhaseOfVote(const VoteRecord& v, UnixSeconds now) {
  return domain::PhaseOf(v.opens_at, v.closes_at, v.closed_at, v.published_at, now);
}

}  // namespace

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

namespace {

std::string NormalisedProxyKey(const BallotInput& in) {
  if (!in.proxy_phone.empty()) return "p:" + in.proxy_phone;
  return "n:" + std::string(Trim(in.proxy_name));
}

bool IsPhone(std::string_view s) {
  return s.size() == 11 && s[0] == '1' &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Result<VoteRecord> AnnounceVote(storage::Tx& tx, const Env& env, const Principal& who,
                                const NewVote& in, std::string_view kind) {
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
  const UnixSeconds now = env.clock.Now();
  domain::VoteDraft d{std::string(Trim(in.title)), *in.matter, now, *opens, *closes};
  if (Utf8Length(in.description) > 5000)
    return InvalidArgument("description must be at most 5000 characters", "description");
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
  v.kind = std::string(kind);
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
  LINLI_ASSIGN_OR_RETURN(v.id, storage::InsertVote(tx, v));
  LINLI_TRY(TakeRoll(tx, v, now));
  if (v.total.heads == 0)
    return MakeError(ErrorCode::kFailedPrecondition,
                     "the roll is empty: " + estate.name + " has no households" +
                         (buildings.empty() ? std::string() : " in the chosen buildings") +
                         "; import the households and owners first",
                     buildings.empty() ? "estate" : "building_ids");
  LINLI_TRY(
      RecordAudit(tx, env, &who, {"create", "vote", v.id, estate.path, nullptr, VoteAuditJson(v)}));
  return v;
}

Result<BallotRecord> CastBallot(const Env& env, const Principal& who, std::int64_t id,
                                const BallotInput& in, Choice choice, std::string_view kind,
                                const BallotExtra& extra) {
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

  const UnixSeconds now = env.clock.Now();
  std::int64_t ballot_id = 0;
  std::string vote_path;
  auto written = env.db.Write([&](storage::Tx& tx) -> Status {
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
    if ((v.kind == kKindElection) != (kind == kKindElection))
      return MakeError(ErrorCode::kFailedPrecondition,
                       v.kind == kKindElection
                           ? "vote " + std::to_string(id) +
                                 " is an owners' committee election: cast its ballots with marks "
                                 "per candidate at /api/v1/elections/{id}/ballots"
                           : "vote " + std::to_string(id) + " is not an election",
                       "id");
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
    b.choice = choice;
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
    b.id = ballot_id;
    json::object after{{"vote_id", id},
                       {"entry_no", b.entry_no},
                       {"owner_id", b.owner_id},
                       {"choice", std::string(domain::ChoiceName(b.choice))},
                       {"channel", channel_name}};
    if (extra) {
      LINLI_ASSIGN_OR_RETURN(auto marks, extra(tx, v, b));
      if (!marks.is_null()) after["marks"] = std::move(marks);
    }
    return RecordAudit(tx, env, &who,
                       {"cast", "ballot", ballot_id, v.estate_path, nullptr, std::move(after)});
  });
  if (!written) {
    // A second attempt is refused and logged (in its own transaction, as the first rolled back).
    if (written.error().code == ErrorCode::kAlreadyExists && !vote_path.empty()) {
      Error refused = written.error();
      if (refused.message.find("already voted") == std::string::npos)
        refused.message = "this owner has already voted; an owner votes once across all channels";
      refused.field = "owner_id";
      (void)env.db.Write([&](storage::Tx& tx) -> Status {
        LINLI_TRY(storage::InsertRefusal(
            tx, {0, id, in.owner_id, in.channel, "already_voted", who.account_id, now}));
        return RecordAudit(tx, env, &who,
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
  return env.db.Read([&](storage::Tx& tx) -> Result<BallotRecord> {
    LINLI_ASSIGN_OR_RETURN(auto rows,
                           tx.QueryOne("SELECT entry_no FROM ballots WHERE id = ?", {ballot_id}));
    LINLI_ASSIGN_OR_RETURN(auto b, storage::FindBallot(tx, id, rows->Int(0)));
    return std::move(*b);
  });
}

Status RequireMotion(const VoteRecord& v, std::string_view what) {
  if (v.kind == kKindElection)
    return MakeError(ErrorCode::kFailedPrecondition,
                     "vote " + std::to_string(v.id) + " is an owners' committee election: " +
                         std::string(what) + " it through /api/v1/elections/{id}",
                     "id");
  return {};
}

}  // namespace linli::app::votecore
