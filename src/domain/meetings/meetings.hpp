// Meetings and the community party organisation's supervision (DOMAIN.md §4, RULES.md §3-4):
// the kinds of meeting, series of occurrences, the owners' committee's quorum and decision rule
// counted against ALL its members, notice and publication periods, late action items, members
// who miss more than half of the year's meetings, and the four musts of supervision (四必).
// Every threshold is exact integer arithmetic (2 * x > n), never floating point.
// Thread-safety: pure functions over values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "domain/calendar/work_calendar.hpp"

namespace linli::domain {

enum class MeetingKind {
  kJoint,         // 小区治理联席会: branch + 业委会 + property company
  kDeliberation,  // 说事议事会 with residents
  kCommittee,     // 业委会会议 (RULES.md §4)
  kAssembly,      // 业主大会 (RULES.md §3)
  kLeadership,    // 领导小组 at community, street or district level
};
std::string_view MeetingKindName(MeetingKind k);   // "joint", ...
std::string_view MeetingKindLabel(MeetingKind k);  // "小区治理联席会", ...
std::optional<MeetingKind> ParseMeetingKind(std::string_view s);
// Every kind but leadership meets for one estate; a leadership group may sit at any unit.
bool MeetingNeedsEstate(MeetingKind k);

enum class Recurrence { kNone, kMonthly, kBimonthly, kQuarterly };
std::string_view RecurrenceName(Recurrence r);  // "none", "monthly", "bimonthly", "quarterly"
std::optional<Recurrence> ParseRecurrence(std::string_view s);
int RecurrenceMonths(Recurrence r);  // 0, 1, 2, 3

inline constexpr int kMaxOccurrences = 24;

// The start times of a series: the first, then every RecurrenceMonths later on the same day of
// the month and the same wall-clock time in Asia/Shanghai (the 31st becomes the month's last day
// where the month is shorter). `count` must be 1..kMaxOccurrences (1 for kNone); invalid_argument
// naming `occurrences` otherwise.
Result<std::vector<UnixSeconds>> Occurrences(UnixSeconds first, Recurrence r, int count);

enum class MeetingStatus { kScheduled, kHeld, kCancelled };
std::string_view MeetingStatusName(MeetingStatus s);
std::optional<MeetingStatus> ParseMeetingStatus(std::string_view s);

// The side an attendee sits for.
enum class Side {
  kBranch,          // estate party branch
  kCommittee,       // 业委会 / 物管会
  kProperty,        // property company
  kCommunityParty,  // community party organisation (社区党组织)
  kResident,        // residents / owners
  kOfficial,        // street or district staff, departments
  kOther,
};
std::string_view SideName(Side s);
std::string_view SideLabel(Side s);
std::optional<Side> ParseSide(std::string_view s);

enum class Presence { kPresent, kAbsent, kProxy };
std::string_view PresenceName(Presence p);
std::optional<Presence> ParsePresence(std::string_view p);

// ---- Owners' committee meetings (RULES.md §4) ---------------------------------------------------

// More than half of ALL members: 2 * present > members. Exactly half is not a quorum; a committee
// without members never has one.
bool HasQuorum(int present, int members);
// A decision needs more than half of ALL members in favour, not of those present.
bool DecisionPasses(int in_favour, int members);

struct CommitteeAttendee {
  std::int64_t person_id = 0;  // 0: not one of the committee's members
  Presence presence = Presence::kPresent;
};
struct CommitteeDecisionVotes {
  std::optional<int> in_favour;  // required for a committee meeting
};
// Checks the minutes of a committee meeting against the rules: no proxies (invalid_argument,
// field attendance[i].presence), the quorum of ALL `members` (failed_precondition naming the
// numbers and what is needed), each decision's count of votes in favour given and within
// 0..present (invalid_argument, field decisions[i].in_favour). `member_ids` are the committee's
// members at the time (distinct people).
Status CheckCommitteeMinutes(const std::vector<std::int64_t>& member_ids,
                             const std::vector<CommitteeAttendee>& attendance,
                             const std::vector<CommitteeDecisionVotes>& decisions);
// Committee members present (distinct people of `member_ids` marked present).
int CommitteePresent(const std::vector<std::int64_t>& member_ids,
                     const std::vector<CommitteeAttendee>& attendance);

// Notice: the committee's agenda at least 7 days before (RULES.md §4), the owners' assembly at
// least 15 days (§3). The days between the day of the notice and the day of the meeting
// (Asia/Shanghai) must be at least the period; late notice is flagged, not refused (docs/
// MEETINGS.md says why). 0 for kinds without a legal notice period.
int NoticeDays(MeetingKind k);
bool NoticeLate(MeetingKind k, UnixSeconds notice_at, UnixSeconds starts_at);

// Decisions are published within 3 days (RULES.md §3, §4), counted as RULES.md §0 says: from the
// day after the meeting, ending 24:00 of the last day, moved past holidays.
inline constexpr int kPublishDays = 3;
UnixSeconds PublishDeadline(const WorkCalendar& calendar, UnixSeconds held_at);
// Published after the deadline, or not published and the deadline has passed.
bool PublicationLate(std::optional<UnixSeconds> published_at, UnixSeconds deadline,
                     UnixSeconds now);

// An action item is late when it is not done and its deadline has passed.
bool ActionLate(std::optional<UnixSeconds> done_at, UnixSeconds due_at, UnixSeconds now);

// A member absent from more than half of the year's held meetings is flagged (Beijing art. 46).
bool AbsenceFlagged(int absent, int meetings);

// ---- The four musts of supervision (四必) -------------------------------------------------------

// A calendar quarter in Asia/Shanghai: "2026-Q1" (as the visit coverage writes it; a type of
// its own, members/pairing has a civil-date Quarter).
struct SupervisionQuarter {
  int year = 0;
  int q = 1;              // 1..4
  UnixSeconds begin = 0;  // 00:00 of its first day
  UnixSeconds end = 0;    // 00:00 of the next quarter's first day
};
Result<SupervisionQuarter> ParseSupervisionQuarter(std::string_view text,
                                                   std::string_view field = "quarter");
SupervisionQuarter SupervisionQuarterOf(UnixSeconds t);
std::string SupervisionQuarterName(const SupervisionQuarter& q);

// What the report is built from, all within the period.
struct SupervisedMeeting {  // a committee meeting or an owners' assembly that was held
  std::int64_t id = 0;
  std::string title;
  MeetingKind kind = MeetingKind::kCommittee;
  UnixSeconds held_at = 0;
  bool community_party_present = false;
};
struct SupervisedDecision {  // a major decision (of any meeting held)
  std::int64_t id = 0;
  std::int64_t meeting_id = 0;
  std::string text;
  bool project = false;                  // a major project to be supervised
  bool community_party_present = false;  // at the meeting that took it
  bool project_supervised = false;       // a supervision record names it
};

enum class Must { kAttend, kDecide, kSupervise, kSpotCheck };
std::string_view MustName(Must m);   // "attend", "decide", "supervise", "spot_check"
std::string_view MustLabel(Must m);  // "列席业委会会议和业主大会", ...

struct MustResult {
  Must must = Must::kAttend;
  bool met = true;
  bool applicable = true;  // false: nothing happened in the period that needed it
  int due = 0;             // how many things needed it
  int done = 0;
  std::vector<std::string> misses;  // what was missed, in words
};
// (a) every committee meeting and assembly held had the community party organisation present;
// (b) every major decision was taken with it present; (c) every major project decision has a
// supervision record; (d) at least one spot-check of the public-revenue accounts in the period
// (always applicable).
std::vector<MustResult> FourMusts(const std::vector<SupervisedMeeting>& meetings,
                                  const std::vector<SupervisedDecision>& decisions,
                                  int spot_checks);

}  // namespace linli::domain
