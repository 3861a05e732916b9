#include "app/member_visits.hpp"

#include "app/members.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <boost/json.hpp>

#include "app/audit.hpp"
#include "app/authz.hpp"
#include "app/person_access.hpp"
#include "app/units.hpp"
#include "core/mask.hpp"
#include "core/text.hpp"
#include "core/time_format.hpp"
#include "storage/repos/appeals.hpp"

namespace linli::app {
namespace json = boost::json;
using domain::Permission;

namespace {

constexpr int kMaxBatch = 500;

std::string Today(const Env& env) { return FormatDate(env.clock.Now()); }

std::string NameFor(const Principal& who, std::string_view path, const std::string& name) {
  return Allows(who, Permission::kReadPersonalData, path) ? name : MaskName(name);
}

PairingView ViewOf(const Principal& who, const std::string& path, const storage::PairingRecord& p) {
  PairingView v;
  v.id = p.id;
  v.estate_id = p.estate_id;
  v.registration_id = p.registration_id;
  v.kind = p.kind;
  v.household_id = p.household_id;
  v.entrance_id = p.entrance_id;
  v.building_id = p.building_id;
  v.label = p.label;
  v.member_name = NameFor(who, path, p.member_name);
  v.entrance_households = p.entrance_households;
  v.started_at = p.started_at;
  v.ended_at = p.ended_at;
  return v;
}

domain::ActivePairing ActiveOf(const storage::PairingRecord& p) {
  return {p.id, p.registration_id, p.kind, p.household_id, p.entrance_id};
}

json::value PairingAuditJson(const storage::PairingRecord& p) {
  return json::object{{"registration_id", p.registration_id},
                      {"kind", std::string(domain::PairingKindName(p.kind))},
                      {"household_id", p.household_id ? json::value(*p.household_id) : nullptr},
                      {"entrance_id", p.entrance_id ? json::value(*p.entrance_id) : nullptr},
                      {"ended_at", p.ended_at ? json::value(*p.ended_at) : nullptr}};
}

// Prefixes an error's field (for batch rows).
Error Prefixed(Error e, const std::string& prefix) {
  e.field = prefix + (e.field.empty() ? std::string() : e.field);
  return e;
}

// Households a member looks after: household pairings, and the households of their entrances
// apart from their own.
domain::PairCount CountOf(const std::vector<storage::PairingRecord>& active,
                          const storage::RegistrationRef& reg, const domain::MemberRules& rules) {
  int households = 0, entrance_households = 0;
  for (const auto& p : active) {
    if (p.registration_id != reg.id) continue;
    if (p.kind == domain::PairingKind::kHousehold) {
      ++households;
    } else {
      entrance_households += static_cast<int>(p.entrance_households);
      if (p.entrance_id == reg.home.entrance_id) --entrance_households;
    }
  }
  return domain::CountPairs(households, std::max(entrance_households, 0), rules);
}

// A read that named members, written as one audit entry (RULES.md §9).
Status AuditMemberRead(storage::Tx& tx, const Env& env, const Principal& who,
                       const std::string& path, const std::set<std::int64_t>& people,
                       const std::string& what) {
  SensitiveRead read;
  if (people.empty()) return {};
  read.fields.insert("party_member");
  read.people = people;
  return AuditSensitiveRead(tx, env, who, path, read, what);
}

// Inserts one pairing after every check; `prefix` names the batch row in errors.
Result<storage::PairingRecord> PairIn(storage::Tx& tx, const Env& env, const Principal& who,
                                      const domain::Unit& estate, const PairingInput& in,
                                      const std::string& prefix) {
  auto fail = [&](tl::unexpected<Error> e) -> Result<storage::PairingRecord> {
    return tl::unexpected(Prefixed(std::move(e.value()), prefix));
  };
  if (in.household_id.has_value() == in.entrance_id.has_value())
    return fail(InvalidArgument(
        "give exactly one of household_id (结对户) or entrance_id (党员中心户)", "household_id"));
  LINLI_ASSIGN_OR_RETURN(auto reg, storage::FindRegistrationRef(tx, in.registration_id));
  if (!reg || reg->estate_id != estate.id)
    return fail(NotFound("registration " + std::to_string(in.registration_id) +
                             " is not a member registration of estate " + std::to_string(estate.id),
                         "registration_id"));
  if (reg->status != "confirmed")
    return fail(FailedPrecondition(
        "registration " + std::to_string(reg->id) + " is " + reg->status +
            "; only confirmed members are paired (confirm the registration first)",
        "registration_id"));
  storage::PairingRecord p;
  p.estate_id = estate.id;
  p.registration_id = reg->id;
  p.started_at = env.clock.Now();
  p.created_by = who.account_id;
  if (in.household_id) {
    LINLI_ASSIGN_OR_RETURN(auto h, storage::FindHouseholdSpot(tx, *in.household_id));
    if (!h || h->estate_id != estate.id)
      return fail(NotFound("household " + std::to_string(*in.household_id) + " is not in estate " +
                               std::to_string(estate.id),
                           "household_id"));
    p.kind = domain::PairingKind::kHousehold;
    p.household_id = in.household_id;
  } else {
    LINLI_ASSIGN_OR_RETURN(auto e, storage::FindEntrance(tx, *in.entrance_id));
    if (!e || e->estate_id != estate.id)
      return fail(NotFound("entrance " + std::to_string(*in.entrance_id) + " is not in estate " +
                               std::to_string(estate.id),
                           "entrance_id"));
    p.kind = domain::PairingKind::kEntrance;
    p.entrance_id = in.entrance_id;
  }
  LINLI_ASSIGN_OR_RETURN(auto mine, storage::ListPairingsOfRegistration(tx, reg->id, true));
  std::vector<domain::ActivePairing> active;
  for (const auto& m : mine) active.push_back(ActiveOf(m));
  auto checked = domain::CheckNewPairing({reg->id, p.kind, p.household_id, p.entrance_id},
                                         reg->home.id, active);
  if (!checked) return fail(tl::unexpected(checked.error()));
  auto id = storage::InsertPairing(tx, p);
  if (!id) return fail(tl::unexpected(id.error()));  // a concurrent duplicate: already_exists
  LINLI_ASSIGN_OR_RETURN(auto stored, storage::FindPairing(tx, *id));
  if (!stored) return Internal("the new pairing vanished");
  LINLI_TRY(RecordAudit(
      tx, env, &who, {"create", "pairing", *id, estate.path, nullptr, PairingAuditJson(*stored)}));
  return *stored;
}

}  // namespace

// ---- Pairing ------------------------------------------------------------------------------------

Result<PairingBoard> PairingService::Board(const Principal& who, std::int64_t estate_id) {
  // A write transaction: the read is audited with it.
  return env_.db.Write([&](storage::Tx& tx) -> Result<PairingBoard> {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, estate_id));
    LINLI_TRY(Require(who, Permission::kReadMembers, estate.path, "see the estate's pairings"));
    LINLI_ASSIGN_OR_RETURN(const auto rules, MemberRulesOfEstate(tx, estate.id));
    LINLI_ASSIGN_OR_RETURN(auto active, storage::ListActivePairings(tx, estate.id));
    LINLI_ASSIGN_OR_RETURN(auto regs, storage::ListConfirmedRegistrations(tx, estate.id));
    LINLI_ASSIGN_OR_RETURN(auto unpaired, storage::ListUnpairedHouseholds(tx, estate.id));
    LINLI_ASSIGN_OR_RETURN(auto all, storage::CountCoverage(tx, estate.id, std::nullopt, "", ""));
    PairingBoard b;
    b.estate_id = estate.id;
    b.estate_name = estate.name;
    b.households = all.households;
    b.households_unpaired = static_cast<std::int64_t>(unpaired.size());
    std::set<std::int64_t> people;
    for (const auto& p : active) {
      b.pairings.push_back(ViewOf(who, estate.path, p));
      people.insert(p.person_id);
    }
    for (const auto& r : regs) {
      MemberPairsView m;
      m.registration_id = r.id;
      m.estate_id = estate.id;
      m.estate_name = estate.name;
      m.member_name = NameFor(who, estate.path, r.person_name);
      m.home_label = r.home_label;
      m.count = CountOf(active, r, rules);
      b.members.push_back(std::move(m));
      people.insert(r.person_id);
    }
    std::stable_sort(b.members.begin(), b.members.end(), [](const auto& x, const auto& y) {
      return x.count.households < y.count.households;
    });
    LINLI_TRY(AuditMemberRead(tx, env_, who, estate.path, people,
                              "pairings of estate " + std::to_string(estate.id)));
    return b;
  });
}

