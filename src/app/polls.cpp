#include "app/polls.hpp"

#include <algorithm>
#include <set>

#include <boost/json.hpp>

#include "app/audit.hpp"
#include "app/authz.hpp"
#include "app/units.hpp"
#include "core/mask.hpp"
#include "core/time_format.hpp"

namespace linli::app {
namespace json = boost::json;
using domain::Permission;
using domain::PollAudience;
using domain::PollCounting;
using storage::PollRecord;

namespace {

bool IsManager(const Principal& who, const PollRecord& p) {
  return Allows(who, Permission::kManageVotes, p.estate_path);
}

// Who the caller is in the estate: the households of their account (people.household_id through
// accounts.person_id, and the households of the owners registered with their phone; parking
// spaces are not households that answer), or for a members' poll the household of their
// confirmed registration with the estate.
Result<std::vector<PollVoter::Household>> HouseholdsOf(storage::Tx& tx, const Principal& who,
                                                       std::int64_t estate_id,
                                                       PollAudience audience) {
  std::set<std::int64_t> ids;
  if (audience == PollAudience::kMembers) {
    LINLI_ASSIGN_OR_RETURN(
        auto rows,
        tx.Query("SELECT household_id FROM member_registrations WHERE estate_id = ? AND status = "
                 "'confirmed' AND (account_id = ? OR person_id = ?)",
                 {estate_id, who.account_id, who.person_id.value_or(-1)}));
    for (const auto& r : rows) ids.insert(r.Int(0));
  } else {
    LINLI_ASSIGN_OR_RETURN(
        auto own, tx.Query("SELECT h.id FROM households h JOIN people p ON p.household_id = h.id "
                           "JOIN accounts a ON a.person_id = p.id WHERE a.id = ? AND "
                           "h.estate_id = ? AND h.use_kind <> 'parking'",
                           {who.account_id, estate_id}));
    for (const auto& r : own) ids.insert(r.Int(0));
    if (!who.phone.empty()) {
      LINLI_ASSIGN_OR_RETURN(
          auto owned, tx.Query("SELECT os.household_id FROM ownerships os JOIN owners o ON o.id "
                               "= os.owner_id JOIN households h ON h.id = os.household_id "
                               "WHERE o.phone = ? AND o.estate_id = ? AND h.use_kind <> "
                               "'parking'",
                               {who.phone, estate_id}));
      for (const auto& r : owned) ids.insert(r.Int(0));
    }
  }
  std::vector<PollVoter::Household> out;
  for (auto id : ids) {
    LINLI_ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT b.name || e.name || h.room FROM "
                                                 "households h JOIN buildings b ON b.id = "
                                                 "h.building_id JOIN entrances e ON e.id = "
                                                 "h.entrance_id WHERE h.id = ?",
                                                 {id}));
    out.push_back({id, row ? row->Text(0) : std::string()});
  }
  return out;
}

std::string HouseholdKey(std::int64_t id) { return "h:" + std::to_string(id); }
std::string AccountKey(std::int64_t id) { return "a:" + std::to_string(id); }

Result<PollVoter> VoterOf(storage::Tx& tx, const Principal& who, const PollRecord& p,
                          UnixSeconds now) {
  PollVoter me;
  LINLI_ASSIGN_OR_RETURN(me.households, HouseholdsOf(tx, who, p.estate_id, p.audience));
  me.eligible = !me.households.empty();
  LINLI_ASSIGN_OR_RETURN(me.responses, storage::ResponsesOfAccount(tx, p.id, who.account_id));
  if (!me.eligible) return me;
  const bool open = domain::CheckPollOpen(p.opens_at, p.closes_at, p.closed_at, now).has_value();
  if (p.counting == PollCounting::kPerPerson) {
    me.answered = !me.responses.empty();
    me.can_respond = open && !me.answered;
  } else {
    for (auto& h : me.households) {
      LINLI_ASSIGN_OR_RETURN(auto theirs, storage::FindPollResponse(tx, p.id, HouseholdKey(h.id)));
      h.answered = theirs.has_value();
      if (!theirs && open) me.can_respond = true;
    }
    me.answered = std::all_of(me.households.begin(), me.households.end(),
                              [](const auto& h) { return h.answered; });
  }
  return me;
}

