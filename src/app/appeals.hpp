// Use cases of residents' problems (诉求): the estate's category catalogue, filing (by the
// resident, by staff for what they heard, by an Open311 client), photos, the handling flow with
// its timeline and notifications, ratings and callbacks, the public board (晒事), the figures,
// and the automatic escalation of overdue problems.
// Thread-safety: AppealService is thread-safe (stateless over Env).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/context.hpp"
#include "domain/appeals/appeal.hpp"
#include "domain/appeals/stats.hpp"
#include "domain/org/unit.hpp"

namespace linli::app {

struct CategoryView {
  domain::AppealCategory category;
  bool custom = false;  // the estate changed or added it; false: the default catalogue
};

struct PhotoRef {
  std::int64_t id = 0;
  std::string token;  // unguessable; the photo's URL is /api/v1/photos/{token}
  std::string content_type;
  std::int64_t size = 0;
  std::string stage;  // "report" or "resolve"
};

struct PhotoData {
  std::string content_type;
  std::string bytes;
};

// Where a problem is: exactly one of household, building or a text describing a public place.
struct PlaceInput {
  std::optional<std::int64_t> household_id;
  std::optional<std::int64_t> building_id;
  std::string text;
};

struct NewAppeal {
  std::int64_t estate_id = 0;
  std::string category;
  std::string description;
  PlaceInput place;
  bool anonymous = false;
  std::string channel = "self";
  std::vector<std::int64_t> photo_ids;  // uploaded by the same caller, not yet attached
  std::string contact_name;             // staff entering for a resident
  std::string contact_phone;
};

// One door-knocking visit, phone call or meeting that raised several problems.
struct NewIntake {
  std::int64_t estate_id = 0;
  std::string channel;  // not "self"
  std::string contact_name;
  std::string contact_phone;
  PlaceInput place;  // default for each problem
  struct Problem {
    std::string category;
    std::string description;
    std::optional<PlaceInput> place;
    std::vector<std::int64_t> photo_ids;
  };
  std::vector<Problem> problems;  // 1..20
};

struct TimelineEntry {
  std::int64_t id = 0;
  UnixSeconds at = 0;
  std::string action;  // "submit", an AppealAction name, "rate", "callback", "auto_escalate"
  std::string actor;   // masked name, or the role ("系统" for the clock)
  std::string actor_role;
  std::string from_status, to_status;
  std::string note;
  bool public_note = true;  // shown to the resident
};

// An appeal as a viewer sees it.
struct AppealView {
  domain::Appeal appeal;
  std::string estate_name;
  std::string category_name;
  std::string place_label;  // "3栋2单元501", "3栋", or the text
  std::string level_unit_name;
  std::string reporter_name;  // masked unless the viewer may read personal data; "" anonymous
  std::string reporter_phone;
  std::string assignee_name;
  bool overdue = false;
  std::vector<PhotoRef> photos;
  std::vector<TimelineEntry> timeline;        // filled by Get only
  std::vector<domain::AppealAction> actions;  // what this viewer may do now (Get only)
  bool can_rate = false;                      // the viewer reported it and it is resolved
  bool mine = false;                          // the viewer reported it
};

struct AppealQuery {
  std::optional<std::int64_t> unit_id;  // an estate or any unit above
  std::optional<std::string> status;    // a status name, or "open"
  std::optional<std::string> category;
  std::optional<std::string> handler;
  bool mine = false;     // only what the viewer filed
  bool overdue = false;  // only open problems past a deadline
};

struct CallbackInput {
  bool contacted = false;
  std::optional<bool> solved;
  std::optional<domain::Rating> rating;
  std::string note;
};

// The public board (晒事): resolved problems with what was done, how fast, and the rating.
struct PublicItem {
  std::int64_t id = 0;
  std::string category_name;
  std::string description;
  std::string place_label;  // building at most, never a room
  std::string reporter;     // "张**" or "匿名"
  UnixSeconds received_at = 0;
  std::optional<UnixSeconds> resolved_at;
  std::string status;
  std::string resolution_note;
  std::optional<domain::Rating> rating;
  std::vector<PhotoRef> resolution_photos;
};
struct PublicBoard {
  std::int64_t estate_id = 0;
  std::string estate_name;
  Paged<PublicItem> items;
  std::int64_t resolved_total = 0;
  std::optional<double> satisfaction_rate;
};

struct StatsView {
  domain::Unit unit;
  domain::StatsReport report;
  std::int64_t overdue_now = 0;
  std::int64_t open_now = 0;
  std::vector<std::pair<std::string, std::string>> category_names;  // code -> name
};

struct NotificationView {
  std::int64_t id = 0;
  std::optional<std::int64_t> appeal_id;
  std::string text;
  UnixSeconds at = 0;
  bool read = false;
  std::optional<std::string> subject_kind;  // "task", ... when not about a problem
  std::optional<std::int64_t> subject_id;
};

struct CalendarYear {
  int year = 0;
  std::vector<std::string> holidays;  // "YYYY-MM-DD"
  std::vector<std::string> workdays;  // make-up working days (调休)
};

// Where the caller lives, when their account is linked to a person with a household.
struct Home {
  std::int64_t estate_id = 0;
  std::string estate_name;
  std::int64_t household_id = 0;
  std::string label;  // "3栋2单元501"
};

class AppealService {
 public:
  explicit AppealService(Env env, domain::AppealPolicy policy = {}) : env_(env), policy_(policy) {}

