#include "storage/repos/meetings.hpp"

namespace linli::storage {
namespace {

using domain::MeetingKind;
using domain::MeetingStatus;

std::pair<std::string, std::string> PathRange(const std::string& path) {
  std::string hi = path;
  if (!hi.empty()) hi.back() = static_cast<char>(hi.back() + 1);
  return {path, hi};
}

Value OptInt(const std::optional<int>& v) {
  return v ? Value(static_cast<std::int64_t>(*v)) : Value(nullptr);
}

constexpr const char* kMeetingCols =
    "m.id, m.unit_id, m.unit_path, m.kind, m.committee_id, m.series_id, m.series_index, "
    "m.title, m.location, m.starts_at, m.notice_at, m.status, m.held_at, m.discussion, "
    "m.minutes_by, m.published_at, m.publish_by, m.created_by, m.created_at, m.version, "
    "u.name, u.kind, COALESCE(c.name, ''), COALESCE(s.recurrence, ''), "
    "COALESCE(s.occurrences, 1)";
constexpr const char* kMeetingFrom =
    " FROM meetings m JOIN units u ON u.id = m.unit_id"
    " LEFT JOIN committees c ON c.id = m.committee_id"
    " LEFT JOIN meeting_series s ON s.id = m.series_id";

MeetingRecord MeetingFromRow(const Row& r) {
  MeetingRecord m;
  m.id = r.Int(0);
  m.unit_id = r.Int(1);
  m.unit_path = r.Text(2);
  m.kind = domain::ParseMeetingKind(r.Text(3)).value_or(MeetingKind::kJoint);
  m.committee_id = r.OptInt(4);
  m.series_id = r.OptInt(5);
  m.series_index = static_cast<int>(r.Int(6));
  m.title = r.Text(7);
  m.location = r.Text(8);
  m.starts_at = r.Int(9);
  m.notice_at = r.Int(10);
  m.status = domain::ParseMeetingStatus(r.Text(11)).value_or(MeetingStatus::kScheduled);
  m.held_at = r.OptInt(12);
  m.discussion = r.Text(13);
  m.minutes_by = r.OptInt(14);
  m.published_at = r.OptInt(15);
  m.publish_by = r.OptInt(16);
  m.created_by = r.OptInt(17);
  m.created_at = r.Int(18);
  m.version = r.Int(19);
  m.unit_name = r.Text(20);
  m.unit_kind = r.Text(21);
  m.committee_name = r.Text(22);
  m.series_recurrence = r.Text(23);
  m.series_size = static_cast<int>(r.Int(24));
  return m;
}

std::string MeetingWhere(const MeetingFilter& f, Params& params) {
  auto [lo, hi] = PathRange(f.unit_path);
  std::string w = " WHERE m.unit_path >= ? AND m.unit_path < ?";
  params.push_back(lo);
  params.push_back(hi);
  if (f.kind) {
    w += " AND m.kind = ?";
    params.push_back(*f.kind);
  }
  if (f.status) {
    w += " AND m.status = ?";
    params.push_back(*f.status);
  }
  if (f.from) {
    w += " AND m.starts_at >= ?";
    params.push_back(*f.from);
  }
  if (f.to) {
    w += " AND m.starts_at < ?";
    params.push_back(*f.to);
  }
  if (f.series_id) {
    w += " AND m.series_id = ?";
    params.push_back(*f.series_id);
  }
  return w;
}

constexpr const char* kActionCols =
    "a.id, a.decision_id, a.meeting_id, a.unit_path, a.title, a.owner_person_id, a.owner_name, "
    "a.due_at, a.done_at, a.done_note, a.created_by, a.created_at, m.title, d.text";
constexpr const char* kActionFrom =
    " FROM meeting_actions a JOIN meetings m ON m.id = a.meeting_id"
    " JOIN meeting_decisions d ON d.id = a.decision_id";

ActionRecord ActionFromRow(const Row& r) {
  ActionRecord a;
  a.id = r.Int(0);
  a.decision_id = r.Int(1);
  a.meeting_id = r.Int(2);
  a.unit_path = r.Text(3);
  a.title = r.Text(4);
  a.owner_person_id = r.OptInt(5);
  a.owner_name = r.Text(6);
  a.due_at = r.Int(7);
  a.done_at = r.OptInt(8);
  a.done_note = r.Text(9);
  a.created_by = r.OptInt(10);
  a.created_at = r.Int(11);
  a.meeting_title = r.Text(12);
  a.decision_text = r.Text(13);
  return a;
}

std::string ActionWhere(const ActionFilter& f, Params& params) {
  std::string w = " WHERE 1 = 1";
  if (f.meeting_id) {
    w += " AND a.meeting_id = ?";
    params.push_back(*f.meeting_id);
  }
  if (f.unit_path) {
    auto [lo, hi] = PathRange(*f.unit_path);
    w += " AND a.unit_path >= ? AND a.unit_path < ?";
    params.push_back(lo);
    params.push_back(hi);
  }
  if (f.open_only) w += " AND a.done_at IS NULL";
  return w;
}

DecisionRecord DecisionFromRow(const Row& r) {
  DecisionRecord d;
  d.id = r.Int(0);
  d.meeting_id = r.Int(1);
  d.position = static_cast<int>(r.Int(2));
  d.text = r.Text(3);
  if (!r.IsNull(4)) d.in_favour = static_cast<int>(r.Int(4));
  d.passed = r.Bool(5);
  d.major = r.Bool(6);
  d.project = r.Bool(7);
  return d;
}
constexpr const char* kDecisionCols =
    "id, meeting_id, position, text, in_favour, passed, major, project";

}  // namespace

Result<std::int64_t> InsertSeries(Tx& tx, std::int64_t unit_id, domain::Recurrence r,
                                  int occurrences, std::optional<std::int64_t> by,
                                  std::int64_t now) {
  return tx.InsertReturningId(
      "INSERT INTO meeting_series (unit_id, recurrence, occurrences, created_by, created_at) "
      "VALUES (?, ?, ?, ?, ?) RETURNING id",
      {unit_id, std::string(domain::RecurrenceName(r)), static_cast<std::int64_t>(occurrences),
       OptionalInt(by), now});
}

Result<std::int64_t> InsertMeeting(Tx& tx, const MeetingRecord& m) {
  return tx.InsertReturningId(
      "INSERT INTO meetings (unit_id, unit_path, kind, committee_id, series_id, series_index, "
      "title, location, starts_at, notice_at, status, held_at, discussion, minutes_by, "
      "published_at, publish_by, created_by, created_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
      {m.unit_id, m.unit_path, std::string(domain::MeetingKindName(m.kind)),
       OptionalInt(m.committee_id), OptionalInt(m.series_id),
       static_cast<std::int64_t>(m.series_index), m.title, m.location, m.starts_at, m.notice_at,
       std::string(domain::MeetingStatusName(m.status)), OptionalInt(m.held_at), m.discussion,
       OptionalInt(m.minutes_by), OptionalInt(m.published_at), OptionalInt(m.publish_by),
       OptionalInt(m.created_by), m.created_at});
}

Result<std::optional<MeetingRecord>> FindMeeting(Tx& tx, std::int64_t id) {
  LINLI_ASSIGN_OR_RETURN(
      auto row,
      tx.QueryOne(std::string("SELECT ") + kMeetingCols + kMeetingFrom + " WHERE m.id = ?", {id}));
  if (!row) return std::optional<MeetingRecord>();
  return std::optional<MeetingRecord>(MeetingFromRow(*row));
}

Status UpdateMeeting(Tx& tx, const MeetingRecord& m, std::int64_t expected_version) {
  LINLI_ASSIGN_OR_RETURN(
      auto n,
      tx.Exec(
          "UPDATE meetings SET title = ?, location = ?, starts_at = ?, status = ?, held_at = ?, "
          "discussion = ?, minutes_by = ?, published_at = ?, publish_by = ?, version = ? "
          "WHERE id = ? AND version = ?",
          {m.title, m.location, m.starts_at, std::string(domain::MeetingStatusName(m.status)),
           OptionalInt(m.held_at), m.discussion, OptionalInt(m.minutes_by),
           OptionalInt(m.published_at), OptionalInt(m.publish_by), m.version, m.id,
           expected_version}));
  if (n != 1)
    return MakeError(ErrorCode::kAborted,
                     "meeting " + std::to_string(m.id) +
                         " was changed by someone else meanwhile; reload it and try again");
  return {};
}

Result<std::vector<MeetingRecord>> ListMeetings(Tx& tx, const MeetingFilter& f, std::int64_t limit,
                                                std::int64_t offset) {
  Params params;
  std::string sql = std::string("SELECT ") + kMeetingCols + kMeetingFrom + MeetingWhere(f, params) +
                    " ORDER BY m.starts_at, m.id LIMIT ? OFFSET ?";
  params.push_back(limit);
  params.push_back(offset);
  LINLI_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, params));
  std::vector<MeetingRecord> out;
  for (const auto& r : rows) out.push_back(MeetingFromRow(r));
  return out;
}

