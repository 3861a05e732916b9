// Residents' problems (诉求) and the five steps (DOMAIN.md §3): report (听居民说事), deliberate
// (让居民议事), handle (帮居民办事), rate (邀居民评事), publish (向居民晒事). This file holds the
// appeal as a value, its state machine and its deadlines; no I/O.
//
// States: submitted (待受理) -> accepted (已受理) -> in_progress (处理中) -> resolved (已办结)
// -> closed (已关闭). `returned` (退回) waits for the dispatcher to route again; `merged` ends a
// duplicate. Escalation is not a state: it moves the appeal one level up the administrative tree
// (estate -> community -> street -> district) and puts it back to `submitted` there.
// Thread-safety: values and pure functions.
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

enum class AppealStatus {
  kSubmitted,
  kAccepted,
  kInProgress,
  kResolved,
  kClosed,
  kReturned,
  kMerged
};
std::string_view AppealStatusName(AppealStatus s);
std::optional<AppealStatus> ParseAppealStatus(std::string_view s);
// Open: still waiting for someone to act (not resolved, closed or merged).
bool IsOpen(AppealStatus s);

// Who handles a problem. The first five work inside the estate; the last three are the levels
// above it that an escalation reaches.
enum class HandlerKind {
  kProperty,   // 物业服务企业
  kCommittee,  // 业委会 / 物管会
  kBranch,     // 小区党支部 (also the estate's dispatcher)
  kMember,     // a party member
  kMediation,  // 民警调解室 (neighbour disputes)
  kCommunity,
  kStreet,
  kDistrict,
};
std::string_view HandlerKindName(HandlerKind k);
std::optional<HandlerKind> ParseHandlerKind(std::string_view s);
// Whether the handler works inside the estate ("矛盾不上交").
bool IsInsideEstate(HandlerKind k);

enum class AppealChannel {
  kSelf,          // the resident on the phone
  kDoorKnock,     // 敲门行动
  kBuildingLead,  // 楼栋长 collection
  kHotline,       // phone, 12345
  kMailbox,       // 书记信箱, 民生e怀仁
  kMeeting,       // 说事议事会
  kOpen311,       // an Open311 client
};
std::string_view AppealChannelName(AppealChannel c);
std::optional<AppealChannel> ParseAppealChannel(std::string_view s);

enum class PlaceKind { kHousehold, kBuilding, kPublic };
std::string_view PlaceKindName(PlaceKind k);

enum class Rating { kSatisfied, kBasically, kDissatisfied };
std::string_view RatingName(Rating r);
std::optional<Rating> ParseRating(std::string_view s);

// Chinese labels for what the timeline says to residents.
std::string_view HandlerKindLabel(HandlerKind k);
std::string_view AppealChannelLabel(AppealChannel c);
std::string_view RatingLabel(Rating r);

enum class DeadlineUnit { kHours, kWorkingDays };
std::string_view DeadlineUnitName(DeadlineUnit u);
std::optional<DeadlineUnit> ParseDeadlineUnit(std::string_view s);

struct Limit {
  int value = 0;
  DeadlineUnit unit = DeadlineUnit::kHours;
};
// The deadline `limit` after `from` on the calendar.
UnixSeconds DeadlineAfter(const WorkCalendar& cal, UnixSeconds from, Limit limit);

// A category of the estate's catalogue (环境卫生, 电梯, 停车, ...).
struct AppealCategory {
  std::int64_t id = 0;
  std::optional<std::int64_t> estate_id;  // nullopt: the default catalogue
  std::string code;                       // [a-z0-9_]{1,32}, also the Open311 service_code
  std::string name;                       // zh-CN
  std::string name_en;
  HandlerKind handler = HandlerKind::kProperty;
  Limit respond;
  Limit resolve;
  bool active = true;
  int sort = 0;
};
// Checks a category's fields; invalid_argument naming the field.
Status ValidateCategory(const AppealCategory& c);
// The catalogue every estate starts with (DOMAIN.md §3).
std::vector<AppealCategory> DefaultCatalogue();

// The level of the administrative tree an appeal sits at.
enum class AppealLevel { kEstate, kCommunity, kStreet, kDistrict };
std::string_view AppealLevelName(AppealLevel l);
std::optional<AppealLevel> ParseAppealLevel(std::string_view s);

struct Appeal {
  std::int64_t id = 0;
  std::int64_t estate_id = 0;
  std::string estate_path;  // the estate's materialised path "/1/5/9/12/"
  std::string category;     // code
  AppealChannel channel = AppealChannel::kSelf;
  PlaceKind place_kind = PlaceKind::kPublic;
  std::optional<std::int64_t> household_id;
  std::optional<std::int64_t> building_id;
  std::string place_text;
  std::string description;
  bool anonymous = false;
  std::optional<std::int64_t> reporter_account_id;  // who filed it (resident or staff)
  std::string contact_name;                         // the resident, when staff entered it
  std::string contact_phone;
  std::optional<std::int64_t> visit_id;  // one door-knocking visit can raise several

