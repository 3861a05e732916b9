// The life of an owners' vote (RULES.md §0, §1, §3): announced with its motion and matter at
// least 15 days before voting opens (counted as Civil Code art. 201-203 say), open for ballots
// within its window, closed, then published within 3 days; ballots kept at least a year
// (art. 280: a court may annul a decision within one year). Also the committee's size (§4).
//
// Pure domain code: the time and the calendar are passed in. Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "domain/calendar/work_calendar.hpp"

namespace linli::domain {

inline constexpr int kVoteNoticeDays = 15;   // notice before voting opens (Regulation art. 13)
inline constexpr int kVotePublishDays = 3;   // publication after voting ends (Beijing art. 37)
inline constexpr int kDefaultProxyCap = 3;   // ballots one proxy may cast (Weifang: 3)
inline constexpr int kMaxVoteDays = 90;      // a window longer than this is a typing mistake
inline constexpr int kBallotKeepDays = 366;  // art. 280: one year to ask a court to annul

struct VoteDraft {
  std::string title;  // 2..100 characters
  int matter = 0;     // art. 278 (1)..(9)
  UnixSeconds notice_at = 0;
  UnixSeconds opens_at = 0;
  UnixSeconds closes_at = 0;
};

// The earliest time voting may open after a notice at `notice_at`: the end of the 15-day notice
// period (24:00 of the 15th day after the notice, moved to the next working day's end).
UnixSeconds EarliestOpening(UnixSeconds notice_at, const WorkCalendar& cal);
// Title, matter and window; a window that opens before the notice period ends is refused with
// the earliest opening time in the message (invalid_argument naming opens_at).
Status CheckVoteDraft(const VoteDraft& d, const WorkCalendar& cal);

enum class VotePhase { kAnnounced, kOpen, kEnded, kClosed, kPublished };
std::string_view VotePhaseName(VotePhase p);  // announced, open, ended, closed, published
std::string_view VotePhaseLabel(VotePhase p);  // 公告中, 投票中, 待计票, 已计票, 已公布
// kEnded: the window is over but the tally is not yet taken.
VotePhase PhaseOf(UnixSeconds opens_at, UnixSeconds closes_at, std::optional<UnixSeconds> closed_at,
                  std::optional<UnixSeconds> published_at, UnixSeconds now);

// A ballot may be cast only while the vote is open (failed_precondition saying when it opens or
// when it closed).
Status CheckBallotWindow(UnixSeconds opens_at, UnixSeconds closes_at,
                         std::optional<UnixSeconds> closed_at, UnixSeconds now);
// When voting really ended: the end of the window, or the earlier close.
UnixSeconds VotingEnded(UnixSeconds closes_at, UnixSeconds closed_at);
// The result must be published by then (3 days after voting ended).
UnixSeconds PublishDeadline(UnixSeconds voting_ended, const WorkCalendar& cal);

// The owners' committee has 5 to 11 members, an odd number (Guiding Rules art. 31).
Status CheckCommitteeSeats(int seats, std::string_view field = "seats");

}  // namespace linli::domain