Result<PollView> ViewOf(storage::Tx& tx, const Env& env, const Principal& who, PollRecord p) {
  const UnixSeconds now = env.clock.Now();
  PollView view;
  view.phase = domain::PhaseOfPoll(p.opens_at, p.closes_at, p.closed_at, p.published_at, now);
  view.can_manage = IsManager(who, p);
  view.results_open = view.can_manage || p.published_at.has_value();
  LINLI_ASSIGN_OR_RETURN(view.me, VoterOf(tx, who, p, now));
  view.poll = std::move(p);
  if (!view.results_open) {
    for (auto& o : view.poll.options) o.votes = 0;
    view.poll.responses = 0;
  }
  return view;
}

// Staff of the estate, those who read its structure (for a members' poll: who read its
// members), and the poll's own voters.
Status RequireReader(storage::Tx& tx, const Principal& who, const PollRecord& p) {
  if (IsManager(who, p)) return {};
  const Permission read =
      p.audience == PollAudience::kMembers ? Permission::kReadMembers : Permission::kReadStructure;
  if (Allows(who, read, p.estate_path)) return {};
  LINLI_ASSIGN_OR_RETURN(auto households, HouseholdsOf(tx, who, p.estate_id, p.audience));
  if (!households.empty()) return {};
  return PermissionDenied(p.audience == PollAudience::kMembers
                              ? "only the party members registered with this estate and its "
                                "staff may see this poll"
                              : "only the estate's residents and its staff may see this poll");
}

Result<PollRecord> LoadPoll(storage::Tx& tx, std::int64_t id) {
  LINLI_ASSIGN_OR_RETURN(auto p, storage::FindPoll(tx, id));
  if (!p) return NotFound("poll " + std::to_string(id) + " does not exist", "id");
  return std::move(*p);
}

json::value PollAuditJson(const PollRecord& p) {
  json::array options;
  for (const auto& o : p.options) options.push_back(json::value(o.label));
  return json::object{{"title", p.title},
                      {"options", std::move(options)},
                      {"max_choices", p.max_choices},
                      {"counting", std::string(domain::PollCountingName(p.counting))},
                      {"audience", std::string(domain::PollAudienceName(p.audience))},
                      {"anonymous", p.anonymous},
                      {"opens_at", FormatTime(p.opens_at)},
                      {"closes_at", FormatTime(p.closes_at)}};
}

PollResults ResultsOf(PollRecord p, UnixSeconds now) {
  PollResults out;
  out.phase = domain::PhaseOfPoll(p.opens_at, p.closes_at, p.closed_at, p.published_at, now);
  for (const auto& o : p.options)
    out.permille.push_back(domain::SharePermille(o.votes, p.responses));
  out.poll = std::move(p);
  return out;
}

}  // namespace

