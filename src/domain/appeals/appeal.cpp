#include "domain/appeals/appeal.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "core/text.hpp"

namespace linli::domain {
namespace {

template <class E, size_t N>
std::optional<E> ParseByName(std::string_view s, const std::array<E, N>& all,
                             std::string_view (*name)(E)) {
  for (E e : all)
    if (name(e) == s) return e;
  return std::nullopt;
}

constexpr std::array kStatuses = {AppealStatus::kSubmitted,  AppealStatus::kAccepted,
                                  AppealStatus::kInProgress, AppealStatus::kResolved,
                                  AppealStatus::kClosed,     AppealStatus::kReturned,
                                  AppealStatus::kMerged};
constexpr std::array kHandlers = {
    HandlerKind::kProperty,  HandlerKind::kCommittee, HandlerKind::kBranch, HandlerKind::kMember,
    HandlerKind::kMediation, HandlerKind::kCommunity, HandlerKind::kStreet, HandlerKind::kDistrict};
constexpr std::array kChannels = {AppealChannel::kSelf,         AppealChannel::kDoorKnock,
                                  AppealChannel::kBuildingLead, AppealChannel::kHotline,
                                  AppealChannel::kMailbox,      AppealChannel::kMeeting,
                                  AppealChannel::kOpen311};
constexpr std::array kRatings = {Rating::kSatisfied, Rating::kBasically, Rating::kDissatisfied};
constexpr std::array kUnits = {DeadlineUnit::kHours, DeadlineUnit::kWorkingDays};
constexpr std::array kLevels = {AppealLevel::kEstate, AppealLevel::kCommunity, AppealLevel::kStreet,
                                AppealLevel::kDistrict};
constexpr std::array kActions = {
    AppealAction::kAccept, AppealAction::kAssign, AppealAction::kStart,    AppealAction::kResolve,
    AppealAction::kReturn, AppealAction::kExtend, AppealAction::kEscalate, AppealAction::kReopen,
    AppealAction::kClose,  AppealAction::kMerge,  AppealAction::kNote,     AppealAction::kAgenda};

// The statuses an action may start from (escalate additionally needs a level above).
std::vector<AppealStatus> AllowedFrom(AppealAction a) {
  using S = AppealStatus;
  switch (a) {
    case AppealAction::kAccept:
      return {S::kSubmitted};
    case AppealAction::kAssign:
      return {S::kSubmitted, S::kAccepted, S::kInProgress, S::kReturned};
    case AppealAction::kStart:
      return {S::kAccepted};
    case AppealAction::kResolve:
      return {S::kAccepted, S::kInProgress};
    case AppealAction::kReturn:
      return {S::kSubmitted, S::kAccepted};
    case AppealAction::kExtend:
      return {S::kAccepted, S::kInProgress};
    case AppealAction::kEscalate:
      return {S::kSubmitted, S::kAccepted, S::kInProgress, S::kReturned};
    case AppealAction::kReopen:
      return {S::kResolved, S::kClosed};
    case AppealAction::kClose:
      return {S::kSubmitted, S::kAccepted, S::kReturned, S::kResolved};
    case AppealAction::kMerge:
      return {S::kSubmitted, S::kAccepted, S::kInProgress, S::kReturned};
    case AppealAction::kNote:
      return {S::kSubmitted, S::kAccepted, S::kInProgress, S::kReturned,
              S::kResolved,  S::kClosed,   S::kMerged};
    case AppealAction::kAgenda:
      return {S::kSubmitted, S::kAccepted, S::kInProgress, S::kReturned};
  }
  return {};
}

std::string AllowedList(AppealAction a) {
  std::string out;
  auto from = AllowedFrom(a);
  for (size_t i = 0; i < from.size(); ++i) {
    if (i) out += i + 1 == from.size() ? " or " : ", ";
    out += AppealStatusName(from[i]);
  }
  return out;
}

Status RequireNote(const ActionInput& in, std::string_view why) {
  if (Trim(in.note).empty())
    return InvalidArgument("note is required: " + std::string(why), "note");
  if (Utf8Length(in.note) > 2000)
    return InvalidArgument("note has more than 2000 characters; shorten it", "note");
  return {};
}

HandlerKind HandlerForLevel(AppealLevel l) {
  switch (l) {
    case AppealLevel::kCommunity:
      return HandlerKind::kCommunity;
    case AppealLevel::kStreet:
      return HandlerKind::kStreet;
    case AppealLevel::kDistrict:
      return HandlerKind::kDistrict;
    case AppealLevel::kEstate:
      break;
  }
  return HandlerKind::kBranch;
}

}  // namespace

std::string_view AppealStatusName(AppealStatus s) {
  switch (s) {
    case AppealStatus::kSubmitted:
      return "submitted";
    case AppealStatus::kAccepted:
      return "accepted";
    case AppealStatus::kInProgress:
      return "in_progress";
    case AppealStatus::kResolved:
      return "resolved";
    case AppealStatus::kClosed:
      return "closed";
    case AppealStatus::kReturned:
      return "returned";
    case AppealStatus::kMerged:
      return "merged";
  }
  return "submitted";
}
std::optional<AppealStatus> ParseAppealStatus(std::string_view s) {
  return ParseByName(s, kStatuses, &AppealStatusName);
}
bool IsOpen(AppealStatus s) {
  return s == AppealStatus::kSubmitted || s == AppealStatus::kAccepted ||
         s == AppealStatus::kInProgress || s == AppealStatus::kReturned;
}

std::string_view HandlerKindName(HandlerKind k) {
  switch (k) {
    case HandlerKind::kProperty:
      return "property";
    case HandlerKind::kCommittee:
      return "committee";
    case HandlerKind::kBranch:
      return "branch";
    case HandlerKind::kMember:
      return "member";
    case HandlerKind::kMediation:
      return "mediation";
    case HandlerKind::kCommunity:
      return "community";
    case HandlerKind::kStreet:
      return "street";
    case HandlerKind::kDistrict:
      return "district";
  }
  return "branch";
}
std::optional<HandlerKind> ParseHandlerKind(std::string_view s) {
  return ParseByName(s, kHandlers, &HandlerKindName);
}
bool IsInsideEstate(HandlerKind k) {
  return k != HandlerKind::kCommunity && k != HandlerKind::kStreet && k != HandlerKind::kDistrict;
}

std::string_view AppealChannelName(AppealChannel c) {
  switch (c) {
    case AppealChannel::kSelf:
      return "self";
    case AppealChannel::kDoorKnock:
      return "door_knock";
    case AppealChannel::kBuildingLead:
      return "building_lead";
    case AppealChannel::kHotline:
      return "hotline";
    case AppealChannel::kMailbox:
      return "mailbox";
    case AppealChannel::kMeeting:
      return "meeting";
    case AppealChannel::kOpen311:
      return "open311";
  }
  return "self";
}
std::optional<AppealChannel> ParseAppealChannel(std::string_view s) {
  return ParseByName(s, kChannels, &AppealChannelName);
}

std::string_view PlaceKindName(PlaceKind k) {
  switch (k) {
    case PlaceKind::kHousehold:
      return "household";
    case PlaceKind::kBuilding:
      return "building";
    case PlaceKind::kPublic:
      return "public";
  }
  return "public";
}

std::string_view RatingName(Rating r) {
  switch (r) {
    case Rating::kSatisfied:
      return "satisfied";
    case Rating::kBasically:
      return "basically";
    case Rating::kDissatisfied:
      return "dissatisfied";
  }
  return "satisfied";
}
std::optional<Rating> ParseRating(std::string_view s) {
  return ParseByName(s, kRatings, &RatingName);
}

std::string_view HandlerKindLabel(HandlerKind k) {
  switch (k) {
    case HandlerKind::kProperty:
      return "物业";
    case HandlerKind::kCommittee:
      return "业委会";
    case HandlerKind::kBranch:
      return "党支部";
    case HandlerKind::kMember:
      return "党员";
    case HandlerKind::kMediation:
      return "民警调解室";
    case HandlerKind::kCommunity:
      return "社区";
    case HandlerKind::kStreet:
      return "街道";
    case HandlerKind::kDistrict:
      return "区";
  }
  return "";
}

std::string_view AppealChannelLabel(AppealChannel c) {
  switch (c) {
    case AppealChannel::kSelf:
      return "居民自报";
    case AppealChannel::kDoorKnock:
      return "敲门走访";
    case AppealChannel::kBuildingLead:
      return "楼栋长收集";
    case AppealChannel::kHotline:
      return "电话热线";
    case AppealChannel::kMailbox:
      return "书记信箱";
    case AppealChannel::kMeeting:
      return "议事会";
    case AppealChannel::kOpen311:
      return "Open311";
  }
  return "";
}

std::string_view RatingLabel(Rating r) {
  switch (r) {
    case Rating::kSatisfied:
      return "满意";
    case Rating::kBasically:
      return "基本满意";
    case Rating::kDissatisfied:
      return "不满意";
  }
  return "";
}

std::string_view DeadlineUnitName(DeadlineUnit u) {
  return u == DeadlineUnit::kHours ? "hours" : "working_days";
}
std::optional<DeadlineUnit> ParseDeadlineUnit(std::string_view s) {
  return ParseByName(s, kUnits, &DeadlineUnitName);
}

std::string_view AppealLevelName(AppealLevel l) {
  switch (l) {
    case AppealLevel::kEstate:
      return "estate";
    case AppealLevel::kCommunity:
      return "community";
    case AppealLevel::kStreet:
      return "street";
    case AppealLevel::kDistrict:
      return "district";
  }
  return "estate";
}
std::optional<AppealLevel> ParseAppealLevel(std::string_view s) {
  return ParseByName(s, kLevels, &AppealLevelName);
}

std::string_view AppealActionName(AppealAction a) {
  switch (a) {
    case AppealAction::kAccept:
      return "accept";
    case AppealAction::kAssign:
      return "assign";
    case AppealAction::kStart:
      return "start";
    case AppealAction::kResolve:
      return "resolve";
    case AppealAction::kReturn:
      return "return";
    case AppealAction::kExtend:
      return "extend";
    case AppealAction::kEscalate:
      return "escalate";
    case AppealAction::kReopen:
      return "reopen";
    case AppealAction::kClose:
      return "close";
    case AppealAction::kMerge:
      return "merge";
    case AppealAction::kNote:
      return "note";
    case AppealAction::kAgenda:
      return "agenda";
  }
  return "note";
}
std::optional<AppealAction> ParseAppealAction(std::string_view s) {
  return ParseByName(s, kActions, &AppealActionName);
}

UnixSeconds DeadlineAfter(const WorkCalendar& cal, UnixSeconds from, Limit limit) {
  if (limit.unit == DeadlineUnit::kHours)
    return WorkCalendar::DeadlineAfterHours(from, limit.value);
  return cal.DeadlineAfterWorkingDays(from, limit.value);
}

Status ValidateCategory(const AppealCategory& c) {
  if (c.code.empty() || c.code.size() > 32 ||
      !std::all_of(c.code.begin(), c.code.end(), [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
      }))
    return InvalidArgument(
        "code must be 1 to 32 lower-case letters, digits or underscores, such as \"lift\"", "code");
  const auto name_len = Utf8Length(Trim(c.name));
  if (name_len == 0 || name_len > 32)
    return InvalidArgument("name must be 1 to 32 characters, such as \"电梯\"", "name");
  if (Utf8Length(c.name_en) > 64)
    return InvalidArgument("name_en must be at most 64 characters", "name_en");
  if (!IsInsideEstate(c.handler))
    return InvalidArgument(
        "handler must be one inside the estate: property, committee, branch, member or mediation; "
        "the levels above are reached by escalation",
        "handler");
  auto check_limit = [](const Limit& l, const char* field) -> Status {
    const int max = l.unit == DeadlineUnit::kHours ? 24 * 90 : 60;
    if (l.value < 1 || l.value > max)
      return InvalidArgument(std::string(field) + ".value must be 1 to " + std::to_string(max) +
                                 (l.unit == DeadlineUnit::kHours ? " hours" : " working days"),
                             std::string(field) + ".value");
    return {};
  };
  LINLI_TRY(check_limit(c.respond, "respond"));
  LINLI_TRY(check_limit(c.resolve, "resolve"));
  // Compare roughly in hours: a working day counts as 24 hours here.
  auto hours = [](const Limit& l) {
    return l.unit == DeadlineUnit::kHours ? l.value : l.value * 24;
  };
  if (hours(c.resolve) < hours(c.respond))
    return InvalidArgument("resolve must not be shorter than respond", "resolve.value");
  return {};
}

std::vector<AppealCategory> DefaultCatalogue() {
  using H = HandlerKind;
  constexpr DeadlineUnit h = DeadlineUnit::kHours, wd = DeadlineUnit::kWorkingDays;
  struct Row {
    const char* code;
    const char* name;
    const char* en;
    H handler;
    Limit respond, resolve;
  };
  const Row rows[] = {
      {"sanitation", "环境卫生", "Sanitation", H::kProperty, {24, h}, {3, wd}},
      {"lift", "电梯", "Lifts", H::kProperty, {2, h}, {2, wd}},
      {"water_power", "水电气", "Water, power and gas", H::kProperty, {2, h}, {2, wd}},
      {"facilities", "公共设施", "Shared facilities", H::kProperty, {24, h}, {5, wd}},
      {"parking", "停车", "Parking", H::kProperty, {24, h}, {5, wd}},
      {"security", "安全隐患", "Safety and security", H::kProperty, {2, h}, {3, wd}},
      {"greenery", "绿化", "Greenery", H::kProperty, {24, h}, {5, wd}},
      {"fees", "物业收费", "Property fees", H::kCommittee, {2, wd}, {5, wd}},
      {"noise", "噪音扰民", "Noise", H::kBranch, {24, h}, {3, wd}},
      {"dispute", "邻里纠纷", "Neighbour disputes", H::kMediation, {24, h}, {5, wd}},
      {"other", "其他", "Other", H::kBranch, {1, wd}, {5, wd}},
  };
  std::vector<AppealCategory> out;
  int sort = 0;
  for (const Row& r : rows) {
    AppealCategory c;
    c.code = r.code;
    c.name = r.name;
    c.name_en = r.en;
    c.handler = r.handler;
    c.respond = r.respond;
    c.resolve = r.resolve;
    c.sort = sort += 10;
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<AppealAction> ActionsAllowedIn(AppealStatus s, AppealLevel level) {
  std::vector<AppealAction> out;
  for (AppealAction a : kActions) {
    if (a == AppealAction::kEscalate && level == AppealLevel::kDistrict) continue;
    auto from = AllowedFrom(a);
    if (std::find(from.begin(), from.end(), s) != from.end()) out.push_back(a);
  }
  return out;
}

Result<Appeal> ApplyAction(const Appeal& a, const ActionInput& in, const AppealCategory& category,
                           const WorkCalendar& cal, const AppealPolicy& policy, UnixSeconds now,
                           std::optional<EscalationTarget> up) {
  auto from = AllowedFrom(in.action);
  if (std::find(from.begin(), from.end(), a.status) == from.end())
    return FailedPrecondition("appeal " + std::to_string(a.id) + " is " +
                              std::string(AppealStatusName(a.status)) + ": \"" +
                              std::string(AppealActionName(in.action)) +
                              "\" is allowed only when " + AllowedList(in.action));
  if (Utf8Length(in.note) > 2000)
    return InvalidArgument("note has more than 2000 characters; shorten it", "note");
  Appeal b = a;
  b.version = a.version + 1;
  switch (in.action) {
    case AppealAction::kAccept:
      b.status = AppealStatus::kAccepted;
      if (!b.responded_at) b.responded_at = now;
      break;
    case AppealAction::kAssign: {
      if (!in.handler && !in.assignee_account)
        return InvalidArgument(
            "assign needs a handler (property, committee, branch, member or "
            "mediation) or an assignee_account_id",
            "handler");
      if (in.handler) {
        if (!IsInsideEstate(*in.handler) && a.level == AppealLevel::kEstate)
          return InvalidArgument("to hand a problem to the community or above, escalate it",
                                 "handler");
        b.handler = *in.handler;
      }
      if (b.handler == HandlerKind::kMember && !in.assignee_account)
        return InvalidArgument("assigning to a party member needs assignee_account_id",
                               "assignee_account_id");
      b.assignee_account_id = in.assignee_account;
      b.status = AppealStatus::kSubmitted;
      break;
    }
    case AppealAction::kStart:
      b.status = AppealStatus::kInProgress;
      break;
    case AppealAction::kResolve:
      LINLI_TRY(RequireNote(in, "say what was done, for the resident and the public board"));
      b.status = AppealStatus::kResolved;
      b.resolved_at = now;
      if (!b.responded_at) b.responded_at = now;
      b.resolution_note = in.note;
      break;
    case AppealAction::kReturn:
      LINLI_TRY(RequireNote(in, "say why it was wrongly routed"));
      b.status = AppealStatus::kReturned;
      b.assignee_account_id.reset();
      if (a.level == AppealLevel::kEstate) b.handler = HandlerKind::kBranch;
      break;
    case AppealAction::kExtend: {
      LINLI_TRY(RequireNote(in, "the resident is told why it takes longer"));
      if (!in.extend_by)
        return InvalidArgument("extend needs extend_by {\"value\":N,\"unit\":\"working_days\"}",
                               "extend_by");
      if (a.extensions >= policy.max_extensions)
        return FailedPrecondition("appeal " + std::to_string(a.id) + " was already extended " +
                                      std::to_string(a.extensions) + " time(s); at most " +
                                      std::to_string(policy.max_extensions) + " allowed",
                                  "extend_by");
      const Limit& e = *in.extend_by;
      const Limit& m = policy.max_extension;
      const long long e_hours = e.unit == DeadlineUnit::kHours ? e.value : e.value * 24LL;
      const long long m_hours = m.unit == DeadlineUnit::kHours ? m.value : m.value * 24LL;
      if (e.value < 1 || e_hours > m_hours)
        return InvalidArgument("extend_by must be at least 1 and at most " +
                                   std::to_string(m.value) + " " +
                                   std::string(DeadlineUnitName(m.unit)),
                               "extend_by.value");
      // A deadline in working days is 24:00 of its last day, i.e. 00:00 of the next: the added
      // days are counted after that last day, not after the day that starts at the deadline.
      UnixSeconds from = std::max(a.resolve_by, now);
      if (e.unit == DeadlineUnit::kWorkingDays && from == a.resolve_by) from -= 1;
      b.resolve_by = DeadlineAfter(cal, from, e);
      b.extensions = a.extensions + 1;
      b.overdue_marked = false;
      break;
    }
    case AppealAction::kEscalate: {
      if (a.level == AppealLevel::kDistrict || !up)
        return FailedPrecondition("appeal " + std::to_string(a.id) +
                                  " is already at the top level (" +
                                  std::string(AppealLevelName(a.level)) + ")");
      LINLI_TRY(RequireNote(in, "say why it cannot be solved at this level"));
      b.level = up->level;
      b.level_unit_id = up->unit_id;
      b.handler = HandlerForLevel(b.level);
      b.assignee_account_id.reset();
      b.status = AppealStatus::kSubmitted;
      b.escalated = true;
      b.overdue_marked = false;
      b.respond_by = DeadlineAfter(cal, now, category.respond);
      b.resolve_by = DeadlineAfter(cal, now, category.resolve);
      break;
    }
    case AppealAction::kReopen:
      if (a.reopen_count >= policy.max_reopens)
        return FailedPrecondition("appeal " + std::to_string(a.id) + " was reopened " +
                                  std::to_string(a.reopen_count) +
                                  " time(s) already; file a new problem instead");
      LINLI_TRY(RequireNote(in, "say what is still not right"));
      b.status = AppealStatus::kAccepted;
      b.resolved_at.reset();
      b.closed_at.reset();
      b.rating.reset();
      b.rating_comment.clear();
      b.rated_at.reset();
      b.callback_contacted.reset();
      b.callback_solved.reset();
      b.callback_rating.reset();
      b.callback_at.reset();
      b.reopen_count = a.reopen_count + 1;
      b.overdue_marked = false;
      b.resolve_by = DeadlineAfter(cal, now, category.resolve);
      break;
    case AppealAction::kClose:
      if (a.status != AppealStatus::kResolved)
        LINLI_TRY(RequireNote(in, "say why it is closed without being resolved"));
      b.status = AppealStatus::kClosed;
      b.closed_at = now;
      break;
    case AppealAction::kMerge:
      if (!in.merge_into || *in.merge_into == a.id)
        return InvalidArgument("merge needs merge_into: the id of another open appeal",
                               "merge_into");
      b.status = AppealStatus::kMerged;
      b.merged_into = in.merge_into;
      b.closed_at = now;
      break;
    case AppealAction::kNote:
      LINLI_TRY(RequireNote(in, "write the note"));
      b.version = a.version;  // nothing counted changes
      break;
    case AppealAction::kAgenda: {
      const auto len = Utf8Length(Trim(in.agenda));
      if (len == 0 || len > 64)
        return InvalidArgument("agenda must name the meeting in 1 to 64 characters", "agenda");
      b.agenda = std::string(Trim(in.agenda));
      break;
    }
  }
  return b;
}

Result<Appeal> ApplyRating(const Appeal& a, Rating r, std::string comment, UnixSeconds now) {
  if (a.status != AppealStatus::kResolved)
    return FailedPrecondition("appeal " + std::to_string(a.id) + " is " +
                                  std::string(AppealStatusName(a.status)) +
                                  ": it can be rated only when resolved",
                              "result");
  if (Utf8Length(comment) > 500)
    return InvalidArgument("comment has more than 500 characters; shorten it", "comment");
  Appeal b = a;
  b.version = a.version + 1;
  b.rating = r;
  b.rating_comment = std::move(comment);
  b.rated_at = now;
  if (r != Rating::kDissatisfied) {
    b.status = AppealStatus::kClosed;
    b.closed_at = now;
  }
  return b;
}

std::optional<AppealLevel> LevelOfUnitKind(std::string_view kind) {
  if (kind == "community") return AppealLevel::kCommunity;
  if (kind == "street") return AppealLevel::kStreet;
  if (kind == "district" || kind == "city") return AppealLevel::kDistrict;
  return std::nullopt;
}

bool IsOverdue(const Appeal& a, UnixSeconds now) {
  if (!IsOpen(a.status)) return false;
  if (!a.responded_at && now > a.respond_by) return true;
  return now > a.resolve_by;
}

}  // namespace linli::domain
