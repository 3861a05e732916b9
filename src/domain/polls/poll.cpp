#include "domain/polls/poll.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "core/time_format.hpp"

namespace linli::domain {

std::string_view PollCountingName(PollCounting c) {
  return c == PollCounting::kPerPerson ? "person" : "household";
}
std::string_view PollCountingLabel(PollCounting c) {
  return c == PollCounting::kPerPerson ? "每人一票" : "每户一票";
}
std::optional<PollCounting> ParsePollCounting(std::string_view text) {
  if (text == "household") return PollCounting::kPerHousehold;
  if (text == "person") return PollCounting::kPerPerson;
  return std::nullopt;
}

std::string_view PollAudienceName(PollAudience a) {
  return a == PollAudience::kMembers ? "members" : "residents";
}
std::string_view PollAudienceLabel(PollAudience a) {
  return a == PollAudience::kMembers ? "本小区报到党员" : "本小区居民";
}
std::optional<PollAudience> ParsePollAudience(std::string_view text) {
  if (text == "residents") return PollAudience::kResidents;
  if (text == "members") return PollAudience::kMembers;
  return std::nullopt;
}

Status CheckPollDraft(PollDraft& d, UnixSeconds now) {
  d.title = std::string(Trim(d.title));
  d.description = std::string(Trim(d.description));
  if (!IsValidUtf8(d.title) || Utf8Length(d.title) < 2 || Utf8Length(d.title) > 100)
    return InvalidArgument("title must be 2 to 100 characters: say what is asked", "title");
  if (!IsValidUtf8(d.description) || Utf8Length(d.description) > 5000)
    return InvalidArgument("description must be UTF-8 text of at most 5000 characters",
                           "description");
  const int n = static_cast<int>(d.options.size());
  if (n < kPollMinOptions || n > kPollMaxOptions)
    return InvalidArgument("a poll has 2 to 20 options; got " + std::to_string(n), "options");
  for (int i = 0; i < n; ++i) {
    auto& o = d.options[static_cast<size_t>(i)];
    o = std::string(Trim(o));
    const std::string field = "options[" + std::to_string(i) + "]";
    if (!IsValidUtf8(o) || Utf8Length(o) < 1 || Utf8Length(o) > kPollOptionMaxChars)
      return InvalidArgument("each option must be 1 to 60 characters; option " +
                                 std::to_string(i + 1) + " is " +
                                 (o.empty() ? std::string("empty") : "too long"),
                             field);
    for (int k = 0; k < i; ++k)
      if (d.options[static_cast<size_t>(k)] == o)
        return InvalidArgument("option " + std::to_string(i + 1) + " 「" + o +
                                   "」 repeats option " + std::to_string(k + 1) +
                                   "; options must differ",
                               field);
  }
  if (d.max_choices < 1 || d.max_choices > n)
    return InvalidArgument("max_choices must be 1 (single choice) to the number of options (" +
                               std::to_string(n) + ")",
                           "max_choices");
  if (d.opens_at < now - kPollOpeningSlack)
    return InvalidArgument(
        "opens_at is in the past: a poll opens now or later (now is " + FormatTime(now) + ")",
        "opens_at");
  if (d.closes_at <= d.opens_at)
    return InvalidArgument("closes_at must be after opens_at", "closes_at");
  if (d.closes_at - d.opens_at > static_cast<UnixSeconds>(kPollMaxDays) * 86400)
    return InvalidArgument(
        "a poll may stay open at most " + std::to_string(kPollMaxDays) + " days; check closes_at",
        "closes_at");
  return {};
}

std::string_view PollPhaseName(PollPhase p) {
  switch (p) {
    case PollPhase::kScheduled:
      return "scheduled";
    case PollPhase::kOpen:
      return "open";
    case PollPhase::kEnded:
      return "ended";
    case PollPhase::kClosed:
      return "closed";
    case PollPhase::kPublished:
      return "published";
  }
  return "scheduled";
}

std::string_view PollPhaseLabel(PollPhase p) {
  switch (p) {
    case PollPhase::kScheduled:
      return "未开始";
    case PollPhase::kOpen:
      return "进行中";
    case PollPhase::kEnded:
      return "已截止";
    case PollPhase::kClosed:
      return "已结束";
    case PollPhase::kPublished:
      return "已公布";
  }
  return "";
}

PollPhase PhaseOfPoll(UnixSeconds opens_at, UnixSeconds closes_at,
                      std::optional<UnixSeconds> closed_at, std::optional<UnixSeconds> published_at,
                      UnixSeconds now) {
  if (published_at) return PollPhase::kPublished;
  if (closed_at) return PollPhase::kClosed;
  if (now < opens_at) return PollPhase::kScheduled;
  if (now < closes_at) return PollPhase::kOpen;
  return PollPhase::kEnded;
}

Status CheckPollOpen(UnixSeconds opens_at, UnixSeconds closes_at,
                     std::optional<UnixSeconds> closed_at, UnixSeconds now) {
  if (closed_at)
    return FailedPrecondition("the poll was closed at " + FormatTime(*closed_at), "poll");
  if (now < opens_at)
    return FailedPrecondition("the poll has not opened yet: it opens at " + FormatTime(opens_at),
                              "poll");
  if (now >= closes_at)
    return FailedPrecondition("the poll is over: it closed at " + FormatTime(closes_at), "poll");
  return {};
}

Status CheckChoices(const std::vector<std::int64_t>& choices, int option_count, int max_choices) {
  if (choices.empty())
    return InvalidArgument("choices must name at least one option (its number, from 1)", "choices");
  if (static_cast<int>(choices.size()) > max_choices)
    return InvalidArgument(max_choices == 1 ? "this poll is single choice: choose one option"
                                            : "choose at most " + std::to_string(max_choices) +
                                                  " options; got " + std::to_string(choices.size()),
                           "choices");
  for (size_t i = 0; i < choices.size(); ++i) {
    const std::string field = "choices[" + std::to_string(i) + "]";
    if (choices[i] < 1 || choices[i] > option_count)
      return InvalidArgument("option " + std::to_string(choices[i]) +
                                 " does not exist: the poll's options are numbered 1 to " +
                                 std::to_string(option_count),
                             field);
    if (std::find(choices.begin(), choices.begin() + static_cast<std::ptrdiff_t>(i), choices[i]) !=
        choices.begin() + static_cast<std::ptrdiff_t>(i))
      return InvalidArgument("option " + std::to_string(choices[i]) + " is chosen twice", field);
  }
  return {};
}

int SharePermille(std::int64_t count, std::int64_t responses) {
  if (responses <= 0 || count <= 0) return 0;
  return static_cast<int>((count * 2000 + responses) / (2 * responses));
}

std::string FormatPermille(int permille) {
  return std::to_string(permille / 10) + "." + std::to_string(permille % 10) + "%";
}

}  // namespace linli::domain
