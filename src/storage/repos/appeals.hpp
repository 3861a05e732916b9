// Residents' problems in the store: catalogue overrides, the holiday calendar, appeals and their
// timeline, photos, notifications, idempotency keys and the maintained figures.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/appeals/appeal.hpp"
#include "domain/appeals/stats.hpp"
#include "domain/calendar/work_calendar.hpp"
#include "storage/database.hpp"

namespace linli::storage {

// The categories an estate changed or added (the defaults live in domain::DefaultCatalogue).
Result<std::vector<domain::AppealCategory>> ListCategoryOverrides(Tx& tx, std::int64_t estate_id);
Status UpsertCategory(Tx& tx, std::int64_t estate_id, const domain::AppealCategory& c,
                      std::int64_t now);

Result<domain::WorkCalendar> LoadCalendar(Tx& tx);
struct CalendarDay {
  std::string day;   // YYYY-MM-DD
  std::string kind;  // holiday | workday
};
Result<std::vector<CalendarDay>> ListCalendarYear(Tx& tx, int year);
Status ReplaceCalendarYear(Tx& tx, int year, const std::vector<CalendarDay>& days);

// A household or building as a place of a problem: its estate and a label "3栋2单元501".
struct PlaceRecord {
  std::int64_t estate_id = 0;
  std::int64_t building_id = 0;
  std::string label;
  std::string building_name;
  std::string entrance_name, room;  // of a household
};
Result<std::optional<PlaceRecord>> FindHouseholdPlace(Tx& tx, std::int64_t household_id);
Result<std::optional<PlaceRecord>> FindBuildingPlace(Tx& tx, std::int64_t building_id);

// The first household owned by an owner with this phone (for accounts that came with the
// household import rather than through the person register).
Result<std::optional<std::int64_t>> FindHouseholdOfOwnerPhone(Tx& tx, const std::string& phone);
// The name some estate gave a category code it added (for figures above the estate).
Result<std::optional<std::string>> FindAnyCategoryName(Tx& tx, const std::string& code);

Result<std::int64_t> InsertIntake(Tx& tx, std::int64_t estate_id, const std::string& channel,
                                  std::optional<std::int64_t> account_id, std::int64_t now);

// An appeal as stored, with what the listing joins in.
struct AppealRecord {
  domain::Appeal appeal;
  std::optional<std::int64_t> intake_id;
  std::optional<std::int64_t> client_id;
  std::string estate_name;
  std::string level_unit_name;
  std::string building_name;  // of the building or the household's building
  std::string entrance_name;  // of the household
  std::string room;           // of the household
  std::string reporter_name;  // the reporter's account name
  std::string reporter_phone;
  std::string assignee_name;
};

// Inserts and sets a.id.
Status InsertAppeal(Tx& tx, domain::Appeal& a, std::optional<std::int64_t> intake_id,
                    std::optional<std::int64_t> client_id);
Result<std::optional<AppealRecord>> FindAppeal(Tx& tx, std::int64_t id);
// Writes the appeal if it is still at `expected_version`; aborted otherwise.
Status UpdateAppeal(Tx& tx, const domain::Appeal& a, std::int64_t expected_version);

struct AppealFilter {
  std::optional<std::int64_t> estate_id;
  std::optional<std::string> path;  // the subtree of a unit above the estate
  std::vector<std::string> statuses;
  std::optional<std::string> category;
  std::optional<std::string> handler;
  std::optional<std::int64_t> reporter_account_id;
  std::optional<std::int64_t> client_id;
  std::optional<std::int64_t> overdue_at;  // open and past a deadline at this time
  // received_at bounds, inclusive
  std::optional<std::int64_t> received_from, received_to;
};
Result<std::vector<AppealRecord>> ListAppeals(Tx& tx, const AppealFilter& f, std::int64_t limit,
                                              std::int64_t offset);
Result<std::int64_t> CountAppeals(Tx& tx, const AppealFilter& f);
// Ids of open appeals past a deadline at `now` and not yet marked overdue, oldest first.
Result<std::vector<std::int64_t>> ListOverdueIds(Tx& tx, std::int64_t now, std::int64_t limit);

// The public board: resolved and closed appeals of the estate, newest resolution first.
Result<std::vector<AppealRecord>> ListBoard(Tx& tx, std::int64_t estate_id, std::int64_t limit,
                                            std::int64_t offset);
Result<std::int64_t> CountBoard(Tx& tx, std::int64_t estate_id);

struct AppealEventRecord {
  std::int64_t id = 0;
  std::int64_t appeal_id = 0;
  std::int64_t at = 0;
  std::string action;
  std::optional<std::int64_t> actor_account_id;
  std::string actor_name;
  std::string actor_role;
  std::string from_status, to_status;
  std::string note;
  bool public_note = true;
};
// Inserts and returns the event's id.
Result<std::int64_t> InsertAppealEvent(Tx& tx, const AppealEventRecord& e);
Result<std::vector<AppealEventRecord>> ListAppealEvents(Tx& tx, std::int64_t appeal_id);

struct PhotoRecord {
  std::int64_t id = 0;
  std::string token;
  std::optional<std::int64_t> account_id;
  std::string content_type;
  std::int64_t size = 0;
  std::optional<std::int64_t> appeal_id;
  std::string stage;
};
// `data_base64` is the image, base64-encoded.
Result<std::int64_t> InsertPhoto(Tx& tx, const PhotoRecord& p, const std::string& data_base64,
                                 std::int64_t now);
Result<std::optional<PhotoRecord>> FindPhoto(Tx& tx, std::int64_t id);
// The photo and its base64 data.
Result<std::optional<std::pair<PhotoRecord, std::string>>> FindPhotoData(Tx& tx,
                                                                         const std::string& token);
Status AttachPhoto(Tx& tx, std::int64_t photo_id, std::int64_t appeal_id, const std::string& stage);
Result<std::vector<PhotoRecord>> ListAppealPhotos(Tx& tx, std::int64_t appeal_id);

struct NotificationRecord {
  std::int64_t id = 0;
  std::int64_t account_id = 0;
  std::optional<std::int64_t> appeal_id;
  std::string text;
  std::int64_t at = 0;
  bool read = false;
  std::optional<std::string> subject_kind;  // "task", ... when not about a problem
  std::optional<std::int64_t> subject_id;
};
// A notification about something other than a problem: subject_kind "task" and its id.
Status InsertNotificationAbout(Tx& tx, std::int64_t account_id, const std::string& subject_kind,
                               std::int64_t subject_id, const std::string& text, std::int64_t now);
Status InsertNotification(Tx& tx, std::int64_t account_id, std::optional<std::int64_t> appeal_id,
                          const std::string& text, std::int64_t now);
Result<std::vector<NotificationRecord>> ListNotifications(Tx& tx, std::int64_t account_id,
                                                          bool unread_only, std::int64_t limit,
                                                          std::int64_t offset);
Result<std::int64_t> CountNotifications(Tx& tx, std::int64_t account_id, bool unread_only);
// Marks the account's notifications read: the given ids, or all when empty.
Status MarkNotificationsRead(Tx& tx, std::int64_t account_id, const std::vector<std::int64_t>& ids,
                             std::int64_t now);
// Accounts holding one of `roles` granted exactly on the unit.
Result<std::vector<std::int64_t>> AccountsWithRoleOn(Tx& tx, std::int64_t unit_id,
                                                     const std::vector<std::string>& roles);

Result<std::optional<std::string>> FindIdempotencyKey(Tx& tx, const std::string& caller,
                                                      const std::string& key);
Status SaveIdempotencyKey(Tx& tx, const std::string& caller, const std::string& key,
                          const std::string& appeal_ids, std::int64_t now);

// Adds the deltas to the cells of every unit in `unit_ids`.
Status ApplyStatsDeltas(Tx& tx, const std::vector<std::int64_t>& unit_ids,
                        const std::vector<domain::CellDelta>& deltas);
// The unit's cells with month in [from, to] (both yyyymm).
Result<std::vector<domain::StatsCell>> LoadStatsCells(Tx& tx, std::int64_t unit_id, int from,
                                                      int to);
// Open appeals under the unit, and those the scheduled job marked overdue: from the maintained
// cells of every month, not from the appeals.
Result<std::pair<std::int64_t, std::int64_t>> CountOpenAndOverdue(Tx& tx, std::int64_t unit_id);

// A version of an estate's appeals, bumped by every change to one of them (cache keys).
Status BumpAppealVersion(Tx& tx, std::int64_t estate_id);
Result<std::int64_t> AppealVersion(Tx& tx, std::int64_t estate_id);

}  // namespace linli::storage
