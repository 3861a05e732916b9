#include "storage/repos/appeals.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace linli::storage {
namespace {

using domain::Appeal;

// Subtree bounds of a materialised path "/1/5/": every path under it sorts in
// ["/1/5/", "/1/50") because '/' + 1 == '0'.
std::pair<std::string, std::string> PathRange(const std::string& path) {
  std::string hi = path;
  if (!hi.empty()) hi.back() = static_cast<char>(hi.back() + 1);
  return {path, hi};
}

// "Open" exactly as the partial indexes of open problems say it (migration 016): a partial index
// serves only a query whose WHERE contains its predicate.
std::string OpenPredicate(const char* col) {
  const std::string c = col;
  return "(" + c + " = 'submitted' OR " + c + " = 'accepted' OR " + c + " = 'in_progress' OR " + c +
         " = 'returned')";
}
const std::string kOpenA = OpenPredicate("a.status");
const std::string kOpen = OpenPredicate("status");

constexpr const char* kAppealCols =
    "a.id, a.estate_id, a.estate_path, a.category, a.channel, a.place_kind, a.household_id, "
    "a.building_id, a.place_text, a.description, a.anonymous, a.reporter_account_id, "
    "a.contact_name, a.contact_phone, a.intake_id, a.status, a.level, a.level_unit_id, a.handler, "
    "a.assignee_account_id, a.escalated, a.received_at, a.respond_by, a.resolve_by, "
    "a.responded_at, a.resolved_at, a.closed_at, a.extensions, a.reopen_count, a.merged_into, "
    "a.resolution_note, a.agenda, a.rating, a.rating_comment, a.rated_at, a.callback_contacted, "
    "a.callback_solved, a.callback_rating, a.callback_at, a.version, a.client_id, "
    "a.overdue_marked, "
    "eu.name, lu.name, COALESCE(b.name, hb.name, ''), COALESCE(en.name, ''), "
    "COALESCE(h.room, ''), COALESCE(ra.name, ''), COALESCE(ra.phone, ''), COALESCE(aa.name, '')";
constexpr const char* kAppealFrom =
    " FROM appeals a JOIN units eu ON eu.id = a.estate_id JOIN units lu ON lu.id = a.level_unit_id"
    " LEFT JOIN buildings b ON b.id = a.building_id"
    " LEFT JOIN households h ON h.id = a.household_id"
    " LEFT JOIN buildings hb ON hb.id = h.building_id"
    " LEFT JOIN entrances en ON en.id = h.entrance_id"
    " LEFT JOIN accounts ra ON ra.id = a.reporter_account_id"
    " LEFT JOIN accounts aa ON aa.id = a.assignee_account_id";

std::optional<bool> OptBool(const Row& r, size_t i) {
  if (r.IsNull(i)) return std::nullopt;
  return r.Bool(i);
}
std::optional<domain::Rating> OptRating(const Row& r, size_t i) {
  if (r.IsNull(i)) return std::nullopt;
  return domain::ParseRating(r.Text(i));
}
Value OptBoolValue(const std::optional<bool>& b) {
  return b ? Value(static_cast<std::int64_t>(*b)) : Value(nullptr);
}
Value OptRatingValue(const std::optional<domain::Rating>& r) {
  return r ? Value(std::string(domain::RatingName(*r))) : Value(nullptr);
}

AppealRecord AppealFromRow(const Row& r) {
  AppealRecord rec;
  Appeal& a = rec.appeal;
  a.id = r.Int(0);
  a.estate_id = r.Int(1);
  a.estate_path = r.Text(2);
  a.category = r.Text(3);
  a.channel = domain::ParseAppealChannel(r.Text(4)).value_or(domain::AppealChannel::kSelf);
  const std::string& pk = r.Text(5);
  a.place_kind = pk == "household"  ? domain::PlaceKind::kHousehold
                 : pk == "building" ? domain::PlaceKind::kBuilding
                                    : domain::PlaceKind::kPublic;
  a.household_id = r.OptInt(6);
  a.building_id = r.OptInt(7);
  a.place_text = r.Text(8);
  a.description = r.Text(9);
  a.anonymous = r.Bool(10);
  a.reporter_account_id = r.OptInt(11);
  a.contact_name = r.Text(12);
  a.contact_phone = r.Text(13);
  rec.intake_id = r.OptInt(14);
  a.visit_id = rec.intake_id;
  a.status = domain::ParseAppealStatus(r.Text(15)).value_or(domain::AppealStatus::kSubmitted);
  a.level = domain::ParseAppealLevel(r.Text(16)).value_or(domain::AppealLevel::kEstate);
  a.level_unit_id = r.Int(17);
  a.handler = domain::ParseHandlerKind(r.Text(18)).value_or(domain::HandlerKind::kBranch);
  a.assignee_account_id = r.OptInt(19);
  a.escalated = r.Bool(20);
  a.received_at = r.Int(21);
  a.respond_by = r.Int(22);
  a.resolve_by = r.Int(23);
  a.responded_at = r.OptInt(24);
  a.resolved_at = r.OptInt(25);
  a.closed_at = r.OptInt(26);
  a.extensions = static_cast<int>(r.Int(27));
  a.reopen_count = static_cast<int>(r.Int(28));
  a.merged_into = r.OptInt(29);
  a.resolution_note = r.Text(30);
  a.agenda = r.Text(31);
  a.rating = OptRating(r, 32);
  a.rating_comment = r.Text(33);
  a.rated_at = r.OptInt(34);
  a.callback_contacted = OptBool(r, 35);
  a.callback_solved = OptBool(r, 36);
  a.callback_rating = OptRating(r, 37);
  a.callback_at = r.OptInt(38);
  a.version = r.Int(39);
  rec.client_id = r.OptInt(40);
  a.overdue_marked = r.Bool(41);
  rec.estate_name = r.Text(42);
  rec.level_unit_name = r.Text(43);
  rec.building_name = r.Text(44);
  rec.entrance_name = r.Text(45);
  rec.room = r.Text(46);
  rec.reporter_name = r.Text(47);
  rec.reporter_phone = r.Text(48);
  rec.assignee_name = r.Text(49);
  return rec;
}

// The mutable columns, in the order UpdateAppeal binds them.
Params MutableParams(const Appeal& a) {
  return {std::string(domain::AppealStatusName(a.status)),
          std::string(domain::AppealLevelName(a.level)),
          a.level_unit_id,
          std::string(domain::HandlerKindName(a.handler)),
          OptionalInt(a.assignee_account_id),
          static_cast<std::int64_t>(a.escalated),
          a.respond_by,
          a.resolve_by,
          OptionalInt(a.responded_at),
          OptionalInt(a.resolved_at),
          OptionalInt(a.closed_at),
          static_cast<std::int64_t>(a.extensions),
          static_cast<std::int64_t>(a.reopen_count),
          OptionalInt(a.merged_into),
          a.resolution_note,
          a.agenda,
          OptRatingValue(a.rating),
          a.rating_comment,
          OptionalInt(a.rated_at),
          OptBoolValue(a.callback_contacted),
          OptBoolValue(a.callback_solved),
          OptRatingValue(a.callback_rating),
          OptionalInt(a.callback_at),
          static_cast<std::int64_t>(a.overdue_marked),
          a.version};
}

std::string Where(const AppealFilter& f, Params& params) {
  std::string w = " WHERE 1=1";
  if (f.estate_id) {
    w += " AND a.estate_id = ?";
    params.push_back(*f.estate_id);
  }
  if (f.path) {
    auto [lo, hi] = PathRange(*f.path);
    w += " AND a.estate_path >= ? AND a.estate_path < ?";
    params.push_back(lo);
    params.push_back(hi);
  }
  if (f.statuses == std::vector<std::string>{"submitted", "accepted", "in_progress", "returned"}) {
    // Written out (not bound) so that SQLite can use the partial index of open appeals.
    w += " AND " + kOpenA;
  } else if (!f.statuses.empty()) {
    w += " AND a.status IN (";
    for (size_t i = 0; i < f.statuses.size(); ++i) {
      w += i ? ", ?" : "?";
      params.push_back(f.statuses[i]);
    }
    w += ")";
  }
  if (f.category) {
    w += " AND a.category = ?";
    params.push_back(*f.category);
  }
  if (f.handler) {
    w += " AND a.handler = ?";
    params.push_back(*f.handler);
  }
  if (f.reporter_account_id) {
    w += " AND a.reporter_account_id = ?";
    params.push_back(*f.reporter_account_id);
  }
  if (f.client_id) {
    w += " AND a.client_id = ?";
    params.push_back(*f.client_id);
  }
  if (f.overdue_at) {
    w += " AND " + kOpenA +
         " AND (a.resolve_by < ? OR (a.responded_at IS NULL AND a.respond_by < ?))";
    params.push_back(*f.overdue_at);
    params.push_back(*f.overdue_at);
  }
  if (f.received_from) {
    w += " AND a.received_at >= ?";
    params.push_back(*f.received_from);
  }
  if (f.received_to) {
    w += " AND a.received_at <= ?";
    params.push_back(*f.received_to);
  }
  return w;
}

domain::AppealCategory CategoryFromRow(const Row& r) {
  domain::AppealCategory c;
  c.id = r.Int(0);
  c.estate_id = r.Int(1);
  c.code = r.Text(2);
  c.name = r.Text(3);
  c.name_en = r.Text(4);
  c.handler = domain::ParseHandlerKind(r.Text(5)).value_or(domain::HandlerKind::kBranch);
  c.respond = {static_cast<int>(r.Int(6)),
               domain::ParseDeadlineUnit(r.Text(7)).value_or(domain::DeadlineUnit::kHours)};
  c.resolve = {static_cast<int>(r.Int(8)),
               domain::ParseDeadlineUnit(r.Text(9)).value_or(domain::DeadlineUnit::kHours)};
  c.active = r.Bool(10);
  c.sort = static_cast<int>(r.Int(11));
  return c;
}

PhotoRecord PhotoFromRow(const Row& r) {
  PhotoRecord p;
  p.id = r.Int(0);
  p.token = r.Text(1);
  p.account_id = r.OptInt(2);
  p.content_type = r.Text(3);
  p.size = r.Int(4);
  p.appeal_id = r.OptInt(5);
  p.stage = r.Text(6);
  return p;
}
constexpr const char* kPhotoCols = "id, token, account_id, content_type, size, appeal_id, stage";

constexpr const char* kCounterCols[] = {
    "received",  "merged",           "responded", "responded_on_time",
    "resolved",  "resolved_on_time", "escalated", "solved_inside",
    "rated",     "satisfied",        "basically", "dissatisfied",
    "callbacks", "contacted",        "solved",    "open",
    "overdue"};

std::vector<std::int64_t> CounterValues(const domain::StatsCounters& c) {
  return {c.received,  c.merged,           c.responded, c.responded_on_time,
          c.resolved,  c.resolved_on_time, c.escalated, c.solved_inside,
          c.rated,     c.satisfied,        c.basically, c.dissatisfied,
          c.callbacks, c.contacted,        c.solved,    c.open,
          c.overdue};
}

void SetCounters(domain::StatsCounters& c, const Row& r, size_t first) {
  std::int64_t* fields[] = {&c.received,  &c.merged,           &c.responded, &c.responded_on_time,
                            &c.resolved,  &c.resolved_on_time, &c.escalated, &c.solved_inside,
                            &c.rated,     &c.satisfied,        &c.basically, &c.dissatisfied,
                            &c.callbacks, &c.contacted,        &c.solved,    &c.open,
                            &c.overdue};
  for (size_t i = 0; i < std::size(fields); ++i) *fields[i] = r.Int(first + i);
}

}  // namespace

