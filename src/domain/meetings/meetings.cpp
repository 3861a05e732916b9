#include "domain/meetings/meetings.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include "core/time_format.hpp"

namespace linli::domain {

namespace {
template <class E, std::size_t N>
std::optional<E> ParseByName(std::string_view s, const E (&all)[N], std::string_view (*name)(E)) {
  for (E e : all)
    if (name(e) == s) return e;
  return std::nullopt;
}
constexpr MeetingKind kKinds[] = {MeetingKind::kJoint, MeetingKind::kDeliberation,
                                  MeetingKind::kCommittee, MeetingKind::kAssembly,
                                  MeetingKind::kLeadership};
constexpr Recurrence kRecurrences[] = {Recurrence::kNone, Recurrence::kMonthly,
                                       Recurrence::kBimonthly, Recurrence::kQuarterly};
constexpr MeetingStatus kStatuses[] = {MeetingStatus::kScheduled, MeetingStatus::kHeld,
                                       MeetingStatus::kCancelled};
constexpr Side kSides[] = {Side::kBranch,         Side::kCommittee, Side::kProperty,
                           Side::kCommunityParty, Side::kResident,  Side::kOfficial,
                           Side::kOther};
constexpr Presence kPresences[] = {Presence::kPresent, Presence::kAbsent, Presence::kProxy};

unsigned DaysInMonth(int y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}
}  // namespace

std::string_view MeetingKindName(MeetingKind k) {
  switch (k) {
    case MeetingKind::kJoint:
      return "joint";
    case MeetingKind::kDeliberation:
      return "deliberation";
    case MeetingKind::kCommittee:
      return "committee";
    case MeetingKind::kAssembly:
      return "assembly";
    case MeetingKind::kLeadership:
      return "leadership";
  }
  return "joint";
}

std::string_view MeetingKindLabel(MeetingKind k) {
  switch (k) {
    case MeetingKind::kJoint:
      return "小区治理联席会";
    case MeetingKind::kDeliberation:
      return "说事议事会";
    case MeetingKind::kCommittee:
      return "业委会会议";
    case MeetingKind::kAssembly:
      return "业主大会";
    case MeetingKind::kLeadership:
      return "领导小组会议";
  }
  return "";
}

std::optional<MeetingKind> ParseMeetingKind(std::string_view s) {
  return ParseByName(s, kKinds, &MeetingKindName);
}

bool MeetingNeedsEstate(MeetingKind k) { return k != MeetingKind::kLeadership; }

std::string_view RecurrenceName(Recurrence r) {
  switch (r) {
    case Recurrence::kNone:
      return "none";
    case Recurrence::kMonthly:
      return "monthly";
    case Recurrence::kBimonthly:
      return "bimonthly";
    case Recurrence::kQuarterly:
      return "quarterly";
  }
  return "none";
}

std::optional<Recurrence> ParseRecurrence(std::string_view s) {
  return ParseByName(s, kRecurrences, &RecurrenceName);
}

int RecurrenceMonths(Recurrence r) {
  switch (r) {
    case Recurrence::kNone:
      return 0;
    case Recurrence::kMonthly:
      return 1;
    case Recurrence::kBimonthly:
      return 2;
    case Recurrence::kQuarterly:
      return 3;
  }
  return 0;
}

Result<std::vector<UnixSeconds>> Occurrences(UnixSeconds first, Recurrence r, int count) {
  if (r == Recurrence::kNone && count != 1)
    return InvalidArgument(
        "a meeting without recurrence has exactly 1 occurrence; set recurrence to monthly, "
        "bimonthly or quarterly for a series",
        "occurrences");
  if (count < 1 || count > kMaxOccurrences)
    return InvalidArgument("occurrences must be between 1 and " + std::to_string(kMaxOccurrences) +
                               " (got " + std::to_string(count) + ")",
                           "occurrences");
  const UnixSeconds local = first + kShanghaiOffsetSeconds;
  const long long day = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  const UnixSeconds time_of_day = local - day * 86400;
  int y = 0;
  unsigned m = 0, d = 0;
  CivilFromDays(day, y, m, d);
  std::vector<UnixSeconds> out;
  for (int i = 0; i < count; ++i) {
    const int months = static_cast<int>(m) - 1 + i * RecurrenceMonths(r);
    const int yy = y + months / 12;
    const unsigned mm = static_cast<unsigned>(months % 12) + 1;
    const unsigned dd = std::min(d, DaysInMonth(yy, mm));
    out.push_back(DaysFromCivil(yy, mm, dd) * 86400 + time_of_day - kShanghaiOffsetSeconds);
  }
  return out;
}

std::string_view MeetingStatusName(MeetingStatus s) {
  switch (s) {
    case MeetingStatus::kScheduled:
      return "scheduled";
    case MeetingStatus::kHeld:
      return "held";
    case MeetingStatus::kCancelled:
      return "cancelled";
  }
  return "scheduled";
}

std::optional<MeetingStatus> ParseMeetingStatus(std::string_view s) {
  return ParseByName(s, kStatuses, &MeetingStatusName);
}

std::string_view SideName(Side s) {
  switch (s) {
    case Side::kBranch:
      return "branch";
    case Side::kCommittee:
      return "committee";
    case Side::kProperty:
      return "property";
    case Side::kCommunityParty:
      return "community_party";
    case Side::kResident:
      return "resident";
    case Side::kOfficial:
      return "official";
    case Side::kOther:
      return "other";
  }
  return "other";
}

std::string_view SideLabel(Side s) {
  switch (s) {
    case Side::kBranch:
      return "党支部";
    case Side::kCommittee:
      return "业委会";
    case Side::kProperty:
      return "物业";
    case Side::kCommunityParty:
      return "社区党组织";
    case Side::kResident:
      return "居民";
    case Side::kOfficial:
      return "街道/部门";
    case Side::kOther:
      return "其他";
  }
  return "其他";
}

std::optional<Side> ParseSide(std::string_view s) { return ParseByName(s, kSides, &SideName); }

std::string_view PresenceName(Presence p) {
  switch (p) {
    case Presence::kPresent:
      return "present";
    case Presence::kAbsent:
      return "absent";
    case Presence::kProxy:
      return "proxy";
  }
  return "absent";
}

std::optional<Presence> ParsePresence(std::string_view p) {
  return ParseByName(p, kPresences, &PresenceName);
}

bool HasQuorum(int present, int members) {
  return members > 0 && 2LL * present > static_cast<long long>(members);
}

bool DecisionPasses(int in_favour, int members) {
  return members > 0 && 2LL * in_favour > static_cast<long long>(members);
}

int CommitteePresent(const std::vector<std::int64_t>& member_ids,
                     const std::vector<CommitteeAttendee>& attendance) {
  std::set<std::int64_t> members(member_ids.begin(), member_ids.end());
  std::set<std::int64_t> present;
  for (const auto& a : attendance)
    if (a.presence == Presence::kPresent && members.count(a.person_id)) present.insert(a.person_id);
  return static_cast<int>(present.size());
}

Status CheckCommitteeMinutes(const std::vector<std::int64_t>& member_ids,
                             const std::vector<CommitteeAttendee>& attendance,
                             const std::vector<CommitteeDecisionVotes>& decisions) {
  for (std::size_t i = 0; i < attendance.size(); ++i)
    if (attendance[i].presence == Presence::kProxy)
      return InvalidArgument(
          "owners' committee meetings allow no proxies (RULES.md §4): record the member as "
          "absent",
          "attendance[" + std::to_string(i) + "].presence");
  std::set<std::int64_t> distinct(member_ids.begin(), member_ids.end());
  const int members = static_cast<int>(distinct.size());
  if (members == 0)
    return FailedPrecondition(
        "the committee has no current members; appoint them (posts with committee_id) before "
        "recording its meetings",
        "committee_id");
  const int present = CommitteePresent(member_ids, attendance);
  if (!HasQuorum(present, members))
    return FailedPrecondition("no quorum: " + std::to_string(present) + " of " +
                                  std::to_string(members) +
                                  " committee members present; more than half of ALL members "
                                  "(at least " +
                                  std::to_string(members / 2 + 1) + ") must attend (RULES.md §4)",
                              "attendance");
  for (std::size_t i = 0; i < decisions.size(); ++i) {
    const std::string field = "decisions[" + std::to_string(i) + "].in_favour";
    if (!decisions[i].in_favour)
      return InvalidArgument(
          "a committee decision needs the number of members in favour (in_favour)", field);
    const int f = *decisions[i].in_favour;
    if (f < 0 || f > present)
      return InvalidArgument("in_favour must be between 0 and the " + std::to_string(present) +
                                 " members present (got " + std::to_string(f) + ")",
                             field);
  }
  return {};
}

int NoticeDays(MeetingKind k) {
  switch (k) {
    case MeetingKind::kCommittee:
      return 7;
    case MeetingKind::kAssembly:
      return 15;
    default:
      return 0;
  }
}

bool NoticeLate(MeetingKind k, UnixSeconds notice_at, UnixSeconds starts_at) {
  const int days = NoticeDays(k);
  if (days == 0) return false;
  return DayOf(starts_at) - DayOf(notice_at) < days;
}

UnixSeconds PublishDeadline(const WorkCalendar& calendar, UnixSeconds held_at) {
  return calendar.DeadlineAfterDays(held_at, kPublishDays);
}

bool PublicationLate(std::optional<UnixSeconds> published_at, UnixSeconds deadline,
                     UnixSeconds now) {
  if (published_at) return *published_at > deadline;
  return now > deadline;
}

bool ActionLate(std::optional<UnixSeconds> done_at, UnixSeconds due_at, UnixSeconds now) {
  return !done_at && now > due_at;
}

bool AbsenceFlagged(int absent, int meetings) {
  return meetings > 0 && 2LL * absent > static_cast<long long>(meetings);
}

// ---- Four musts ---------------------------------------------------------------------------------

namespace {
SupervisionQuarter MakeSupervisionQuarter(int year, int q) {
  SupervisionQuarter out;
  out.year = year;
  out.q = q;
  const unsigned first_month = static_cast<unsigned>((q - 1) * 3 + 1);
  out.begin = DaysFromCivil(year, first_month, 1) * 86400 - kShanghaiOffsetSeconds;
  const int next_year = q == 4 ? year + 1 : year;
  const unsigned next_month = q == 4 ? 1u : first_month + 3;
  out.end = DaysFromCivil(next_year, next_month, 1) * 86400 - kShanghaiOffsetSeconds;
  return out;
}
}  // namespace

Result<SupervisionQuarter> ParseSupervisionQuarter(std::string_view text, std::string_view field) {
  // "2026-Q1" as the visit coverage writes it; "2026Q1" is accepted too.
  std::string compact(text);
  if (compact.size() == 7 && compact[4] == '-') compact.erase(4, 1);
  int year = 0;
  if (compact.size() == 6 && (compact[4] == 'Q' || compact[4] == 'q') && compact[5] >= '1' &&
      compact[5] <= '4') {
    auto [p, ec] = std::from_chars(compact.data(), compact.data() + 4, year);
    if (ec == std::errc() && p == compact.data() + 4 && year >= 2000 && year <= 2100)
      return MakeSupervisionQuarter(year, compact[5] - '0');
  }
  return InvalidArgument(
      "quarter must look like 2026-Q1 (year, -Q, 1 to 4); got '" + std::string(text) + "'",
      std::string(field));
}

SupervisionQuarter SupervisionQuarterOf(UnixSeconds t) {
  int y = 0;
  unsigned m = 0, d = 0;
  CivilFromDays(DayOf(t), y, m, d);
  return MakeSupervisionQuarter(y, static_cast<int>((m - 1) / 3 + 1));
}

std::string SupervisionQuarterName(const SupervisionQuarter& q) {
  return std::to_string(q.year) + "-Q" + std::to_string(q.q);
}

std::string_view MustName(Must m) {
  switch (m) {
    case Must::kAttend:
      return "attend";
    case Must::kDecide:
      return "decide";
    case Must::kSupervise:
      return "supervise";
    case Must::kSpotCheck:
      return "spot_check";
  }
  return "attend";
}

std::string_view MustLabel(Must m) {
  switch (m) {
    case Must::kAttend:
      return "必列席业委会会议和业主大会";
    case Must::kDecide:
      return "必参与重大事项决策";
    case Must::kSupervise:
      return "必监督重大项目";
    case Must::kSpotCheck:
      return "必抽查公共收益账目";
  }
  return "";
}

std::vector<MustResult> FourMusts(const std::vector<SupervisedMeeting>& meetings,
                                  const std::vector<SupervisedDecision>& decisions,
                                  int spot_checks) {
  MustResult attend{Must::kAttend};
  for (const auto& m : meetings) {
    ++attend.due;
    if (m.community_party_present)
      ++attend.done;
    else
      attend.misses.push_back(std::string(MeetingKindLabel(m.kind)) + " #" + std::to_string(m.id) +
                              "「" + m.title + "」" + FormatDate(m.held_at) + " 社区党组织未列席");
  }
  MustResult decide{Must::kDecide};
  MustResult supervise{Must::kSupervise};
  for (const auto& d : decisions) {
    ++decide.due;
    if (d.community_party_present)
      ++decide.done;
    else
      decide.misses.push_back("重大决定 #" + std::to_string(d.id) + "「" + d.text +
                              "」社区党组织未参与");
    if (!d.project) continue;
    ++supervise.due;
    if (d.project_supervised)
      ++supervise.done;
    else
      supervise.misses.push_back("重大项目 #" + std::to_string(d.id) + "「" + d.text +
                                 "」无监督记录");
  }
  MustResult check{Must::kSpotCheck};
  check.due = 1;
  check.done = spot_checks > 0 ? 1 : 0;
  if (spot_checks == 0) check.misses.push_back("本季度未抽查公共收益账目");
  std::vector<MustResult> out = {attend, decide, supervise, check};
  for (auto& r : out) {
    r.applicable = r.due > 0;
    r.met = r.misses.empty();
  }
  return out;
}

}  // namespace linli::domain