Result<PollView> PollService::Create(const Principal& who, const NewPoll& in) {
  const UnixSeconds now = env_.clock.Now();
  const auto counting = domain::ParsePollCounting(in.counting);
  if (!counting)
    return InvalidArgument(
        "counting must be household (one response per household) or person (one per person)",
        "counting");
  const auto audience = domain::ParsePollAudience(in.audience);
  if (!audience)
    return InvalidArgument(
        "audience must be residents (the estate's residents) or members (the party members "
        "registered with the estate)",
        "audience");
  domain::PollDraft d;
  d.title = in.title;
  d.description = in.description;
  d.options = in.options;
  d.max_choices = in.max_choices;
  d.opens_at = now;
  if (in.opens_at) {
    const auto opens = ParseTime(*in.opens_at);
    if (!opens)
      return InvalidArgument(
          "opens_at must be an RFC 3339 time such as 2026-12-10T08:00:00+08:00, or left out to "
          "open now",
          "opens_at");
    // A time a few minutes past (the form took a while) opens now; one further back is refused
    // by CheckPollDraft.
    d.opens_at = *opens < now && *opens >= now - domain::kPollOpeningSlack ? now : *opens;
  }
  const auto closes = ParseTime(in.closes_at);
  if (!closes)
    return InvalidArgument("closes_at must be an RFC 3339 time such as 2026-12-20T20:00:00+08:00",
                           "closes_at");
  d.closes_at = *closes;
  LINLI_TRY(domain::CheckPollDraft(d, now));
  std::int64_t id = 0;
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, in.estate_id));
    LINLI_TRY(Require(who, Permission::kManageVotes, estate.path,
                      "start polls among the residents of this estate"));
    PollRecord p;
    p.estate_id = estate.id;
    p.estate_path = estate.path;
    p.estate_name = estate.name;
    p.title = d.title;
    p.description = d.description;
    p.counting = *counting;
    p.audience = *audience;
    p.max_choices = d.max_choices;
    p.anonymous = in.anonymous;
    p.opens_at = d.opens_at;
    p.closes_at = d.closes_at;
    p.created_by = who.account_id;
    p.created_at = now;
    for (const auto& o : d.options) p.options.push_back({0, o, 0});
    LINLI_ASSIGN_OR_RETURN(id, storage::InsertPoll(tx, p));
    return RecordAudit(tx, env_, &who,
                       {"create", "poll", id, estate.path, nullptr, PollAuditJson(p)});
  }));
  return Get(who, id);
}

Result<PollView> PollService::Get(const Principal& who, std::int64_t id) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<PollView> {
    LINLI_ASSIGN_OR_RETURN(auto p, LoadPoll(tx, id));
    LINLI_TRY(RequireReader(tx, who, p));
    return ViewOf(tx, env_, who, std::move(p));
  });
}

Result<Paged<PollView>> PollService::List(const Principal& who, std::int64_t estate_id, Page page) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<Paged<PollView>> {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, estate_id));
    if (!Allows(who, Permission::kManageVotes, estate.path) &&
        !Allows(who, Permission::kReadStructure, estate.path))
      return PermissionDenied("only the estate's residents and staff may list its polls");
    // Members' polls are listed to those who run polls and those who read the members; a
    // registered member finds theirs on the phone (GET /me/polls).
    const bool members = Allows(who, Permission::kManageVotes, estate.path) ||
                         Allows(who, Permission::kReadMembers, estate.path);
    const auto only = members ? std::nullopt : std::optional(PollAudience::kResidents);
    Paged<PollView> out;
    out.page = page;
    LINLI_ASSIGN_OR_RETURN(out.total, storage::CountPolls(tx, estate.id, only));
    LINLI_ASSIGN_OR_RETURN(auto polls,
                           storage::ListPolls(tx, estate.id, only, page.page_size, page.Offset()));
    for (auto& p : polls) {
      LINLI_ASSIGN_OR_RETURN(auto view, ViewOf(tx, env_, who, std::move(p)));
      out.items.push_back(std::move(view));
    }
    return out;
  });
}