Result<std::vector<domain::AppealCategory>> ListCategoryOverrides(Tx& tx, std::int64_t estate_id) {
  LINLI_ASSIGN_OR_RETURN(
      Rows rows, tx.Query("SELECT id, estate_id, code, name, name_en, handler, respond_value, "
                          "respond_unit, resolve_value, resolve_unit, active, sort "
                          "FROM appeal_categories WHERE estate_id = ? ORDER BY sort, code",
                          {estate_id}));
  std::vector<domain::AppealCategory> out;
  for (const Row& r : rows) out.push_back(CategoryFromRow(r));
  return out;
}

Status UpsertCategory(Tx& tx, std::int64_t estate_id, const domain::AppealCategory& c,
                      std::int64_t now) {
  LINLI_TRY(tx.Exec(
      "INSERT INTO appeal_categories (estate_id, code, name, name_en, handler, respond_value, "
      "respond_unit, resolve_value, resolve_unit, active, sort, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (estate_id, code) DO UPDATE SET "
      "name = excluded.name, name_en = excluded.name_en, handler = excluded.handler, "
      "respond_value = excluded.respond_value, respond_unit = excluded.respond_unit, "
      "resolve_value = excluded.resolve_value, resolve_unit = excluded.resolve_unit, "
      "active = excluded.active, sort = excluded.sort, updated_at = excluded.updated_at",
      {estate_id, c.code, c.name, c.name_en, std::string(domain::HandlerKindName(c.handler)),
       static_cast<std::int64_t>(c.respond.value),
       std::string(domain::DeadlineUnitName(c.respond.unit)),
       static_cast<std::int64_t>(c.resolve.value),
       std::string(domain::DeadlineUnitName(c.resolve.unit)), static_cast<std::int64_t>(c.active),
       static_cast<std::int64_t>(c.sort), now}));
  return {};
}