Result<PairingView> PairingService::Pair(const Principal& who, std::int64_t estate_id,
                                         const PairingInput& in) {
  return env_.db.Write([&](storage::Tx& tx) -> Result<PairingView> {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, estate_id));
    LINLI_TRY(
        Require(who, Permission::kManageMembers, estate.path, "pair members with households"));
    LINLI_ASSIGN_OR_RETURN(auto p, PairIn(tx, env_, who, estate, in, ""));
    return ViewOf(who, estate.path, p);
  });
}

Result<std::vector<PairingView>> PairingService::PairBatch(const Principal& who,
                                                           std::int64_t estate_id,
                                                           const std::vector<PairingInput>& in) {
  if (in.empty() || static_cast<int>(in.size()) > kMaxBatch)
    return InvalidArgument("pairings must list 1 to " + std::to_string(kMaxBatch) + " pairings",
                           "pairings");
  return env_.db.Write([&](storage::Tx& tx) -> Result<std::vector<PairingView>> {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, estate_id));
    LINLI_TRY(
        Require(who, Permission::kManageMembers, estate.path, "pair members with households"));
    std::vector<PairingView> out;
    for (size_t i = 0; i < in.size(); ++i) {
      LINLI_ASSIGN_OR_RETURN(
          auto p, PairIn(tx, env_, who, estate, in[i], "pairings[" + std::to_string(i) + "]."));
      out.push_back(ViewOf(who, estate.path, p));
    }
    return out;
  });
}