Result<std::int64_t> CountMeetings(Tx& tx, const MeetingFilter& f) {
  Params params;
  std::string sql = "SELECT COUNT(*) FROM meetings m" + MeetingWhere(f, params);
  LINLI_ASSIGN_OR_RETURN(auto row, tx.QueryOne(sql, params));
  return row ? row->Int(0) : 0;
}

Status ReplaceAgenda(Tx& tx, std::int64_t meeting_id, const std::vector<AgendaItemRecord>& items) {
  LINLI_TRY(tx.Exec("DELETE FROM meeting_agenda_items WHERE meeting_id = ?", {meeting_id}));
  int position = 0;
  for (const auto& it : items)
    LINLI_TRY(tx.Exec(
        "INSERT INTO meeting_agenda_items (meeting_id, position, title, appeal_id) VALUES (?, ?, "
        "?, ?)",
        {meeting_id, static_cast<std::int64_t>(++position), it.title, OptionalInt(it.appeal_id)}));
  return {};
}

Result<std::vector<AgendaItemRecord>> ListAgenda(Tx& tx, std::int64_t meeting_id) {
  LINLI_ASSIGN_OR_RETURN(auto rows,
                         tx.Query("SELECT id, meeting_id, position, title, appeal_id FROM "
                                  "meeting_agenda_items WHERE meeting_id = ? ORDER BY position",
                                  {meeting_id}));
  std::vector<AgendaItemRecord> out;
  for (const auto& r : rows)
    out.push_back({r.Int(0), r.Int(1), static_cast<int>(r.Int(2)), r.Text(3), r.OptInt(4)});
  return out;
}