Result<domain::WorkCalendar> LoadCalendar(Tx& tx) {
  LINLI_ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT day, kind FROM calendar_days"));
  domain::WorkCalendar cal;
  for (const Row& r : rows) {
    auto day = domain::ParseDay(r.Text(0));
    if (!day) continue;
    if (r.Text(1) == "holiday")
      cal.AddHoliday(*day);
    else
      cal.AddMakeUpWorkday(*day);
  }
  return cal;
}

Result<std::vector<CalendarDay>> ListCalendarYear(Tx& tx, int year) {
  LINLI_ASSIGN_OR_RETURN(Rows rows,
                         tx.Query("SELECT day, kind FROM calendar_days WHERE year = ? ORDER BY day",
                                  {static_cast<std::int64_t>(year)}));
  std::vector<CalendarDay> out;
  for (const Row& r : rows) out.push_back({r.Text(0), r.Text(1)});
  return out;
}

Status ReplaceCalendarYear(Tx& tx, int year, const std::vector<CalendarDay>& days) {
  LINLI_TRY(tx.Exec("DELETE FROM calendar_days WHERE year = ?", {static_cast<std::int64_t>(year)}));
  for (const auto& d : days)
    LINLI_TRY(tx.Exec("INSERT INTO calendar_days (day, year, kind) VALUES (?, ?, ?)",
                      {d.day, static_cast<std::int64_t>(year), d.kind}));
  return {};
}