Result<PairingView> PairingService::End(const Principal& who, std::int64_t pairing_id) {
  return env_.db.Write([&](storage::Tx& tx) -> Result<PairingView> {
    LINLI_ASSIGN_OR_RETURN(auto before, storage::FindPairing(tx, pairing_id));
    if (!before) return NotFound("pairing " + std::to_string(pairing_id) + " does not exist", "id");
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, before->estate_id));
    LINLI_TRY(Require(who, Permission::kManageMembers, estate.path, "end pairings"));
    LINLI_ASSIGN_OR_RETURN(auto ended, storage::EndPairing(tx, pairing_id, env_.clock.Now()));
    if (!ended)
      return FailedPrecondition("pairing " + std::to_string(pairing_id) + " already ended at " +
                                FormatTime(before->ended_at.value_or(0)));
    LINLI_ASSIGN_OR_RETURN(auto after, storage::FindPairing(tx, pairing_id));
    if (!after) return Internal("the pairing vanished");
    LINLI_TRY(RecordAudit(tx, env_, &who,
                          {"end", "pairing", pairing_id, estate.path, PairingAuditJson(*before),
                           PairingAuditJson(*after)}));
    return ViewOf(who, estate.path, *after);
  });
}

Result<UnpairedPage> PairingService::Unpaired(const Principal& who, std::int64_t estate_id) {
  return env_.db.Write([&](storage::Tx& tx) -> Result<UnpairedPage> {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, estate_id));
    LINLI_TRY(Require(who, Permission::kManageMembers, estate.path,
                      "see which households have nobody paired"));
    LINLI_ASSIGN_OR_RETURN(const auto rules, MemberRulesOfEstate(tx, estate.id));
    LINLI_ASSIGN_OR_RETURN(auto unpaired, storage::ListUnpairedHouseholds(tx, estate.id));
    LINLI_ASSIGN_OR_RETURN(auto regs, storage::ListConfirmedRegistrations(tx, estate.id));
    LINLI_ASSIGN_OR_RETURN(auto active, storage::ListActivePairings(tx, estate.id));
    LINLI_ASSIGN_OR_RETURN(auto all, storage::CountCoverage(tx, estate.id, std::nullopt, "", ""));

    std::vector<domain::PairCandidate> candidates;
    std::map<std::int64_t, const storage::RegistrationRef*> by_id;
    for (const auto& r : regs) {
      candidates.push_back({r.id, r.home, CountOf(active, r, rules).households});
      by_id[r.id] = &r;
    }
    std::vector<domain::HouseholdSpot> spots;
    for (const auto& h : unpaired) spots.push_back(h.spot);
    const auto suggestions = domain::SuggestPairs(spots, candidates);

    UnpairedPage page;
    page.estate_id = estate.id;
    page.households = all.households;
    page.unpaired = static_cast<std::int64_t>(unpaired.size());
    std::set<std::int64_t> people;
    for (size_t i = 0; i < unpaired.size(); ++i) {
      const auto& h = unpaired[i];
      if (page.groups.empty() || page.groups.back().entrance_id != h.spot.entrance_id)
        page.groups.push_back(
            {h.spot.building_id, h.building_name, h.spot.entrance_id, h.entrance_name, {}});
      UnpairedHousehold u;
      u.household_id = h.spot.id;
      u.label = h.label;
      if (const auto& s = suggestions[i]; s.registration_id) {
        const auto* reg = by_id.at(*s.registration_id);
        u.suggestion = UnpairedHousehold::Suggestion{
            reg->id, NameFor(who, estate.path, reg->person_name), s.nearness};
        people.insert(reg->person_id);
      }
      page.groups.back().households.push_back(std::move(u));
    }
    LINLI_TRY(AuditMemberRead(tx, env_, who, estate.path, people,
                              "unpaired households of estate " + std::to_string(estate.id)));
    return page;
  });
}