Status ReplaceMinutes(Tx& tx, std::int64_t meeting_id,
                      const std::vector<AttendeeRecord>& attendance,
                      const std::vector<DecisionRecord>& decisions) {
  LINLI_TRY(tx.Exec("DELETE FROM meeting_attendance WHERE meeting_id = ?", {meeting_id}));
  LINLI_TRY(tx.Exec("DELETE FROM meeting_decisions WHERE meeting_id = ?", {meeting_id}));
  for (const auto& a : attendance)
    LINLI_TRY(tx.Exec(
        "INSERT INTO meeting_attendance (meeting_id, person_id, name, side, presence, note) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        {meeting_id, OptionalInt(a.person_id), a.name, std::string(domain::SideName(a.side)),
         std::string(domain::PresenceName(a.presence)), a.note}));
  int position = 0;
  for (const auto& d : decisions)
    LINLI_TRY(tx.Exec(
        "INSERT INTO meeting_decisions (meeting_id, position, text, in_favour, passed, major, "
        "project) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {meeting_id, static_cast<std::int64_t>(++position), d.text, OptInt(d.in_favour),
         static_cast<std::int64_t>(d.passed), static_cast<std::int64_t>(d.major),
         static_cast<std::int64_t>(d.project)}));
  return {};
}

Result<std::vector<AttendeeRecord>> ListAttendance(Tx& tx, std::int64_t meeting_id) {
  LINLI_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT id, meeting_id, person_id, name, side, presence, note FROM "
                          "meeting_attendance WHERE meeting_id = ? ORDER BY id",
                          {meeting_id}));
  std::vector<AttendeeRecord> out;
  for (const auto& r : rows) {
    AttendeeRecord a;
    a.id = r.Int(0);
    a.meeting_id = r.Int(1);
    a.person_id = r.OptInt(2);
    a.name = r.Text(3);
    a.side = domain::ParseSide(r.Text(4)).value_or(domain::Side::kOther);
    a.presence = domain::ParsePresence(r.Text(5)).value_or(domain::Presence::kAbsent);
    a.note = r.Text(6);
    out.push_back(std::move(a));
  }
  return out;
}