Result<std::optional<PlaceRecord>> FindHouseholdPlace(Tx& tx, std::int64_t household_id) {
  LINLI_ASSIGN_OR_RETURN(
      auto row, tx.QueryOne("SELECT h.estate_id, h.building_id, b.name, e.name, h.room FROM "
                            "households h JOIN buildings b ON b.id = h.building_id JOIN entrances "
                            "e ON e.id = h.entrance_id WHERE h.id = ?",
                            {household_id}));
  if (!row) return std::optional<PlaceRecord>();
  return std::optional<PlaceRecord>(PlaceRecord{row->Int(0), row->Int(1),
                                                row->Text(2) + row->Text(3) + row->Text(4),
                                                row->Text(2), row->Text(3), row->Text(4)});
}

Result<std::optional<PlaceRecord>> FindBuildingPlace(Tx& tx, std::int64_t building_id) {
  LINLI_ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT estate_id, id, name FROM buildings WHERE "
                                               "id = ?",
                                               {building_id}));
  if (!row) return std::optional<PlaceRecord>();
  return std::optional<PlaceRecord>(
      PlaceRecord{row->Int(0), row->Int(1), row->Text(2), row->Text(2), "", ""});
}

Result<std::optional<std::int64_t>> FindHouseholdOfOwnerPhone(Tx& tx, const std::string& phone) {
  LINLI_ASSIGN_OR_RETURN(auto row,
                         tx.QueryOne("SELECT s.household_id FROM owners o JOIN ownerships s ON "
                                     "s.owner_id = o.id WHERE o.phone = ? ORDER BY s.household_id "
                                     "LIMIT 1",
                                     {phone}));
  if (!row) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(row->Int(0));
}

Result<std::optional<std::string>> FindAnyCategoryName(Tx& tx, const std::string& code) {
  LINLI_ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT name FROM appeal_categories WHERE code = ? "
                                               "ORDER BY id LIMIT 1",
                                               {code}));
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(row->Text(0));
}

Result<std::int64_t> InsertIntake(Tx& tx, std::int64_t estate_id, const std::string& channel,
                                  std::optional<std::int64_t> account_id, std::int64_t now) {
  return tx.InsertReturningId(
      "INSERT INTO intakes (estate_id, channel, account_id, created_at) VALUES (?, ?, ?, ?) "
      "RETURNING id",
      {estate_id, channel, OptionalInt(account_id), now});
}