Result<std::vector<MemberPairsView>> PairingService::Mine(const Principal& who) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<std::vector<MemberPairsView>> {
    LINLI_ASSIGN_OR_RETURN(auto regs, storage::ConfirmedRegistrationsOfAccount(tx, who.account_id));
    std::vector<MemberPairsView> out;
    for (const auto& r : regs) {
      LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, r.estate_id));
      LINLI_ASSIGN_OR_RETURN(auto pairs, storage::ListPairingsOfRegistration(tx, r.id, true));
      LINLI_ASSIGN_OR_RETURN(const auto rules, MemberRulesOfEstate(tx, r.estate_id));
      MemberPairsView m;
      m.registration_id = r.id;
      m.estate_id = estate.id;
      m.estate_name = estate.name;
      m.member_name = r.person_name;  // their own name
      m.home_label = r.home_label;
      m.count = CountOf(pairs, r, rules);
      for (const auto& p : pairs) {
        auto v = ViewOf(who, estate.path, p);
        v.member_name = r.person_name;
        if (p.kind == domain::PairingKind::kEntrance && p.entrance_id && !p.ended_at) {
          LINLI_ASSIGN_OR_RETURN(auto spots,
                                 storage::ListEntranceHouseholdSpots(tx, *p.entrance_id));
          for (const auto& h : spots)
            if (h.spot.id != r.home.id) v.households.push_back({h.spot.id, h.label});
        }
        m.pairings.push_back(std::move(v));
      }
      out.push_back(std::move(m));
    }
    return out;
  });
}

// ---- Rounds -------------------------------------------------------------------------------------