Result<std::vector<DecisionRecord>> ListDecisions(Tx& tx, std::int64_t meeting_id) {
  LINLI_ASSIGN_OR_RETURN(auto rows, tx.Query(std::string("SELECT ") + kDecisionCols +
                                                 " FROM meeting_decisions WHERE meeting_id = ? "
                                                 "ORDER BY position",
                                             {meeting_id}));
  std::vector<DecisionRecord> out;
  for (const auto& r : rows) out.push_back(DecisionFromRow(r));
  return out;
}

Result<std::optional<DecisionRecord>> FindDecision(Tx& tx, std::int64_t id) {
  LINLI_ASSIGN_OR_RETURN(auto row, tx.QueryOne(std::string("SELECT ") + kDecisionCols +
                                                   " FROM meeting_decisions WHERE id = ?",
                                               {id}));
  if (!row) return std::optional<DecisionRecord>();
  return std::optional<DecisionRecord>(DecisionFromRow(*row));
}

Result<std::int64_t> InsertAction(Tx& tx, const ActionRecord& a) {
  return tx.InsertReturningId(
      "INSERT INTO meeting_actions (decision_id, meeting_id, unit_path, title, owner_person_id, "
      "owner_name, due_at, done_at, done_note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?) RETURNING id",
      {a.decision_id, a.meeting_id, a.unit_path, a.title, OptionalInt(a.owner_person_id),
       a.owner_name, a.due_at, OptionalInt(a.done_at), a.done_note, OptionalInt(a.created_by),
       a.created_at});
}

Result<std::optional<ActionRecord>> FindAction(Tx& tx, std::int64_t id) {
  LINLI_ASSIGN_OR_RETURN(
      auto row,
      tx.QueryOne(std::string("SELECT ") + kActionCols + kActionFrom + " WHERE a.id = ?", {id}));
  if (!row) return std::optional<ActionRecord>();
  return std::optional<ActionRecord>(ActionFromRow(*row));
}

Status MarkActionDone(Tx& tx, std::int64_t id, std::int64_t at, const std::string& note) {
  LINLI_ASSIGN_OR_RETURN(auto n, tx.Exec("UPDATE meeting_actions SET done_at = ?, done_note = ? "
                                         "WHERE id = ? AND done_at IS NULL",
                                         {at, note, id}));
  if (n != 1) return FailedPrecondition("action item " + std::to_string(id) + " is already done");
  return {};
}

Result<std::vector<ActionRecord>> ListActions(Tx& tx, const ActionFilter& f, std::int64_t limit,
                                              std::int64_t offset) {
  Params params;
  std::string sql = std::string("SELECT ") + kActionCols + kActionFrom + ActionWhere(f, params) +
                    " ORDER BY a.due_at, a.id LIMIT ? OFFSET ?";
  params.push_back(limit);
  params.push_back(offset);
  LINLI_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, params));
  std::vector<ActionRecord> out;
  for (const auto& r : rows) out.push_back(ActionFromRow(r));
  return out;
}