Status InsertAppeal(Tx& tx, Appeal& a, std::optional<std::int64_t> intake_id,
                    std::optional<std::int64_t> client_id) {
  Params params = {a.estate_id,
                   a.estate_path,
                   a.category,
                   std::string(domain::AppealChannelName(a.channel)),
                   std::string(domain::PlaceKindName(a.place_kind)),
                   OptionalInt(a.household_id),
                   OptionalInt(a.building_id),
                   a.place_text,
                   a.description,
                   static_cast<std::int64_t>(a.anonymous),
                   OptionalInt(a.reporter_account_id),
                   OptionalInt(client_id),
                   a.contact_name,
                   a.contact_phone,
                   OptionalInt(intake_id),
                   a.received_at};
  Params rest = MutableParams(a);
  params.insert(params.end(), rest.begin(), rest.end());
  LINLI_ASSIGN_OR_RETURN(
      a.id,
      tx.InsertReturningId(
          "INSERT INTO appeals (estate_id, estate_path, category, channel, place_kind, "
          "household_id, building_id, place_text, description, anonymous, reporter_account_id, "
          "client_id, contact_name, contact_phone, intake_id, received_at, status, level, "
          "level_unit_id, handler, assignee_account_id, escalated, respond_by, resolve_by, "
          "responded_at, resolved_at, closed_at, extensions, reopen_count, merged_into, "
          "resolution_note, agenda, rating, rating_comment, rated_at, callback_contacted, "
          "callback_solved, callback_rating, callback_at, overdue_marked, version) VALUES (?, ?, "
          "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
          "?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          params));
  a.visit_id = intake_id;
  return {};
}

Result<std::optional<AppealRecord>> FindAppeal(Tx& tx, std::int64_t id) {
  LINLI_ASSIGN_OR_RETURN(
      auto row,
      tx.QueryOne(std::string("SELECT ") + kAppealCols + kAppealFrom + " WHERE a.id = ?", {id}));
  if (!row) return std::optional<AppealRecord>();
  return std::optional<AppealRecord>(AppealFromRow(*row));
}

Status UpdateAppeal(Tx& tx, const Appeal& a, std::int64_t expected_version) {
  Params params = MutableParams(a);
  params.push_back(a.id);
  params.push_back(expected_version);
  LINLI_ASSIGN_OR_RETURN(
      std::int64_t n,
      tx.Exec("UPDATE appeals SET status = ?, level = ?, level_unit_id = ?, handler = ?, "
              "assignee_account_id = ?, escalated = ?, respond_by = ?, resolve_by = ?, "
              "responded_at = ?, resolved_at = ?, closed_at = ?, extensions = ?, reopen_count = ?, "
              "merged_into = ?, resolution_note = ?, agenda = ?, rating = ?, rating_comment = ?, "
              "rated_at = ?, callback_contacted = ?, callback_solved = ?, callback_rating = ?, "
              "callback_at = ?, overdue_marked = ?, version = ? WHERE id = ? AND version = ?",
              params));
  if (n != 1)
    return MakeError(ErrorCode::kAborted, "appeal " + std::to_string(a.id) +
                                              " was changed by someone else meanwhile; reload it "
                                              "and try again");
  return {};
}

Result<std::vector<AppealRecord>> ListAppeals(Tx& tx, const AppealFilter& f, std::int64_t limit,
                                              std::int64_t offset) {
  Params params;
  std::string sql = std::string("SELECT ") + kAppealCols + kAppealFrom + Where(f, params) +
                    " ORDER BY a.id DESC LIMIT ? OFFSET ?";
  params.push_back(limit);
  params.push_back(offset);
  LINLI_ASSIGN_OR_RETURN(Rows rows, tx.Query(sql, params));
  std::vector<AppealRecord> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back(AppealFromRow(r));
  return out;
}

Result<std::int64_t> CountAppeals(Tx& tx, const AppealFilter& f) {
  Params params;
  std::string sql = "SELECT COUNT(*) FROM appeals a" + Where(f, params);
  LINLI_ASSIGN_OR_RETURN(auto row, tx.QueryOne(sql, params));
  return row ? row->Int(0) : 0;
}

Result<std::vector<std::int64_t>> ListOverdueIds(Tx& tx, std::int64_t now, std::int64_t limit) {
  // Two range scans of partial indexes that hold only open, unmarked appeals, merged.
  LINLI_ASSIGN_OR_RETURN(
      Rows late_resolve,
      tx.Query("SELECT id FROM appeals WHERE " + kOpen +
                   " AND overdue_marked = 0 AND resolve_by < ? ORDER BY resolve_by LIMIT ?",
               {now, limit}));
  LINLI_ASSIGN_OR_RETURN(
      Rows late_respond,
      tx.Query("SELECT id FROM appeals WHERE " + kOpen +
                   " AND overdue_marked = 0 AND responded_at IS NULL AND respond_by < ? "
                   "ORDER BY respond_by LIMIT ?",
               {now, limit}));
  std::vector<std::int64_t> ids;
  for (const Row& r : late_resolve) ids.push_back(r.Int(0));
  for (const Row& r : late_respond) ids.push_back(r.Int(0));
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (static_cast<std::int64_t>(ids.size()) > limit) ids.resize(limit);
  return ids;
}

Result<std::vector<AppealRecord>> ListBoard(Tx& tx, std::int64_t estate_id, std::int64_t limit,
                                            std::int64_t offset) {
  LINLI_ASSIGN_OR_RETURN(
      Rows rows, tx.Query(std::string("SELECT ") + kAppealCols + kAppealFrom +
                              " WHERE a.estate_id = ? AND a.status IN ('resolved', 'closed') AND "
                              "a.resolved_at IS NOT NULL ORDER BY a.resolved_at DESC, a.id DESC "
                              "LIMIT ? OFFSET ?",
                          {estate_id, limit, offset}));
  std::vector<AppealRecord> out;
  for (const Row& r : rows) out.push_back(AppealFromRow(r));
  return out;
}

Result<std::int64_t> CountBoard(Tx& tx, std::int64_t estate_id) {
  LINLI_ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT COUNT(*) FROM appeals WHERE estate_id = ? "
                                               "AND status IN ('resolved', 'closed') AND "
                                               "resolved_at IS NOT NULL",
                                               {estate_id}));
  return row ? row->Int(0) : 0;
}

Result<std::int64_t> InsertAppealEvent(Tx& tx, const AppealEventRecord& e) {
  return tx.InsertReturningId(
      "INSERT INTO appeal_events (appeal_id, at, action, actor_account_id, actor_name, "
      "actor_role, from_status, to_status, note, public) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "RETURNING id",
      {e.appeal_id, e.at, e.action, OptionalInt(e.actor_account_id), e.actor_name, e.actor_role,
       e.from_status, e.to_status, e.note, static_cast<std::int64_t>(e.public_note)});
}