Result<std::vector<PollView>> PollService::Mine(const Principal& who) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<std::vector<PollView>> {
    std::set<std::int64_t> resident_of, member_of;
    LINLI_ASSIGN_OR_RETURN(
        auto own, tx.Query("SELECT h.estate_id FROM households h JOIN people p ON p.household_id "
                           "= h.id JOIN accounts a ON a.person_id = p.id WHERE a.id = ?",
                           {who.account_id}));
    for (const auto& r : own) resident_of.insert(r.Int(0));
    if (!who.phone.empty()) {
      LINLI_ASSIGN_OR_RETURN(auto owned,
                             tx.Query("SELECT DISTINCT o.estate_id FROM owners o JOIN ownerships "
                                      "os ON os.owner_id = o.id JOIN households h ON h.id = "
                                      "os.household_id WHERE o.phone = ? AND h.use_kind <> "
                                      "'parking'",
                                      {who.phone}));
      for (const auto& r : owned) resident_of.insert(r.Int(0));
    }
    LINLI_ASSIGN_OR_RETURN(
        auto regs,
        tx.Query("SELECT estate_id FROM member_registrations WHERE status = 'confirmed' AND "
                 "(account_id = ? OR person_id = ?)",
                 {who.account_id, who.person_id.value_or(-1)}));
    for (const auto& r : regs) member_of.insert(r.Int(0));
    LINLI_ASSIGN_OR_RETURN(auto residents,
                           storage::ListPollsFor(tx, {resident_of.begin(), resident_of.end()},
                                                 PollAudience::kResidents));
    LINLI_ASSIGN_OR_RETURN(
        auto members,
        storage::ListPollsFor(tx, {member_of.begin(), member_of.end()}, PollAudience::kMembers));
    for (auto& p : members) residents.push_back(std::move(p));
    std::sort(residents.begin(), residents.end(),
              [](const PollRecord& a, const PollRecord& b) { return a.id > b.id; });
    std::vector<PollView> out;
    for (auto& p : residents) {
      LINLI_ASSIGN_OR_RETURN(auto view, ViewOf(tx, env_, who, std::move(p)));
      out.push_back(std::move(view));
    }
    return out;
  });
}

Result<PollView> PollService::Respond(const Principal& who, std::int64_t id,
                                      const PollResponseInput& in) {
  const UnixSeconds now = env_.clock.Now();
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto p, LoadPoll(tx, id));
    LINLI_ASSIGN_OR_RETURN(auto households, HouseholdsOf(tx, who, p.estate_id, p.audience));
    if (households.empty())
      return PermissionDenied(
          p.audience == PollAudience::kMembers
              ? "this poll is for the party members registered with " + p.estate_name +
                    "; this account has no confirmed registration there"
              : "this poll is for the residents of " + p.estate_name +
                    "; this account is not linked to a household there (as its owner or a "
                    "registered resident)");
    LINLI_TRY(domain::CheckPollOpen(p.opens_at, p.closes_at, p.closed_at, now));
    LINLI_TRY(domain::CheckChoices(in.choices, static_cast<int>(p.options.size()), p.max_choices));
    std::optional<std::int64_t> household;
    if (in.household_id) {
      const auto it = std::find_if(households.begin(), households.end(),
                                   [&](const auto& h) { return h.id == *in.household_id; });
      if (it == households.end())
        return NotFound("household " + std::to_string(*in.household_id) +
                            " is not one this account answers for in this poll",
                        "household_id");
      household = *in.household_id;
    } else if (households.size() == 1) {
      household = households[0].id;
    } else if (p.counting == PollCounting::kPerHousehold) {
      return InvalidArgument(
          "this account belongs to " + std::to_string(households.size()) +
              " households of the estate and the poll takes one response per household; give "
              "household_id to say which one answers",
          "household_id");
    }
    storage::PollResponseRecord r;
    r.poll_id = id;
    r.voter_key = p.counting == PollCounting::kPerHousehold ? HouseholdKey(*household)
                                                            : AccountKey(who.account_id);
    r.account_id = who.account_id;
    r.household_id = household;
    if (!p.anonymous) r.choices = in.choices;
    r.cast_at = now;
    LINLI_ASSIGN_OR_RETURN(auto existing, storage::FindPollResponse(tx, id, r.voter_key));
    if (existing)
      return AlreadyExists(p.counting == PollCounting::kPerHousehold
                               ? "this household has already answered (at " +
                                     FormatTime(existing->cast_at) +
                                     "): the poll takes one response per household"
                               : "you have already answered (at " + FormatTime(existing->cast_at) +
                                     "): the poll takes one response per person",
                           p.counting == PollCounting::kPerHousehold ? "household_id" : "poll");
    auto rid = storage::InsertPollResponse(tx, r, in.choices);
    // Two answers for one household at the same moment: the unique key decides.
    if (!rid && rid.error().code == ErrorCode::kAlreadyExists)
      return AlreadyExists("this " + std::string(p.counting == PollCounting::kPerHousehold
                                                     ? "household has already answered: the "
                                                       "poll takes one response per household"
                                                     : "person has already answered: the poll "
                                                       "takes one response per person"),
                           p.counting == PollCounting::kPerHousehold ? "household_id" : "poll");
    if (!rid) return tl::unexpected(rid.error());
    json::object after{{"poll_id", id}, {"voter_key", r.voter_key}};
    if (!p.anonymous) {
      json::array c;
      for (auto x : in.choices) c.push_back(x);
      after["choices"] = std::move(c);
    }
    return RecordAudit(
        tx, env_, &who,
        {"respond", "poll_response", *rid, p.estate_path, nullptr, std::move(after)});
  }));
  return Get(who, id);
}