Result<std::int64_t> CountActions(Tx& tx, const ActionFilter& f) {
  Params params;
  std::string sql = "SELECT COUNT(*) FROM meeting_actions a" + ActionWhere(f, params);
  LINLI_ASSIGN_OR_RETURN(auto row, tx.QueryOne(sql, params));
  return row ? row->Int(0) : 0;
}

Result<std::vector<MeetingRecord>> ListPublished(Tx& tx, std::int64_t unit_id, std::int64_t limit,
                                                 std::int64_t offset) {
  LINLI_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query(std::string("SELECT ") + kMeetingCols + kMeetingFrom +
                   " WHERE m.unit_id = ? AND m.published_at IS NOT NULL ORDER BY m.published_at "
                   "DESC, m.id DESC LIMIT ? OFFSET ?",
               {unit_id, limit, offset}));
  std::vector<MeetingRecord> out;
  for (const auto& r : rows) out.push_back(MeetingFromRow(r));
  return out;
}

Result<std::int64_t> CountPublished(Tx& tx, std::int64_t unit_id) {
  LINLI_ASSIGN_OR_RETURN(
      auto row, tx.QueryOne("SELECT COUNT(*) FROM meetings WHERE unit_id = ? AND published_at IS "
                            "NOT NULL",
                            {unit_id}));
  return row ? row->Int(0) : 0;
}

Result<std::int64_t> InsertSupervision(Tx& tx, const SupervisionRecord& r) {
  return tx.InsertReturningId(
      "INSERT INTO supervision_records (estate_id, estate_path, kind, on_day, happened_at, "
      "subject, finding, decision_id, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?) RETURNING id",
      {r.estate_id, r.estate_path, r.kind, r.on_day, r.happened_at, r.subject, r.finding,
       OptionalInt(r.decision_id), OptionalInt(r.created_by), r.created_at});
}

Result<std::vector<SupervisionRecord>> ListSupervision(Tx& tx, std::int64_t estate_id,
                                                       std::optional<std::int64_t> from,
                                                       std::optional<std::int64_t> to) {
  Params params{estate_id};
  std::string sql =
      "SELECT s.id, s.estate_id, s.estate_path, s.kind, s.on_day, s.happened_at, s.subject, "
      "s.finding, s.decision_id, s.created_by, s.created_at, COALESCE(a.name, '') FROM "
      "supervision_records s LEFT JOIN accounts a ON a.id = s.created_by WHERE s.estate_id = ?";
  if (from) {
    sql += " AND s.happened_at >= ?";
    params.push_back(*from);
  }
  if (to) {
    sql += " AND s.happened_at < ?";
    params.push_back(*to);
  }
  sql += " ORDER BY s.happened_at DESC, s.id DESC";
  LINLI_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, params));
  std::vector<SupervisionRecord> out;
  for (const auto& r : rows) {
    SupervisionRecord s;
    s.id = r.Int(0);
    s.estate_id = r.Int(1);
    s.estate_path = r.Text(2);
    s.kind = r.Text(3);
    s.on_day = r.Text(4);
    s.happened_at = r.Int(5);
    s.subject = r.Text(6);
    s.finding = r.Text(7);
    s.decision_id = r.OptInt(8);
    s.created_by = r.OptInt(9);
    s.created_at = r.Int(10);
    s.created_by_name = r.Text(11);
    out.push_back(std::move(s));
  }
  return out;
}

namespace {
constexpr const char* kPartyPresent =
    "EXISTS (SELECT 1 FROM meeting_attendance a WHERE a.meeting_id = m.id AND "
    "a.side = 'community_party' AND a.presence = 'present')";
}  // namespace