Result<std::vector<AppealEventRecord>> ListAppealEvents(Tx& tx, std::int64_t appeal_id) {
  LINLI_ASSIGN_OR_RETURN(
      Rows rows,
      tx.Query("SELECT id, appeal_id, at, action, actor_account_id, actor_name, actor_role, "
               "from_status, to_status, note, public FROM appeal_events WHERE appeal_id = ? "
               "ORDER BY id",
               {appeal_id}));
  std::vector<AppealEventRecord> out;
  for (const Row& r : rows)
    out.push_back({r.Int(0), r.Int(1), r.Int(2), r.Text(3), r.OptInt(4), r.Text(5), r.Text(6),
                   r.Text(7), r.Text(8), r.Text(9), r.Bool(10)});
  return out;
}

Result<std::int64_t> InsertPhoto(Tx& tx, const PhotoRecord& p, const std::string& data_base64,
                                 std::int64_t now) {
  return tx.InsertReturningId(
      "INSERT INTO photos (token, account_id, content_type, size, data, stage, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {p.token, OptionalInt(p.account_id), p.content_type, p.size, data_base64, p.stage, now});
}

Result<std::optional<PhotoRecord>> FindPhoto(Tx& tx, std::int64_t id) {
  LINLI_ASSIGN_OR_RETURN(
      auto row,
      tx.QueryOne(std::string("SELECT ") + kPhotoCols + " FROM photos WHERE id = ?", {id}));
  if (!row) return std::optional<PhotoRecord>();
  return std::optional<PhotoRecord>(PhotoFromRow(*row));
}

Result<std::optional<std::pair<PhotoRecord, std::string>>> FindPhotoData(Tx& tx,
                                                                         const std::string& token) {
  using Out = std::optional<std::pair<PhotoRecord, std::string>>;
  LINLI_ASSIGN_OR_RETURN(auto row, tx.QueryOne(std::string("SELECT ") + kPhotoCols +
                                                   ", data FROM photos WHERE token = ?",
                                               {token}));
  if (!row) return Out();
  return Out(std::make_pair(PhotoFromRow(*row), row->Text(7)));
}

Status AttachPhoto(Tx& tx, std::int64_t photo_id, std::int64_t appeal_id,
                   const std::string& stage) {
  LINLI_TRY(tx.Exec("UPDATE photos SET appeal_id = ?, stage = ? WHERE id = ?",
                    {appeal_id, stage, photo_id}));
  return {};
}

Result<std::vector<PhotoRecord>> ListAppealPhotos(Tx& tx, std::int64_t appeal_id) {
  LINLI_ASSIGN_OR_RETURN(Rows rows, tx.Query(std::string("SELECT ") + kPhotoCols +
                                                 " FROM photos WHERE appeal_id = ? ORDER BY id",
                                             {appeal_id}));
  std::vector<PhotoRecord> out;
  for (const Row& r : rows) out.push_back(PhotoFromRow(r));
  return out;
}

Status InsertNotification(Tx& tx, std::int64_t account_id, std::optional<std::int64_t> appeal_id,
                          const std::string& text, std::int64_t now) {
  LINLI_TRY(tx.Exec(
      "INSERT INTO notifications (account_id, appeal_id, text, created_at) VALUES (?, ?, ?, ?)",
      {account_id, OptionalInt(appeal_id), text, now}));
  return {};
}

Status InsertNotificationAbout(Tx& tx, std::int64_t account_id, const std::string& subject_kind,
                               std::int64_t subject_id, const std::string& text, std::int64_t now) {
  LINLI_TRY(
      tx.Exec("INSERT INTO notifications (account_id, subject_kind, subject_id, text, "
              "created_at) VALUES (?, ?, ?, ?, ?)",
              {account_id, subject_kind, subject_id, text, now}));
  return {};
}

Result<std::vector<NotificationRecord>> ListNotifications(Tx& tx, std::int64_t account_id,
                                                          bool unread_only, std::int64_t limit,
                                                          std::int64_t offset) {
  LINLI_ASSIGN_OR_RETURN(
      Rows rows,
      tx.Query(std::string("SELECT id, account_id, appeal_id, text, created_at, read_at, "
                           "subject_kind, subject_id FROM notifications WHERE account_id = ?") +
                   (unread_only ? " AND read_at IS NULL" : "") +
                   " ORDER BY id DESC LIMIT ? OFFSET ?",
               {account_id, limit, offset}));
  std::vector<NotificationRecord> out;
  for (const Row& r : rows)
    out.push_back({r.Int(0), r.Int(1), r.OptInt(2), r.Text(3), r.Int(4), !r.IsNull(5), r.OptText(6),
                   r.OptInt(7)});
  return out;
}

Result<std::int64_t> CountNotifications(Tx& tx, std::int64_t account_id, bool unread_only) {
  LINLI_ASSIGN_OR_RETURN(
      auto row, tx.QueryOne(std::string("SELECT COUNT(*) FROM notifications WHERE account_id = ?") +
                                (unread_only ? " AND read_at IS NULL" : ""),
                            {account_id}));
  return row ? row->Int(0) : 0;
}

Status MarkNotificationsRead(Tx& tx, std::int64_t account_id, const std::vector<std::int64_t>& ids,
                             std::int64_t now) {
  if (ids.empty()) {
    LINLI_TRY(
        tx.Exec("UPDATE notifications SET read_at = ? WHERE account_id = ? AND read_at IS NULL",
                {now, account_id}));
    return {};
  }
  for (std::int64_t id : ids)
    LINLI_TRY(
        tx.Exec("UPDATE notifications SET read_at = ? WHERE account_id = ? AND id = ? AND "
                "read_at IS NULL",
                {now, account_id, id}));
  return {};
}

Result<std::vector<std::int64_t>> AccountsWithRoleOn(Tx& tx, std::int64_t unit_id,
                                                     const std::vector<std::string>& roles) {
  Params params = {unit_id};
  std::string in;
  for (const auto& r : roles) {
    in += in.empty() ? "?" : ", ?";
    params.push_back(r);
  }
  LINLI_ASSIGN_OR_RETURN(
      Rows rows, tx.Query("SELECT DISTINCT r.account_id FROM account_roles r JOIN accounts a ON "
                          "a.id = r.account_id WHERE r.unit_id = ? AND a.disabled = 0 AND r.role "
                          "IN (" +
                              in + ") ORDER BY r.account_id",
                          params));
  std::vector<std::int64_t> out;
  for (const Row& r : rows) out.push_back(r.Int(0));
  return out;
}

Result<std::optional<std::string>> FindIdempotencyKey(Tx& tx, const std::string& caller,
                                                      const std::string& key) {
  LINLI_ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT appeal_ids FROM idempotency_keys WHERE "
                                               "caller = ? AND key = ?",
                                               {caller, key}));
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(row->Text(0));
}