namespace {

RoundView RoundViewOf(const storage::RoundRecord& r, domain::CoverageCount progress,
                      const std::string& today) {
  RoundView v;
  v.round = r;
  v.progress = progress;
  v.status = today < r.starts_on ? "upcoming" : today > r.ends_on ? "finished" : "active";
  return v;
}

json::value RoundAuditJson(const storage::RoundRecord& r) {
  return json::object{{"title", r.title},
                      {"building_id", r.building_id ? json::value(*r.building_id) : nullptr},
                      {"starts_on", r.starts_on},
                      {"ends_on", r.ends_on}};
}

}  // namespace

Result<RoundView> VisitService::CreateRound(const Principal& who, std::int64_t estate_id,
                                            const RoundInput& in) {
  LINLI_TRY(domain::CheckRound(in.title, in.starts_on, in.ends_on));
  return env_.db.Write([&](storage::Tx& tx) -> Result<RoundView> {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, estate_id));
    LINLI_TRY(Require(who, Permission::kManageMembers, estate.path, "plan door-knocking rounds"));
    if (in.building_id) {
      LINLI_ASSIGN_OR_RETURN(auto b, storage::FindBuildingPlace(tx, *in.building_id));
      if (!b || b->estate_id != estate.id)
        return NotFound("building " + std::to_string(*in.building_id) + " is not in estate " +
                            std::to_string(estate.id),
                        "building_id");
    }
    storage::RoundRecord r;
    r.estate_id = estate.id;
    r.building_id = in.building_id;
    r.title = std::string(Trim(in.title));
    r.starts_on = in.starts_on;
    r.ends_on = in.ends_on;
    r.created_by = who.account_id;
    r.created_at = env_.clock.Now();
    LINLI_ASSIGN_OR_RETURN(r.id, storage::InsertRound(tx, r));
    LINLI_TRY(RecordAudit(
        tx, env_, &who, {"create", "visit_round", r.id, estate.path, nullptr, RoundAuditJson(r)}));
    LINLI_ASSIGN_OR_RETURN(auto stored, storage::FindRound(tx, r.id));
    if (!stored) return Internal("the new round vanished");
    LINLI_ASSIGN_OR_RETURN(auto progress, storage::CountCoverage(tx, estate.id, r.building_id,
                                                                 r.starts_on, r.ends_on));
    return RoundViewOf(*stored, progress, Today(env_));
  });
}

Result<std::vector<RoundView>> VisitService::Rounds(const Principal& who, std::int64_t estate_id) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<std::vector<RoundView>> {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, estate_id));
    if (!Allows(who, Permission::kReadMembers, estate.path))
      LINLI_TRY(Require(who, Permission::kRecordVisits, estate.path, "see door-knocking rounds"));
    LINLI_ASSIGN_OR_RETURN(auto rounds, storage::ListRounds(tx, estate.id));
    const std::string today = Today(env_);
    std::vector<RoundView> out;
    for (const auto& r : rounds) {
      LINLI_ASSIGN_OR_RETURN(auto progress, storage::CountCoverage(tx, estate.id, r.building_id,
                                                                   r.starts_on, r.ends_on));
      out.push_back(RoundViewOf(r, progress, today));
    }
    return out;
  });
}

// ---- Visits -------------------------------------------------------------------------------------

namespace {

constexpr int kMaxVisitProblems = 20;

json::value VisitAuditJson(const storage::VisitRecord& v) {
  return json::object{
      {"household_id", v.household_id},
      {"visited_on", v.visited_on},
      {"round_id", v.round_id ? json::value(*v.round_id) : nullptr},
      {"registration_id", v.registration_id ? json::value(*v.registration_id) : nullptr},
      {"heard", v.heard},
      {"intake_id", v.intake_id ? json::value(*v.intake_id) : nullptr}};
}

// `members` says whether the viewer may learn that a visitor visited as a party member.
VisitView VisitViewOf(const Principal& who, const storage::VisitRecord& v, bool members) {
  VisitView view;
  view.visit = v;
  view.mine = v.visitor_account_id == who.account_id;
  view.visitor_name = view.mine ? who.name : NameFor(who, v.estate_path, v.visitor_name);
  view.by_member = (members || view.mine) && v.registration_id.has_value();
  if (!members && !view.mine) {
    view.visit.registration_id.reset();
    view.visit.member_person_id.reset();
  }
  return view;
}

}  // namespace