Result<std::vector<domain::SupervisedMeeting>> SupervisedMeetings(Tx& tx, std::int64_t estate_id,
                                                                  std::int64_t from,
                                                                  std::int64_t to) {
  LINLI_ASSIGN_OR_RETURN(
      auto rows, tx.Query(std::string("SELECT m.id, m.title, m.kind, m.held_at, ") + kPartyPresent +
                              " FROM meetings m WHERE m.unit_id = ? AND m.status = 'held' AND "
                              "m.kind IN ('committee', 'assembly') AND m.held_at >= ? AND "
                              "m.held_at < ? ORDER BY m.held_at, m.id",
                          {estate_id, from, to}));
  std::vector<domain::SupervisedMeeting> out;
  for (const auto& r : rows)
    out.push_back({r.Int(0), r.Text(1),
                   domain::ParseMeetingKind(r.Text(2)).value_or(MeetingKind::kCommittee), r.Int(3),
                   r.Bool(4)});
  return out;
}

Result<std::vector<domain::SupervisedDecision>> MajorDecisions(Tx& tx, std::int64_t estate_id,
                                                               std::int64_t from, std::int64_t to) {
  LINLI_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query(std::string("SELECT d.id, d.meeting_id, d.text, d.project, ") + kPartyPresent +
                   ", EXISTS (SELECT 1 FROM supervision_records s WHERE s.decision_id = d.id AND "
                   "s.kind = 'project') FROM meeting_decisions d JOIN meetings m ON m.id = "
                   "d.meeting_id WHERE m.unit_id = ? AND m.status = 'held' AND m.held_at >= ? AND "
                   "m.held_at < ? AND d.major = 1 AND d.passed = 1 ORDER BY m.held_at, d.position",
               {estate_id, from, to}));
  std::vector<domain::SupervisedDecision> out;
  for (const auto& r : rows)
    out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Bool(3), r.Bool(4), r.Bool(5)});
  return out;
}

Result<int> CountSpotChecks(Tx& tx, std::int64_t estate_id, std::int64_t from, std::int64_t to) {
  LINLI_ASSIGN_OR_RETURN(
      auto row, tx.QueryOne("SELECT COUNT(*) FROM supervision_records WHERE estate_id = ? AND "
                            "kind = 'spot_check' AND happened_at >= ? AND happened_at < ?",
                            {estate_id, from, to}));
  return row ? static_cast<int>(row->Int(0)) : 0;
}

Result<std::vector<std::int64_t>> HeldCommitteeMeetings(Tx& tx, std::int64_t committee_id,
                                                        std::int64_t from, std::int64_t to) {
  LINLI_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT id FROM meetings WHERE committee_id = ? AND kind = 'committee' "
                          "AND status = 'held' AND held_at >= ? AND held_at < ? ORDER BY held_at",
                          {committee_id, from, to}));
  std::vector<std::int64_t> out;
  for (const auto& r : rows) out.push_back(r.Int(0));
  return out;
}

Result<std::vector<CommitteePresenceRow>> CommitteePresence(Tx& tx, std::int64_t committee_id,
                                                            std::int64_t from, std::int64_t to) {
  LINLI_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT a.meeting_id, a.person_id, a.presence FROM meeting_attendance a JOIN "
               "meetings m ON m.id = a.meeting_id WHERE m.committee_id = ? AND m.kind = "
               "'committee' AND m.status = 'held' AND m.held_at >= ? AND m.held_at < ? AND "
               "a.person_id IS NOT NULL",
               {committee_id, from, to}));
  std::vector<CommitteePresenceRow> out;
  for (const auto& r : rows)
    out.push_back(
        {r.Int(0), r.Int(1), domain::ParsePresence(r.Text(2)).value_or(domain::Presence::kAbsent)});
  return out;
}

Result<std::vector<EstateRef>> EstatesUnder(Tx& tx, const std::string& path) {
  auto [lo, hi] = PathRange(path);
  LINLI_ASSIGN_OR_RETURN(auto rows,
                         tx.Query("SELECT id, name, path FROM units WHERE kind = "
                                  "'estate' AND path >= ? AND path < ? ORDER BY name, id",
                                  {lo, hi}));
  std::vector<EstateRef> out;
  for (const auto& r : rows) out.push_back({r.Int(0), r.Text(1), r.Text(2)});
  return out;
}

}  // namespace linli::storage