Status SaveIdempotencyKey(Tx& tx, const std::string& caller, const std::string& key,
                          const std::string& appeal_ids, std::int64_t now) {
  LINLI_TRY(tx.Exec(
      "INSERT INTO idempotency_keys (caller, key, appeal_ids, created_at) VALUES (?, ?, ?, ?)",
      {caller, key, appeal_ids, now}));
  return {};
}

namespace {
// "r0".."r27" (response) and "s0".."s27" (resolution) histogram columns.
std::vector<std::string> HistogramCols() {
  std::vector<std::string> out;
  for (char m : {'r', 's'})
    for (int i = 0; i < domain::kDurationBuckets; ++i) out.push_back(m + std::to_string(i));
  return out;
}
}  // namespace

Status ApplyStatsDeltas(Tx& tx, const std::vector<std::int64_t>& unit_ids,
                        const std::vector<domain::CellDelta>& deltas) {
  // Each cell and unit: the counters in appeal_stats, the histogram buckets (when a change moves
  // one) in appeal_stats_durations, each by an upsert adding the delta (migration 017).
  static const auto kUpsert = [](const char* table, const std::vector<std::string>& cols) {
    std::string names, qs, sets;
    for (const auto& c : cols) {
      names += ", " + c;
      qs += ", ?";
      sets += (sets.empty() ? "" : ", ") + c + " = " + table + "." + c + " + excluded." + c;
    }
    return std::string("INSERT INTO ") + table + " (unit_id, month, category, handler" + names +
           ") VALUES (?, ?, ?, ?" + qs + ") ON CONFLICT (unit_id, month, category, handler) DO " +
           "UPDATE SET " + sets;
  };
  static const std::string kUpsertCounters = kUpsert(
      "appeal_stats", std::vector<std::string>(std::begin(kCounterCols), std::end(kCounterCols)));
  static const std::string kUpsertDurations = kUpsert("appeal_stats_durations", HistogramCols());
  // Most changes add to two or three counters of a cell that exists: an UPDATE of only those
  // (a filing: received and open) is cheaper than the upsert, which first builds the whole new
  // row; the upsert runs only where the cell does not exist yet. The statements, one per set of
  // counters moved, are built once per thread.
  thread_local std::unordered_map<std::uint32_t, std::string> update_of;
  auto update_sql = [](std::uint32_t moved) -> const std::string& {
    auto [it, fresh] = update_of.try_emplace(moved);
    if (fresh) {
      std::string sets;
      for (size_t i = 0; i < std::size(kCounterCols); ++i)
        if (moved & (1u << i))
          sets += std::string(sets.empty() ? "" : ", ") + kCounterCols[i] + " = " +
                  kCounterCols[i] + " + ?";
      it->second = "UPDATE appeal_stats SET " + sets +
                   " WHERE unit_id = ? AND month = ? AND category = ? AND handler = ?";
    }
    return it->second;
  };
  for (const auto& d : deltas) {
    const Params key = {std::int64_t{0}, static_cast<std::int64_t>(d.key.month), d.key.category,
                        std::string(domain::HandlerKindName(d.key.handler))};
    const auto values = CounterValues(d.counters);
    Params counters = key;
    counters.insert(counters.end(), values.begin(), values.end());
    Params up;  // the UPDATE's: the counters moved, then the key
    std::uint32_t moved = 0;
    for (size_t i = 0; i < values.size(); ++i)
      if (values[i] != 0) {
        moved |= 1u << i;
        up.push_back(values[i]);
      }
    up.insert(up.end(), key.begin(), key.end());
    std::vector<std::int64_t> hist(2 * domain::kDurationBuckets, 0);
    bool any_hist = false;
    for (const auto& h : d.histogram)
      if (h.bucket >= 0 && h.bucket < domain::kDurationBuckets && h.delta != 0) {
        hist[static_cast<int>(h.metric) * domain::kDurationBuckets + h.bucket] += h.delta;
        any_hist = true;
      }
    Params durations = key;
    if (any_hist)
      for (auto v : hist) durations.push_back(v);
    for (std::int64_t unit : unit_ids) {
      bool done = false;
      if (moved) {
        up[up.size() - 4] = unit;
        LINLI_ASSIGN_OR_RETURN(auto changed, tx.Exec(update_sql(moved), up));
        done = changed > 0;
      }
      if (!done) {  // a new cell (or one moving no counter: it exists afterwards all the same)
        counters[0] = unit;
        LINLI_TRY(tx.Exec(kUpsertCounters, counters));
      }
      if (any_hist) {
        durations[0] = unit;
        LINLI_TRY(tx.Exec(kUpsertDurations, durations));
      }
    }
  }
  return {};
}

