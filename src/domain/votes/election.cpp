#include "domain/votes/election.hpp"

#include <algorithm>
#include <set>

namespace linli::domain {

// ---- The preparatory group ------------------------------------------------------------------

namespace {

struct SideInfo {
  PrepSide side;
  std::string_view name;
  std::string_view label;
};
constexpr SideInfo kSides[] = {
    {PrepSide::kStreet, "street", "街道（乡镇）"},
    {PrepSide::kCommunityParty, "community_party", "社区党组织"},
    {PrepSide::kResidentsCommittee, "residents_committee", "居民委员会"},
    {PrepSide::kPropertyCentre, "property_centre", "物业管理中心"},
    {PrepSide::kPolice, "police", "派出所"},
    {PrepSide::kOwner, "owner", "业主代表"},
    {PrepSide::kDeveloper, "developer", "建设单位"},
    {PrepSide::kOther, "other", "其他"},
};

}  // namespace

std::string_view PrepSideName(PrepSide s) {
  for (const auto& i : kSides)
    if (i.side == s) return i.name;
  return "other";
}
std::string_view PrepSideLabel(PrepSide s) {
  for (const auto& i : kSides)
    if (i.side == s) return i.label;
  return "其他";
}
std::optional<PrepSide> ParsePrepSide(std::string_view text) {
  for (const auto& i : kSides)
    if (i.name == text) return i.side;
  return std::nullopt;
}

PrepGroupCheck CheckPrepGroup(const std::vector<PrepMember>& members) {
  PrepGroupCheck c;
  c.members = static_cast<int>(members.size());
  int leaders = 0;
  int street_leaders = 0;
  for (const auto& m : members) {
    if (m.is_owner || m.side == PrepSide::kOwner) ++c.owners;
    if (m.is_leader) {
      ++leaders;
      if (m.side == PrepSide::kStreet) ++street_leaders;
    }
    if (m.side == PrepSide::kCommunityParty) c.has_community_party = true;
  }
  c.odd = c.members % 2 == 1;
  c.owners_half = c.members > 0 && 2 * c.owners >= c.members;  // "半数以上" includes half
  c.led_by_street = leaders == 1 && street_leaders == 1;
  if (c.members == 0) c.problems.push_back("筹备组还没有成员");
  if (c.members > 0 && !c.odd)
    c.problems.push_back("筹备组成员人数应为单数，现有 " + std::to_string(c.members) + " 人");
  if (c.members > 0 && !c.owners_half)
    c.problems.push_back("业主代表应不少于筹备组成员的一半，现有业主 " + std::to_string(c.owners) +
                         " 人、成员 " + std::to_string(c.members) + " 人");
  if (leaders == 0)
    c.problems.push_back("筹备组应由街道（乡镇）代表担任组长，尚未指定组长");
  else if (leaders > 1)
    c.problems.push_back("筹备组只能有一名组长，现有 " + std::to_string(leaders) + " 名");
  else if (street_leaders == 0)
    c.problems.push_back("筹备组组长应为街道（乡镇）代表");
  c.ok = c.odd && c.owners_half && c.led_by_street;
  return c;
}

// ---- Candidates -----------------------------------------------------------------------------

std::string_view NominationName(Nomination n) {
  switch (n) {
    case Nomination::kPartyOrganisation:
      return "party_organisation";
    case Nomination::kResidentsCommittee:
      return "residents_committee";
    case Nomination::kSelf:
      return "self";
    case Nomination::kJointOwners:
      return "joint_owners";
  }
  return "self";
}
std::string_view NominationLabel(Nomination n) {
  switch (n) {
    case Nomination::kPartyOrganisation:
      return "党组织推荐";
    case Nomination::kResidentsCommittee:
      return "居委会推荐";
    case Nomination::kSelf:
      return "业主自荐";
    case Nomination::kJointOwners:
      return "业主联名推荐";
  }
  return "业主自荐";
}
std::optional<Nomination> ParseNomination(std::string_view text) {
  for (auto n : {Nomination::kPartyOrganisation, Nomination::kResidentsCommittee, Nomination::kSelf,
                 Nomination::kJointOwners})
    if (NominationName(n) == text) return n;
  return std::nullopt;
}

Status CheckEligibility(const Eligibility& e) {
  if (!e.on_roll)
    return FailedPrecondition(
        "a candidate must be an owner on the roll of this election; this owner is not on it",
        "owner_id");
  if (!e.full_capacity)
    return FailedPrecondition(
        "a candidate must have full civil capacity; a candidate without it cannot stand",
        "full_capacity");
  if (!e.no_property_interest)
    return FailedPrecondition(
        "a candidate must have no interest in the property company (no post, shares or close "
        "relatives there); a candidate with one cannot stand",
        "no_property_interest");
  if (!e.not_defaulter)
    return FailedPrecondition(
        "a listed defaulter (失信被执行人) cannot stand for the owners' committee",
        "not_defaulter");
  return {};
}

// ---- The seats and the ballot ---------------------------------------------------------------

Status CheckTermYears(int years) {
  if (years < kMinTermYears || years > kMaxTermYears)
    return InvalidArgument(
        "term_years must be 1 to 5: the committee's term is at most 5 years; "
        "got " +
            std::to_string(years),
        "term_years");
  return {};
}

Status CheckElectionBallot(const std::vector<Mark>& marks, int seats,
                           const std::vector<std::int64_t>& candidates) {
  const std::set<std::int64_t> known(candidates.begin(), candidates.end());
  std::set<std::int64_t> seen;
  int agrees = 0;
  for (size_t i = 0; i < marks.size(); ++i) {
    const std::string field = "marks[" + std::to_string(i) + "].candidate_id";
    if (!known.contains(marks[i].candidate_id))
      return NotFound(
          "candidate " + std::to_string(marks[i].candidate_id) + " does not stand in this election",
          field);
    if (!seen.insert(marks[i].candidate_id).second)
      return InvalidArgument(
          "candidate " + std::to_string(marks[i].candidate_id) + " is marked twice", field);
    if (marks[i].choice == Choice::kAgree) ++agrees;
  }
  if (agrees > seats)
    return InvalidArgument("a ballot may agree to at most " + std::to_string(seats) +
                               " candidates (the number of seats); this one agrees to " +
                               std::to_string(agrees),
                           "marks");
  return {};
}

// ---- The tally ------------------------------------------------------------------------------

std::string_view ElectionOutcomeName(ElectionOutcome o) {
  switch (o) {
    case ElectionOutcome::kElected:
      return "elected";
    case ElectionOutcome::kSeatsEmpty:
      return "seats_empty";
    case ElectionOutcome::kTie:
      return "tie";
    case ElectionOutcome::kVoid:
      return "void";
  }
  return "void";
}
std::string_view ElectionOutcomeLabel(ElectionOutcome o) {
  switch (o) {
    case ElectionOutcome::kElected:
      return "选举有效，席位已满";
    case ElectionOutcome::kSeatsEmpty:
      return "选举有效，部分席位空缺";
    case ElectionOutcome::kTie:
      return "末位票数相同，需另行决定";
    case ElectionOutcome::kVoid:
      return "无效（参与表决未达三分之二）";
  }
  return "";
}

namespace {

// Ranked before: more agreeing heads, then more agreeing area.
bool Ahead(const CandidateResult& a, const CandidateResult& b) {
  if (a.agree.heads != b.agree.heads) return a.agree.heads > b.agree.heads;
  return a.agree.area > b.agree.area;
}
bool SameStanding(const CandidateResult& a, const CandidateResult& b) { return a.agree == b.agree; }

}  // namespace

ElectionTallyResult TallyElection(const ElectionTallyInput& in) {
  ElectionTallyResult r;
  r.seats = in.seats;
  r.participated = in.participated;
  if (in.total.heads > 0) {
    r.participation_area_met = AtLeast(in.participated.area, in.total.area, 2, 3);
    r.participation_heads_met = AtLeast(in.participated.heads, in.total.heads, 2, 3);
  }
  r.participation_met = r.participation_area_met && r.participation_heads_met;

  for (const auto& c : in.candidates) {
    CandidateResult cr;
    cr.candidate_id = c.candidate_id;
    cr.agree = c.agree;
    cr.disagree = c.disagree;
    // Unmarked ballots count as abstentions for this candidate.
    cr.abstain = Share{in.participated.area - c.agree.area - c.disagree.area,
                       in.participated.heads - c.agree.heads - c.disagree.heads};
    if (in.participated.heads > 0) {
      cr.area_met = MoreThan(c.agree.area, in.participated.area, 1, 2);
      cr.heads_met = MoreThan(c.agree.heads, in.participated.heads, 1, 2);
    }
    cr.qualified = cr.area_met && cr.heads_met;
    r.candidates.push_back(cr);
  }
  std::stable_sort(r.candidates.begin(), r.candidates.end(),
                   [](const CandidateResult& a, const CandidateResult& b) {
                     if (Ahead(a, b)) return true;
                     if (Ahead(b, a)) return false;
                     return a.candidate_id < b.candidate_id;
                   });
  for (size_t i = 0; i < r.candidates.size(); ++i)
    r.candidates[i].rank = i > 0 && SameStanding(r.candidates[i], r.candidates[i - 1])
                               ? r.candidates[i - 1].rank
                               : static_cast<int>(i) + 1;

  if (!r.participation_met) {
    r.outcome = ElectionOutcome::kVoid;
    r.seats_empty = in.seats;
    return r;
  }
  std::vector<size_t> qualified;
  for (size_t i = 0; i < r.candidates.size(); ++i)
    if (r.candidates[i].qualified) qualified.push_back(i);
  const size_t seats = static_cast<size_t>(std::max(in.seats, 0));
  bool tie = false;
  if (qualified.size() > seats && seats > 0) {
    const auto& last = r.candidates[qualified[seats - 1]];
    const auto& next = r.candidates[qualified[seats]];
    tie = SameStanding(last, next);
    if (tie) {
      for (size_t q : qualified) {
        auto& c = r.candidates[q];
        if (SameStanding(c, last))
          c.tied = true;
        else if (Ahead(c, last))
          c.elected = true;
      }
    }
  }
  if (!tie)
    for (size_t k = 0; k < qualified.size() && k < seats; ++k)
      r.candidates[qualified[k]].elected = true;
  for (const auto& c : r.candidates)
    if (c.elected) ++r.elected;
  r.seats_empty = in.seats - r.elected;
  r.outcome = tie                 ? ElectionOutcome::kTie
              : r.seats_empty > 0 ? ElectionOutcome::kSeatsEmpty
                                  : ElectionOutcome::kElected;
  return r;
}

// ---- Reminders after the result ------------------------------------------------------------

std::string_view ReminderKindName(ReminderKind k) {
  switch (k) {
    case ReminderKind::kFirstMeeting:
      return "first_meeting";
    case ReminderKind::kFiling:
      return "filing";
    case ReminderKind::kTermEnd:
      return "term_end";
  }
  return "";
}
std::string_view ReminderKindLabel(ReminderKind k) {
  switch (k) {
    case ReminderKind::kFirstMeeting:
      return "召开业委会首次会议（选举后7日内）";
    case ReminderKind::kFiling:
      return "向街道（乡镇）和区房管部门备案（选举后30日内）";
    case ReminderKind::kTermEnd:
      return "任期届满，提前组织换届";
  }
  return "";
}

namespace {

// Howard Hinnant's civil-date algorithms (proleptic Gregorian), days since 1970-01-01.
DayNumber DaysFromCivil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}
void CivilFromDays(DayNumber z, long long& y, unsigned& m, unsigned& d) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<long long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}
bool IsLeap(long long y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

}  // namespace