Result<VisitView> VisitService::Record(const Principal& who, std::int64_t estate_id,
                                       const VisitInput& in) {
  const std::string today = Today(env_);
  const std::string visited_on = in.visited_on.value_or(today);
  LINLI_TRY(domain::CheckVisitDate(visited_on, today));
  LINLI_TRY(domain::CheckHeard(in.heard));
  if (static_cast<int>(in.problems.size()) > kMaxVisitProblems)
    return InvalidArgument(
        "problems may list at most " + std::to_string(kMaxVisitProblems) + " problems", "problems");
  return env_.db.Write([&](storage::Tx& tx) -> Result<VisitView> {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, estate_id));
    LINLI_TRY(Require(who, Permission::kRecordVisits, estate.path,
                      "record door-knocking visits in this estate"));
    LINLI_ASSIGN_OR_RETURN(auto household, storage::FindHouseholdSpot(tx, in.household_id));
    if (!household || household->estate_id != estate.id)
      return NotFound("household " + std::to_string(in.household_id) + " is not in estate " +
                          std::to_string(estate.id) + "; visit a household of this estate",
                      "household_id");
    if (in.round_id) {
      LINLI_ASSIGN_OR_RETURN(auto round, storage::FindRound(tx, *in.round_id));
      if (!round || round->estate_id != estate.id)
        return NotFound("round " + std::to_string(*in.round_id) + " is not a round of estate " +
                            std::to_string(estate.id),
                        "round_id");
      if (visited_on < round->starts_on || visited_on > round->ends_on)
        return InvalidArgument("the visit on " + visited_on + " is outside round " +
                                   std::to_string(round->id) + " (" + round->starts_on + " to " +
                                   round->ends_on + ")",
                               "round_id");
      if (round->building_id && *round->building_id != household->spot.building_id)
        return InvalidArgument("household " + household->label + " is not in building " +
                                   round->building_name + " of round " + std::to_string(round->id),
                               "round_id");
    }
    storage::VisitRecord v;
    v.estate_id = estate.id;
    v.estate_path = estate.path;
    v.household_id = household->spot.id;
    v.round_id = in.round_id;
    v.visitor_account_id = who.account_id;
    v.visited_on = visited_on;
    v.heard = std::string(Trim(in.heard));
    v.created_at = env_.clock.Now();
    LINLI_ASSIGN_OR_RETURN(auto regs, storage::ConfirmedRegistrationsOfAccount(tx, who.account_id));
    for (const auto& r : regs)
      if (r.estate_id == estate.id) v.registration_id = r.id;
    if (!in.problems.empty()) {
      // What was heard goes into the problems flow now, in this transaction (channel door_knock).
      NewIntake intake;
      intake.estate_id = estate.id;
      intake.channel = "door_knock";
      intake.contact_name = in.contact_name;
      intake.contact_phone = in.contact_phone;
      intake.place.household_id = household->spot.id;
      for (const auto& p : in.problems)
        intake.problems.push_back({p.category, p.description, p.place, {}});
      LINLI_ASSIGN_OR_RETURN(auto filed, AppealService(env_).FileIntakeIn(tx, who, intake));
      v.intake_id = filed.intake_id;
    }
    LINLI_ASSIGN_OR_RETURN(v.id, storage::InsertVisit(tx, v));
    LINLI_TRY(RecordAudit(tx, env_, &who,
                          {"create", "visit", v.id, estate.path, nullptr, VisitAuditJson(v)}));
    LINLI_ASSIGN_OR_RETURN(auto stored, storage::FindVisit(tx, v.id));
    if (!stored) return Internal("the new visit vanished");
    return VisitViewOf(who, *stored, false);
  });
}