Result<std::vector<domain::StatsCell>> LoadStatsCells(Tx& tx, std::int64_t unit_id, int from,
                                                      int to) {
  static const std::string kSelect = [] {
    std::string cols;
    for (const char* c : kCounterCols) cols += std::string(", c.") + c;
    for (const auto& h : HistogramCols()) cols += ", COALESCE(d." + h + ", 0)";
    return "SELECT c.month, c.category, c.handler" + cols +
           " FROM appeal_stats c LEFT JOIN appeal_stats_durations d ON d.unit_id = c.unit_id AND "
           "d.month = c.month AND d.category = c.category AND d.handler = c.handler"
           " WHERE c.unit_id = ? AND c.month >= ? AND c.month <= ?";
  }();
  LINLI_ASSIGN_OR_RETURN(Rows rows, tx.Query(kSelect, {unit_id, static_cast<std::int64_t>(from),
                                                       static_cast<std::int64_t>(to)}));
  std::vector<domain::StatsCell> out;
  out.reserve(rows.size());
  const size_t first_hist = 3 + std::size(kCounterCols);
  for (const Row& r : rows) {
    domain::StatsCell cell;
    cell.key = {static_cast<int>(r.Int(0)), r.Text(1),
                domain::ParseHandlerKind(r.Text(2)).value_or(domain::HandlerKind::kBranch)};
    SetCounters(cell.counters, r, 3);
    for (int i = 0; i < domain::kDurationBuckets; ++i) {
      cell.response[i] = r.Int(first_hist + i);
      cell.resolution[i] = r.Int(first_hist + domain::kDurationBuckets + i);
    }
    out.push_back(std::move(cell));
  }
  return out;
}

Result<std::pair<std::int64_t, std::int64_t>> CountOpenAndOverdue(Tx& tx, std::int64_t unit_id) {
  LINLI_ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT COALESCE(SUM(open), 0), "
                                               "COALESCE(SUM(overdue), 0) FROM appeal_stats "
                                               "WHERE unit_id = ?",
                                               {unit_id}));
  if (!row) return std::make_pair<std::int64_t, std::int64_t>(0, 0);
  return std::make_pair(row->Int(0), row->Int(1));
}

Status BumpAppealVersion(Tx& tx, std::int64_t estate_id) {
  LINLI_TRY(
      tx.Exec("INSERT INTO appeal_versions (estate_id, version) VALUES (?, 1) ON CONFLICT "
              "(estate_id) DO UPDATE SET version = appeal_versions.version + 1",
              {estate_id}));
  return {};
}

Result<std::int64_t> AppealVersion(Tx& tx, std::int64_t estate_id) {
  LINLI_ASSIGN_OR_RETURN(
      auto row,
      tx.QueryOne("SELECT version FROM appeal_versions WHERE estate_id = ?", {estate_id}));
  return row ? row->Int(0) : 0;
}

}  // namespace linli::storage
