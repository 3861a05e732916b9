// Simple polls (意见征集/投票) outside Civil Code art. 278: naming the estate's scenes, choosing
// a family award, a branch's decision. No roll, no notice period and no legal thresholds: a
// question with 2-20 options, single or multiple choice, one response per household or per
// person, among the estate's residents or the party members registered with it, within a
// window that starts now or later and lasts at most 90 days; the result is the count per option
// with its share of the responses in integer permille (docs/POLLS.md).
//
// Pure domain code: the time is passed in. Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"

namespace linli::domain {

inline constexpr int kPollMinOptions = 2;
inline constexpr int kPollMaxOptions = 20;
inline constexpr int kPollOptionMaxChars = 60;
inline constexpr int kPollMaxDays = 90;
// A window may start this much before the server's now: the browser's clock and the time the
// form took to send.
inline constexpr UnixSeconds kPollOpeningSlack = 300;

// Who casts one response: each household once (whoever of it answers first), or each person.
enum class PollCounting { kPerHousehold, kPerPerson };
std::string_view PollCountingName(PollCounting c);   // household, person
std::string_view PollCountingLabel(PollCounting c);  // 每户一票, 每人一票
std::optional<PollCounting> ParsePollCounting(std::string_view text);

// Who may respond: the estate's residents, or the party members registered with the estate
// (在职党员回小区报到, confirmed by its branch).
enum class PollAudience { kResidents, kMembers };
std::string_view PollAudienceName(PollAudience a);   // residents, members
std::string_view PollAudienceLabel(PollAudience a);  // 本小区居民, 本小区报到党员
std::optional<PollAudience> ParsePollAudience(std::string_view text);

struct PollDraft {
  std::string title;        // 2..100 characters
  std::string description;  // at most 5000 characters
  std::vector<std::string> options;
  int max_choices = 1;  // 1: single choice
  UnixSeconds opens_at = 0;
  UnixSeconds closes_at = 0;
};

// Trims the title and the options in place, then checks everything; each error names its field
// ("options[2]" for one option).
Status CheckPollDraft(PollDraft& d, UnixSeconds now);

enum class PollPhase { kScheduled, kOpen, kEnded, kClosed, kPublished };
std::string_view PollPhaseName(PollPhase p);  // scheduled, open, ended, closed, published
std::string_view PollPhaseLabel(PollPhase p);  // 未开始, 进行中, 已截止, 已结束, 已公布
PollPhase PhaseOfPoll(UnixSeconds opens_at, UnixSeconds closes_at,
                      std::optional<UnixSeconds> closed_at, std::optional<UnixSeconds> published_at,
                      UnixSeconds now);

// Responses are taken only while the poll is open (failed_precondition naming "poll").
Status CheckPollOpen(UnixSeconds opens_at, UnixSeconds closes_at,
                     std::optional<UnixSeconds> closed_at, UnixSeconds now);

// The chosen option numbers (1-based) against the poll: at least one, at most max_choices, each
// an option of the poll and none twice. Errors name "choices" or "choices[i]".
Status CheckChoices(const std::vector<std::int64_t>& choices, int option_count, int max_choices);

// An option's share of the responses in permille, rounded half up (0 when nobody responded).
// With multiple choice the shares add up to more than 1000.
int SharePermille(std::int64_t count, std::int64_t responses);
// 375 -> "37.5%".
std::string FormatPermille(int permille);

}  // namespace linli::domain
