#include "domain/votes/vote.hpp"

#include "core/text.hpp"
#include "core/time_format.hpp"

namespace linli::domain {

UnixSeconds EarliestOpening(UnixSeconds notice_at, const WorkCalendar& cal) {
  return cal.DeadlineAfterDays(notice_at, kVoteNoticeDays);
}

Status CheckVoteDraft(const VoteDraft& d, const WorkCalendar& cal) {
  const auto chars = Utf8Length(d.title);
  if (chars < 2 || chars > 100)
    return InvalidArgument("title must be 2 to 100 characters: say what the owners decide",
                           "title");
  if (d.matter < 1 || d.matter > 9)
    return InvalidArgument(
        "matter must be the number (1-9) of the Civil Code art. 278 matter the motion decides, "
        "e.g. 4 for hiring or dismissing the property company, 5 for using the maintenance fund",
        "matter");
  const UnixSeconds earliest = EarliestOpening(d.notice_at, cal);
  if (d.opens_at < earliest)
    return InvalidArgument("voting may open only after the 15-day notice period: notice given " +
                               FormatTime(d.notice_at) + ", so opens_at must be " +
                               FormatTime(earliest) + " or later",
                           "opens_at");
  if (d.closes_at <= d.opens_at)
    return InvalidArgument("closes_at must be after opens_at", "closes_at");
  if (d.closes_at - d.opens_at > static_cast<UnixSeconds>(kMaxVoteDays) * 86400)
    return InvalidArgument(
        "a vote may stay open at most " + std::to_string(kMaxVoteDays) + " days; check closes_at",
        "closes_at");
  return {};
}

std::string_view VotePhaseName(VotePhase p) {
  switch (p) {
    case VotePhase::kAnnounced:
      return "announced";
    case VotePhase::kOpen:
      return "open";
    case VotePhase::kEnded:
      return "ended";
    case VotePhase::kClosed:
      return "closed";
    case VotePhase::kPublished:
      return "published";
  }
  return "announced";
}
std::string_view VotePhaseLabel(VotePhase p) {
  switch (p) {
    case VotePhase::kAnnounced:
      return "公告中";
    case VotePhase::kOpen:
      return "投票中";
    case VotePhase::kEnded:
      return "待计票";
    case VotePhase::kClosed:
      return "已计票";
    case VotePhase::kPublished:
      return "已公布";
  }
  return "";
}

VotePhase PhaseOf(UnixSeconds opens_at, UnixSeconds closes_at, std::optional<UnixSeconds> closed_at,
                  std::optional<UnixSeconds> published_at, UnixSeconds now) {
  if (published_at) return VotePhase::kPublished;
  if (closed_at) return VotePhase::kClosed;
  if (now < opens_at) return VotePhase::kAnnounced;
  if (now < closes_at) return VotePhase::kOpen;
  return VotePhase::kEnded;
}

Status CheckBallotWindow(UnixSeconds opens_at, UnixSeconds closes_at,
                         std::optional<UnixSeconds> closed_at, UnixSeconds now) {
  if (now < opens_at)
    return MakeError(ErrorCode::kFailedPrecondition,
                     "voting has not opened yet: it opens at " + FormatTime(opens_at), "vote");
  if (closed_at || now >= closes_at)
    return MakeError(ErrorCode::kFailedPrecondition,
                     "voting is over: it closed at " +
                         FormatTime(closed_at ? VotingEnded(closes_at, *closed_at) : closes_at),
                     "vote");
  return {};
}

UnixSeconds VotingEnded(UnixSeconds closes_at, UnixSeconds closed_at) {
  return closed_at < closes_at ? closed_at : closes_at;
}

UnixSeconds PublishDeadline(UnixSeconds voting_ended, const WorkCalendar& cal) {
  return cal.DeadlineAfterDays(voting_ended, kVotePublishDays);
}

Status CheckCommitteeSeats(int seats, std::string_view field) {
  if (seats < 5 || seats > 11 || seats % 2 == 0)
    return InvalidArgument(
        "the owners' committee has 5 to 11 members, an odd number (5, 7, 9 or "
        "11); got " +
            std::to_string(seats),
        std::string(field));
  return {};
}

}  // namespace linli::domain