  std::optional<Home> HomeOf(const Principal& who);

  // Any logged-in caller who can see the estate (kReadStructure).
  Result<std::vector<CategoryView>> Categories(const Principal& who, std::int64_t estate_id);
  // Without login, for Open311 clients: the estate's catalogue (GET services).
  Result<std::vector<CategoryView>> PublicCategories(std::int64_t estate_id);
  // kManageCatalogue: changes a category for this estate or adds one.
  Result<CategoryView> PutCategory(const Principal& who, std::int64_t estate_id,
                                   domain::AppealCategory category);

  // kReportAppeals somewhere. Checks the bytes are a JPEG, PNG, GIF or WebP image of at most
  // kMaxPhotoBytes; `content_type` must agree with them.
  static constexpr std::int64_t kMaxPhotoBytes = 5 * 1024 * 1024;
  Result<PhotoRef> UploadPhoto(const Principal& who, std::string_view content_type,
                               std::string_view bytes);
  // No login: the token is the capability.
  Result<PhotoData> GetPhoto(const std::string& token);

  // kReportAppeals on the estate (channel self), kEnterAppeals for other channels. With an
  // idempotency key, a retry by the same caller returns the appeal the first call created.
  Result<AppealView> File(const Principal& who, const NewAppeal& in,
                          const std::optional<std::string>& idempotency_key);
  // kEnterAppeals: several problems from one visit, all or nothing; they share an intake id.
  Result<std::vector<AppealView>> FileIntake(const Principal& who, const NewIntake& in,
                                             const std::optional<std::string>& idempotency_key);
  // FileIntake inside a transaction the caller runs, without an idempotency key: the same checks
  // (channel, 1 to 20 problems, contact, kEnterAppeals on the estate), the intake, its appeals and
  // the intake's audit entry. A door-knocking visit records its problems with it, so that the
  // visit and its problems commit together (app/member_visits.cpp).
  struct FiledIntake {
    std::int64_t intake_id = 0;
    std::vector<domain::Appeal> appeals;
  };
  Result<FiledIntake> FileIntakeIn(storage::Tx& tx, const Principal& who, const NewIntake& in);
  // Filed by an Open311 client (no account): channel open311, contact as given.
  Result<AppealView> FileFromClient(std::int64_t client_id, const std::string& client_name,
                                    const NewAppeal& in,
                                    const std::optional<std::string>& idempotency_key);

  // The reporter, or kReadAppeals on the estate (or the level the appeal sits at).
  Result<AppealView> Get(const Principal& who, std::int64_t id);
  // Without login, for Open311 clients: what the public board would show.
  Result<AppealView> GetPublic(std::int64_t id);
  Result<Paged<AppealView>> List(const Principal& who, const AppealQuery& q, Page page);
  // For an estate's list (unit_id an estate, not mine): a key naming what List would return for
  // this viewer now: the estate's appeal version, the viewer, and the minute (overdue flags move
  // with the clock). Checks the same permission as List. "" when the query is not cacheable.
  Result<std::string> ListCacheKey(const Principal& who, const AppealQuery& q);
  // Appeals filed through Open311 for the public listing (no personal data). `received_from`
  // and `received_to` (both inclusive) bound the time of receipt.
  Result<Paged<AppealView>> ListPublic(std::optional<std::int64_t> estate_id,
                                       std::optional<std::string> category,
                                       std::optional<std::string> status, Page page,
                                       std::optional<UnixSeconds> received_from = std::nullopt,
                                       std::optional<UnixSeconds> received_to = std::nullopt);

  Result<AppealView> Transition(const Principal& who, std::int64_t id,
                                const domain::ActionInput& in);
  // The reporter, on a resolved appeal.
  Result<AppealView> Rate(const Principal& who, std::int64_t id, domain::Rating rating,
                          const std::string& comment);
  // kHandleAppeals or kRouteAppeals: the 回访 after resolution.
  Result<AppealView> Callback(const Principal& who, std::int64_t id, const CallbackInput& in);

  // No login.
  Result<PublicBoard> Board(std::int64_t estate_id, Page page);

  // kReadAppealStats on the unit. Months are yyyymm.
  Result<StatsView> Stats(const Principal& who, std::int64_t unit_id, int from_month, int to_month,
                          const domain::StatsDefinitions& definitions);

  Result<Paged<NotificationView>> Notifications(const Principal& who, bool unread_only, Page page);
  Result<std::int64_t> UnreadCount(const Principal& who);
  Status MarkRead(const Principal& who, const std::vector<std::int64_t>& ids);

  Result<CalendarYear> GetCalendar(int year);
  // kManageCatalogue at the top (a grant without a unit or on a root unit).
  Result<CalendarYear> PutCalendar(const Principal& who, const CalendarYear& year);

  // The scheduled job: escalates every open appeal past a deadline one level up and tells the
  // people there. Returns how many moved.
  Result<int> EscalateOverdue();

 private:
  // Get and GetPublic inside a transaction the caller runs.
  Result<AppealView> GetIn(storage::Tx& tx, const Principal& who, std::int64_t id);
  Result<AppealView> GetPublicIn(storage::Tx& tx, std::int64_t id);

  Env env_;
  domain::AppealPolicy policy_;
};

}  // namespace linli::app