UnixSeconds TermEnd(UnixSeconds start, int years) {
  long long y = 0;
  unsigned m = 0, d = 0;
  CivilFromDays(DayOf(start), y, m, d);
  y += years;
  if (m == 2 && d == 29 && !IsLeap(y)) d = 28;
  // The term ends at 24:00 of the day before the anniversary, i.e. at 00:00 of the anniversary.
  return StartOfDay(DaysFromCivil(y, m, d));
}

std::vector<Reminder> ElectionReminders(UnixSeconds elected_at, int term_years,
                                        std::optional<UnixSeconds> first_meeting_at,
                                        std::optional<UnixSeconds> filed_at, UnixSeconds now,
                                        const WorkCalendar& cal, int warning_days) {
  std::vector<Reminder> out;
  auto deadline = [&](ReminderKind kind, int days, std::optional<UnixSeconds> done) {
    Reminder r;
    r.kind = kind;
    r.due = cal.DeadlineAfterDays(elected_at, days);
    r.done_at = done;
    r.late = done ? *done > r.due : now > r.due;
    out.push_back(r);
  };
  deadline(ReminderKind::kFirstMeeting, kFirstMeetingDays, first_meeting_at);
  deadline(ReminderKind::kFiling, kFilingDays, filed_at);
  Reminder term;
  term.kind = ReminderKind::kTermEnd;
  term.due = TermEnd(elected_at, term_years);
  term.warn_from = term.due - static_cast<UnixSeconds>(warning_days) * 86400;
  term.late = now >= term.due;
  term.warning = !term.late && now >= *term.warn_from;
  out.push_back(term);
  return out;
}

}  // namespace linli::domain