Result<Paged<VisitView>> VisitService::List(const Principal& who, std::int64_t estate_id,
                                            const VisitListQuery& q, Page page) {
  for (const auto* d : {&q.from, &q.to})
    if (*d && !domain::IsCalendarDate(**d))
      return InvalidArgument("dates are YYYY-MM-DD", d == &q.from ? "from" : "to");
  return env_.db.Write([&](storage::Tx& tx) -> Result<Paged<VisitView>> {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, estate_id));
    const bool members = Allows(who, Permission::kReadMembers, estate.path);
    if (!members)
      LINLI_TRY(Require(who, Permission::kRecordVisits, estate.path, "see door-knocking visits"));
    storage::VisitFilter f;
    f.estate_id = estate.id;
    f.from = q.from;
    f.to = q.to;
    f.building_id = q.building_id;
    f.household_id = q.household_id;
    f.round_id = q.round_id;
    // Without kReadMembers a visitor sees only their own visits: the others would say who
    // visited as a party member.
    if (q.mine || !members) f.visitor_account_id = who.account_id;
    Paged<VisitView> out;
    out.page = page;
    LINLI_ASSIGN_OR_RETURN(out.total, storage::CountVisits(tx, f));
    LINLI_ASSIGN_OR_RETURN(auto list, storage::ListVisits(tx, f, page.page_size, page.Offset()));
    std::set<std::int64_t> people;
    for (const auto& v : list) {
      out.items.push_back(VisitViewOf(who, v, members));
      if (v.member_person_id && v.visitor_account_id != who.account_id)
        people.insert(*v.member_person_id);
    }
    LINLI_TRY(AuditMemberRead(tx, env_, who, estate.path, people,
                              "visits of estate " + std::to_string(estate.id)));
    return out;
  });
}

Result<Paged<VisitView>> VisitService::Mine(const Principal& who, Page page) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<Paged<VisitView>> {
    Paged<VisitView> out;
    out.page = page;
    LINLI_ASSIGN_OR_RETURN(out.total, storage::CountVisitsOfVisitor(tx, who.account_id));
    LINLI_ASSIGN_OR_RETURN(
        auto list, storage::ListVisitsOfVisitor(tx, who.account_id, page.page_size, page.Offset()));
    for (const auto& v : list) out.items.push_back(VisitViewOf(who, v, false));
    return out;
  });
}

Result<CoverageView> VisitService::Coverage(const Principal& who, std::int64_t estate_id,
                                            const std::optional<std::string>& quarter) {
  domain::Quarter q = domain::QuarterOf(Today(env_));
  if (quarter) {
    auto parsed = domain::ParseQuarter(*quarter);
    if (!parsed)
      return InvalidArgument("quarter must look like 2026-Q4 (year, -Q, 1 to 4)", "quarter");
    q = *parsed;
  }
  return env_.db.Read([&](storage::Tx& tx) -> Result<CoverageView> {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, estate_id));
    if (!Allows(who, Permission::kReadMembers, estate.path))
      LINLI_TRY(Require(who, Permission::kRecordVisits, estate.path, "see door-knocking coverage"));
    CoverageView c;
    c.estate_id = estate.id;
    c.estate_name = estate.name;
    c.quarter = q;
    LINLI_ASSIGN_OR_RETURN(c.buildings, storage::CoverageByBuilding(tx, estate.id, q.from, q.to));
    std::vector<domain::CoverageCount> parts;
    for (const auto& b : c.buildings) parts.push_back(b.count);
    c.total = domain::SumCoverage(parts);
    storage::VisitFilter f;
    f.estate_id = estate.id;
    f.from = q.from;
    f.to = q.to;
    LINLI_ASSIGN_OR_RETURN(c.visits, storage::CountVisits(tx, f));
    return c;
  });
}

}  // namespace linli::app