Result<PollView> PollService::Close(const Principal& who, std::int64_t id) {
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto p, LoadPoll(tx, id));
    LINLI_TRY(Require(who, Permission::kManageVotes, p.estate_path, "close this poll"));
    if (p.closed_at)
      return FailedPrecondition("the poll was closed at " + FormatTime(*p.closed_at), "id");
    const UnixSeconds now = env_.clock.Now();
    LINLI_TRY(storage::MarkPollClosed(tx, id, now));
    return RecordAudit(tx, env_, &who,
                       {"close", "poll", id, p.estate_path, nullptr,
                        json::object{{"closed_at", FormatTime(now)}, {"responses", p.responses}}});
  }));
  return Get(who, id);
}

Result<PollResults> PollService::Publish(const Principal& who, std::int64_t id) {
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto p, LoadPoll(tx, id));
    LINLI_TRY(Require(who, Permission::kManageVotes, p.estate_path, "publish this poll's result"));
    const UnixSeconds now = env_.clock.Now();
    if (p.published_at)
      return FailedPrecondition("already published at " + FormatTime(*p.published_at), "id");
    if (!p.closed_at && now < p.closes_at)
      return FailedPrecondition("the poll is still open until " + FormatTime(p.closes_at) +
                                    "; close it first, then publish the result",
                                "id");
    if (!p.closed_at) LINLI_TRY(storage::MarkPollClosed(tx, id, p.closes_at));
    LINLI_TRY(storage::MarkPollPublished(tx, id, now));
    json::array counts;
    for (const auto& o : p.options) counts.push_back(o.votes);
    return RecordAudit(tx, env_, &who,
                       {"publish", "poll", id, p.estate_path, nullptr,
                        json::object{{"published_at", FormatTime(now)},
                                     {"responses", p.responses},
                                     {"counts", std::move(counts)}}});
  }));
  return Results(&who, id);
}

Result<PollResults> PollService::Results(const Principal* who, std::int64_t id) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<PollResults> {
    LINLI_ASSIGN_OR_RETURN(auto p, LoadPoll(tx, id));
    if (!p.published_at) {
      if (!who)
        return MakeError(ErrorCode::kUnauthenticated,
                         "the result of this poll is not published yet; staff log in to see it");
      if (!IsManager(*who, p))
        return PermissionDenied(
            "the result is shown once it is published; until then only those who run the poll "
            "see the counts");
    }
    return ResultsOf(std::move(p), env_.clock.Now());
  });
}

Result<std::vector<PollResponseView>> PollService::Responses(const Principal& who,
                                                             std::int64_t id) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<std::vector<PollResponseView>> {
    LINLI_ASSIGN_OR_RETURN(auto p, LoadPoll(tx, id));
    LINLI_TRY(Require(who, Permission::kManageVotes, p.estate_path, "see who answered this poll"));
    if (p.anonymous)
      return FailedPrecondition(
          "the poll is anonymous: who answered what is not kept, only the counts", "id");
    LINLI_ASSIGN_OR_RETURN(auto list, storage::ListPollResponses(tx, id));
    std::vector<PollResponseView> out;
    out.reserve(list.size());
    for (auto& r : list)
      out.push_back({MaskName(r.account_name), r.household_label, r.choices, r.cast_at});
    return out;
  });
}

}  // namespace linli::app