  AppealStatus status = AppealStatus::kSubmitted;
  AppealLevel level = AppealLevel::kEstate;
  std::int64_t level_unit_id = 0;  // the unit the appeal sits at (the estate or an ancestor)
  HandlerKind handler = HandlerKind::kBranch;
  std::optional<std::int64_t> assignee_account_id;
  bool escalated = false;  // reached a level above the estate at any time

  UnixSeconds received_at = 0;
  UnixSeconds respond_by = 0;
  UnixSeconds resolve_by = 0;
  std::optional<UnixSeconds> responded_at;  // first acceptance
  std::optional<UnixSeconds> resolved_at;
  std::optional<UnixSeconds> closed_at;
  int extensions = 0;
  int reopen_count = 0;
  std::optional<std::int64_t> merged_into;
  std::string resolution_note;
  std::string agenda;  // the meeting it is on the agenda of, if any

  std::optional<Rating> rating;
  std::string rating_comment;
  std::optional<UnixSeconds> rated_at;
  // 回访: the callback after resolution.
  std::optional<bool> callback_contacted;
  std::optional<bool> callback_solved;
  std::optional<Rating> callback_rating;
  std::optional<UnixSeconds> callback_at;

  // Set by the scheduled job when an open appeal passes a deadline it cannot escalate past (at
  // the district, or between runs); cleared when the deadlines move (escalate, extend, reopen).
  bool overdue_marked = false;

  std::int64_t version = 0;  // bumps with every change; stats contributions are keyed on it
};

enum class AppealAction {
  kAccept,
  kAssign,
  kStart,
  kResolve,
  kReturn,
  kExtend,
  kEscalate,
  kReopen,
  kClose,
  kMerge,
  kNote,    // a note visible to residents; no change of state
  kAgenda,  // put on the agenda of an estate meeting
};
std::string_view AppealActionName(AppealAction a);
std::optional<AppealAction> ParseAppealAction(std::string_view s);

// What an action carries besides its name.
struct ActionInput {
  AppealAction action = AppealAction::kNote;
  std::string note;  // reason for return, extend, escalate, close; resolution note
  std::optional<HandlerKind> handler;            // assign
  std::optional<std::int64_t> assignee_account;  // assign
  std::optional<Limit> extend_by;                // extend
  std::optional<std::int64_t> merge_into;        // merge (checked by the caller)
  std::string agenda;                            // agenda: the meeting
  std::vector<std::int64_t> photo_ids;           // resolve: photos of the result
  bool public_note = true;                       // note: shown to the resident
};

// Rules the catalogue does not hold (RULES.md §7: configurable).
struct AppealPolicy {
  int max_extensions = 1;
  Limit max_extension{10, DeadlineUnit::kWorkingDays};
  int max_reopens = 2;
  int description_max_chars = 2000;
  int max_photos = 9;
};

// Where an escalation goes: the unit above the appeal's level and its level.
struct EscalationTarget {
  std::int64_t unit_id = 0;
  AppealLevel level = AppealLevel::kCommunity;
};
// The level of a unit of the administrative tree by its kind name ("community", "street",
// "district", "city"); nullopt for an estate or an unknown kind.
std::optional<AppealLevel> LevelOfUnitKind(std::string_view kind);

// Applies `in` to the appeal at time `now`. The category gives the deadlines after a reopen or an
// escalation; `up` is where an escalation goes (nullopt at the top).
// Returns the changed appeal, or failed_precondition naming the current state when the action is
// not allowed in it, or invalid_argument for a missing reason. Pure.
Result<Appeal> ApplyAction(const Appeal& a, const ActionInput& in, const AppealCategory& category,
                           const WorkCalendar& cal, const AppealPolicy& policy, UnixSeconds now,
                           std::optional<EscalationTarget> up = std::nullopt);

// The actions allowed in a state (for the screens' buttons).
std::vector<AppealAction> ActionsAllowedIn(AppealStatus s, AppealLevel level);

// Records a resident's rating on a resolved appeal: satisfied and basically close it;
// dissatisfied leaves it resolved so that the resident can reopen it.
Result<Appeal> ApplyRating(const Appeal& a, Rating r, std::string comment, UnixSeconds now);

// Whether it is overdue now: open, and past its response deadline without a response or past its
// resolution deadline, at any level (the `overdue` flag). The automatic escalation moves those
// below the district (storage::ListOverdueIds leaves the district out).
bool IsOverdue(const Appeal& a, UnixSeconds now);

}  // namespace linli::domain
