// The owners' committee election (业委会选举; RULES.md §3-4, docs/ELECTIONS.md): the preparatory
// group (筹备组) and its composition, the candidates with how each was nominated and their
// eligibility, the multi-seat ballot and its tally under Civil Code art. 278 matter (3), and the
// reminders that follow the result (first meeting, filing, end of term).
//
// The tally, exactly:
//   - participation: owners holding >= 2/3 of the area AND >= 2/3 of the heads took part (cast a
//     ballot), otherwise the election is void;
//   - each ballot marks agree, disagree or abstain per candidate (an unmarked candidate counts as
//     abstain) with at most `seats` agrees;
//   - a candidate is elected when MORE than half of the participating area AND of the
//     participating heads agreed; qualified candidates are ranked by agreeing heads, then area,
//     and at most `seats` are taken. A tie across the last seat is reported and nobody in the
//     tie is taken (it is for the assembly to resolve, not for the software); seats that no
//     qualified candidate fills are reported as left empty.
//
// Pure domain code: the time and the calendar are passed in. Thread-safety: plain values and
// pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "domain/calendar/work_calendar.hpp"
#include "domain/votes/tally.hpp"

namespace linli::domain {

inline constexpr int kElectionMatter = 3;    // art. 278 (3): electing the owners' committee
inline constexpr int kFirstMeetingDays = 7;  // first meeting within 7 days of the election
inline constexpr int kFilingDays = 30;       // filing within 30 days of the election
inline constexpr int kMinTermYears = 1;      // the term is set by the rules of procedure,
inline constexpr int kMaxTermYears = 5;      // at most 5 years (Guiding Rules art. 31)
inline constexpr int kTermWarningDays = 90;  // warn this long before the term ends

// ---- The preparatory group ------------------------------------------------------------------

// The side a member of the preparatory group comes from.
enum class PrepSide {
  kStreet,              // street office / town government (街道办事处、乡镇人民政府)
  kCommunityParty,      // community party organisation (社区党组织)
  kResidentsCommittee,  // residents' committee (居委会)
  kPropertyCentre,      // property-management centre of the district (物业管理中心)
  kPolice,              // police station (派出所)
  kOwner,               // an owner (业主代表)
  kDeveloper,           // the developer (建设单位)
  kOther,
};
std::string_view PrepSideName(PrepSide s);   // street, community_party, residents_committee, ...
std::string_view PrepSideLabel(PrepSide s);  // 街道（乡镇）, 社区党组织, 居委会, ...
std::optional<PrepSide> ParsePrepSide(std::string_view text);

struct PrepMember {
  PrepSide side = PrepSide::kOther;
  bool is_owner = false;  // an owner of the estate (always so for side kOwner)
  bool is_leader = false;
};

struct PrepGroupCheck {
  int members = 0;
  int owners = 0;                     // members who are owners
  bool odd = false;                   // an odd number of members
  bool owners_half = false;           // at least half of them owners
  bool led_by_street = false;         // exactly one leader, from the street/town
  bool has_community_party = false;   // Beijing adds the community party organisation (advice)
  bool ok = false;                    // odd && owners_half && led_by_street
  std::vector<std::string> problems;  // what is wrong, in words (zh-CN)
};
// RULES.md §3: an odd number of members, at least half of them owners, led by the street/town
// representative. An empty group is not ok.
PrepGroupCheck CheckPrepGroup(const std::vector<PrepMember>& members);

// ---- Candidates -----------------------------------------------------------------------------

enum class Nomination { kPartyOrganisation, kResidentsCommittee, kSelf, kJointOwners };
std::string_view NominationName(Nomination n);  // party_organisation, residents_committee, self,
                                                // joint_owners
std::string_view NominationLabel(Nomination n);  // 党组织推荐, 居委会推荐, 自荐, 业主联名推荐
std::optional<Nomination> ParseNomination(std::string_view text);

// The eligibility checks of a candidate (RULES.md §4). `on_roll` is found from the vote's roll;
// the others are declared by the preparatory group after checking.
struct Eligibility {
  bool on_roll = false;               // an owner on the roll of the election
  bool full_capacity = false;         // full civil capacity
  bool no_property_interest = false;  // no interest in the property company
  bool not_defaulter = false;         // not a listed defaulter (失信被执行人)
};
// ok when every check passes; otherwise failed_precondition naming the first check that fails
// (`on_roll` -> owner_id, the others by their own name). An ineligible candidate cannot stand.
Status CheckEligibility(const Eligibility& e);

// ---- The seats and the ballot ---------------------------------------------------------------

// The term of the committee: 1 to 5 years (invalid_argument naming `term_years`).
Status CheckTermYears(int years);

struct Mark {
  std::int64_t candidate_id = 0;
  Choice choice = Choice::kAbstain;
};
// One ballot: every candidate marked at most once, every candidate one of `candidates`
// (not_found naming marks[i].candidate_id), at most `seats` agrees (invalid_argument naming
// marks).
Status CheckElectionBallot(const std::vector<Mark>& marks, int seats,
                           const std::vector<std::int64_t>& candidates);

// ---- The tally ------------------------------------------------------------------------------

struct CandidateSums {
  std::int64_t candidate_id = 0;
  Share agree;
  Share disagree;
  Share abstain;  // marked abstain; unmarked ballots are abstentions too (derived in the result)
};

struct ElectionTallyInput {
  Share total;         // the whole roll
  Share participated;  // the ballots cast
  int seats = 0;
  std::vector<CandidateSums> candidates;
};

enum class ElectionOutcome {
  kElected,     // every seat filled
  kSeatsEmpty,  // fewer qualified than seats: the rest stay empty
  kTie,         // a tie across the last seat: the tied are not taken, the seats stay open
  kVoid,        // participation below 2/3 of area or heads
};
std::string_view ElectionOutcomeName(ElectionOutcome o);   // elected, seats_empty, tie, void
std::string_view ElectionOutcomeLabel(ElectionOutcome o);  // 选举有效, 部分席位空缺, ...

struct CandidateResult {
  std::int64_t candidate_id = 0;
  Share agree;
  Share disagree;
  Share abstain;           // including unmarked ballots
  bool area_met = false;   // agreeing area > 1/2 of the participating area
  bool heads_met = false;  // agreeing heads > 1/2 of the participating heads
  bool qualified = false;  // both
  int rank = 0;            // 1-based among all candidates by agreeing heads, then area
  bool elected = false;
  bool tied = false;  // in the tie across the last seat
};

struct ElectionTallyResult {
  Share participated;
  bool participation_area_met = false;
  bool participation_heads_met = false;
  bool participation_met = false;
  int seats = 0;
  int elected = 0;
  int seats_empty = 0;  // seats not filled (no qualified candidate, or the tie)
  ElectionOutcome outcome = ElectionOutcome::kVoid;
  std::vector<CandidateResult> candidates;  // ranked: agreeing heads desc, area desc, id asc
};

ElectionTallyResult TallyElection(const ElectionTallyInput& in);

// ---- Reminders after the result ------------------------------------------------------------

enum class ReminderKind { kFirstMeeting, kFiling, kTermEnd };
std::string_view ReminderKindName(ReminderKind k);   // first_meeting, filing, term_end
std::string_view ReminderKindLabel(ReminderKind k);  // 首次会议, 备案, 任期届满

struct Reminder {
  ReminderKind kind = ReminderKind::kFirstMeeting;
  UnixSeconds due = 0;                   // the deadline (term end: when the term ends)
  std::optional<UnixSeconds> done_at;    // the meeting held, the filing made
  std::optional<UnixSeconds> warn_from;  // term end: when the warning starts
  bool late = false;                     // not done by the deadline (or the term has ended)
  bool warning = false;                  // term end: within the warning period
};

// The end of a term of `years` starting at `start`: 24:00 of the day before the same calendar
// date `years` later (Asia/Shanghai; 29 February moves to 28 February).
UnixSeconds TermEnd(UnixSeconds start, int years);

// First meeting within 7 days and filing within 30 days of `elected_at` (counted by
// DeadlineAfterDays), and the end of the term with a warning `warning_days` ahead.
std::vector<Reminder> ElectionReminders(UnixSeconds elected_at, int term_years,
                                        std::optional<UnixSeconds> first_meeting_at,
                                        std::optional<UnixSeconds> filed_at, UnixSeconds now,
                                        const WorkCalendar& cal,
                                        int warning_days = kTermWarningDays);

}  // namespace linli::domain
