#include "storage/repos/member_tasks.hpp"

namespace linli::storage {
namespace {

using domain::ClaimStatus;
using domain::TaskStatus;

// Subtree bounds of a materialised path "/1/5/": every path under it sorts in ["/1/5/", "/1/50")
// because '/' + 1 == '0'.
std::pair<std::string, std::string> PathRange(const std::string& path) {
  std::string hi = path;
  if (!hi.empty()) hi.back() = static_cast<char>(hi.back() + 1);
  return {path, hi};
}

constexpr const char* kTaskCols =
    "t.id, t.estate_id, t.estate_path, t.title, t.description, t.source, t.appeal_id, "
    "t.source_note, t.due_at, t.needed, t.hours_minutes, t.points, t.status, t.level, "
    "t.level_unit_id, t.overdue_marked, t.created_by, t.created_at, t.closed_at, t.version, "
    "eu.name, lu.name, COALESCE(ca.name, ''), "
    "(SELECT COUNT(*) FROM task_claims c WHERE c.task_id = t.id AND c.status <> 'withdrawn')";
constexpr const char* kTaskFrom =
    " FROM member_tasks t JOIN units eu ON eu.id = t.estate_id"
    " JOIN units lu ON lu.id = t.level_unit_id LEFT JOIN accounts ca ON ca.id = t.created_by";

TaskRecord TaskFromRow(const Row& r) {
  TaskRecord t;
  t.id = r.Int(0);
  t.estate_id = r.Int(1);
  t.estate_path = r.Text(2);
  t.title = r.Text(3);
  t.description = r.Text(4);
  t.source = domain::ParseTaskSource(r.Text(5)).value_or(domain::TaskSource::kPlan);
  t.appeal_id = r.OptInt(6);
  t.source_note = r.Text(7);
  t.due_at = r.Int(8);
  t.needed = static_cast<int>(r.Int(9));
  t.hours_minutes = static_cast<int>(r.Int(10));
  t.points = static_cast<int>(r.Int(11));
  t.status = domain::ParseTaskStatus(r.Text(12)).value_or(TaskStatus::kOpen);
  t.level = r.Text(13);
  t.level_unit_id = r.Int(14);
  t.overdue_marked = r.Bool(15);
  t.created_by = r.OptInt(16);
  t.created_at = r.Int(17);
  t.closed_at = r.OptInt(18);
  t.version = r.Int(19);
  t.estate_name = r.Text(20);
  t.level_unit_name = r.Text(21);
  t.created_by_name = r.Text(22);
  t.places_taken = static_cast<int>(r.Int(23));
  return t;
}

constexpr const char* kClaimCols =
    "c.id, c.task_id, c.registration_id, c.status, c.claimed_at, c.progress, c.report, "
    "c.submitted_at, c.decided_at, c.decided_by, c.decision_note, mr.account_id, "
    "COALESCE(p.name, a.name, '')";
constexpr const char* kClaimFrom =
    " FROM task_claims c JOIN member_registrations mr ON mr.id = c.registration_id"
    " LEFT JOIN people p ON p.id = mr.person_id LEFT JOIN accounts a ON a.id = mr.account_id";

ClaimRecord ClaimFromRow(const Row& r) {
  ClaimRecord c;
  c.id = r.Int(0);
  c.task_id = r.Int(1);
  c.registration_id = r.Int(2);
  c.status = domain::ParseClaimStatus(r.Text(3)).value_or(ClaimStatus::kClaimed);
  c.claimed_at = r.Int(4);
  c.progress = r.Text(5);
  c.report = r.Text(6);
  c.submitted_at = r.OptInt(7);
  c.decided_at = r.OptInt(8);
  c.decided_by = r.OptInt(9);
  c.decision_note = r.Text(10);
  c.account_id = r.OptInt(11);
  c.claimer_name = r.Text(12);
  return c;
}

std::string Where(const TaskFilter& f, Params& params) {
  std::string w;
  auto add = [&](const std::string& cond) { w += (w.empty() ? " WHERE " : " AND ") + cond; };
  if (f.estate_id) {
    add("t.estate_id = ?");
    params.push_back(*f.estate_id);
  }
  if (!f.statuses.empty()) {
    std::string in;
    for (const auto& s : f.statuses) {
      in += in.empty() ? "?" : ", ?";
      params.push_back(s);
    }
    add("t.status IN (" + in + ")");
  }
  if (f.overdue_at) {
    add("t.status = 'open' AND t.due_at <= ?");
    params.push_back(*f.overdue_at);
  }
  if (f.open_or_claimed_by) {
    add("(t.status = 'open' OR EXISTS (SELECT 1 FROM task_claims mc WHERE mc.task_id = t.id AND "
        "mc.registration_id = ?))");
    params.push_back(*f.open_or_claimed_by);
  }
  return w;
}

}  // namespace

Result<std::int64_t> InsertTask(Tx& tx, const TaskRecord& t) {
  return tx.InsertReturningId(
      "INSERT INTO member_tasks (estate_id, estate_path, title, description, source, appeal_id, "
      "source_note, due_at, needed, hours_minutes, points, status, level, level_unit_id, "
      "overdue_marked, created_by, created_at, closed_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
      {t.estate_id, t.estate_path, t.title, t.description,
       std::string(domain::TaskSourceName(t.source)), OptionalInt(t.appeal_id), t.source_note,
       t.due_at, static_cast<std::int64_t>(t.needed), static_cast<std::int64_t>(t.hours_minutes),
       static_cast<std::int64_t>(t.points), std::string(domain::TaskStatusName(t.status)), t.level,
       t.level_unit_id, static_cast<std::int64_t>(t.overdue_marked), OptionalInt(t.created_by),
       t.created_at, OptionalInt(t.closed_at)});
}

Result<std::optional<TaskRecord>> FindTask(Tx& tx, std::int64_t id) {
  LINLI_ASSIGN_OR_RETURN(
      auto row,
      tx.QueryOne(std::string("SELECT ") + kTaskCols + kTaskFrom + " WHERE t.id = ?", {id}));
  if (!row) return std::optional<TaskRecord>();
  return std::optional<TaskRecord>(TaskFromRow(*row));
}

Status UpdateTask(Tx& tx, const TaskRecord& t, std::int64_t expected_version) {
  LINLI_ASSIGN_OR_RETURN(
      auto n, tx.Exec("UPDATE member_tasks SET status = ?, level = ?, level_unit_id = ?, "
                      "overdue_marked = ?, closed_at = ?, version = ? WHERE id = ? AND version = ?",
                      {std::string(domain::TaskStatusName(t.status)), t.level, t.level_unit_id,
                       static_cast<std::int64_t>(t.overdue_marked), OptionalInt(t.closed_at),
                       t.version, t.id, expected_version}));
  if (n != 1)
    return MakeError(ErrorCode::kAborted, "task " + std::to_string(t.id) +
                                              " was changed by someone else meanwhile; reload it "
                                              "and try again");
  return {};
}

Result<std::vector<TaskRecord>> ListTasks(Tx& tx, const TaskFilter& f, std::int64_t limit,
                                          std::int64_t offset) {
  Params params;
  std::string sql = std::string("SELECT ") + kTaskCols + kTaskFrom + Where(f, params) +
                    " ORDER BY t.id DESC LIMIT ? OFFSET ?";
  params.push_back(limit);
  params.push_back(offset);
  LINLI_ASSIGN_OR_RETURN(Rows rows, tx.Query(sql, params));
  std::vector<TaskRecord> out;
  for (const Row& r : rows) out.push_back(TaskFromRow(r));
  return out;
}

Result<std::int64_t> CountTasks(Tx& tx, const TaskFilter& f) {
  Params params;
  LINLI_ASSIGN_OR_RETURN(
      auto row, tx.QueryOne("SELECT COUNT(*) FROM member_tasks t" + Where(f, params), params));
  return row ? row->Int(0) : 0;
}

Result<int> CountPlacesTaken(Tx& tx, std::int64_t task_id) {
  LINLI_ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT COUNT(*) FROM task_claims WHERE task_id = "
                                               "? AND status <> 'withdrawn'",
                                               {task_id}));
  return row ? static_cast<int>(row->Int(0)) : 0;
}

Result<std::vector<std::int64_t>> ListOverdueTaskIds(Tx& tx, std::int64_t now, std::int64_t limit) {
  // The partial index member_tasks_open_due holds only open tasks.
  LINLI_ASSIGN_OR_RETURN(Rows rows,
                         tx.Query("SELECT id FROM member_tasks WHERE status = 'open' AND due_at "
                                  "<= ? AND overdue_marked = 0 ORDER BY due_at, id LIMIT ?",
                                  {now, limit}));
  std::vector<std::int64_t> ids;
  for (const Row& r : rows) ids.push_back(r.Int(0));
  return ids;
}

Result<std::optional<std::int64_t>> FindConfirmedRegistrationId(Tx& tx, std::int64_t account_id,
                                                                std::int64_t estate_id) {
  LINLI_ASSIGN_OR_RETURN(auto row,
                         tx.QueryOne("SELECT id FROM member_registrations WHERE account_id = ? "
                                     "AND estate_id = ? AND status = 'confirmed' ORDER BY id "
                                     "DESC LIMIT 1",
                                     {account_id, estate_id}));
  if (!row) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(row->Int(0));
}

Result<std::int64_t> InsertClaim(Tx& tx, const ClaimRecord& c) {
  return tx.InsertReturningId(
      "INSERT INTO task_claims (task_id, registration_id, status, claimed_at, progress, report, "
      "submitted_at, decided_at, decided_by, decision_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "RETURNING id",
      {c.task_id, c.registration_id, std::string(domain::ClaimStatusName(c.status)), c.claimed_at,
       c.progress, c.report, OptionalInt(c.submitted_at), OptionalInt(c.decided_at),
       OptionalInt(c.decided_by), c.decision_note});
}

Result<std::optional<ClaimRecord>> FindClaim(Tx& tx, std::int64_t id) {
  LINLI_ASSIGN_OR_RETURN(
      auto row,
      tx.QueryOne(std::string("SELECT ") + kClaimCols + kClaimFrom + " WHERE c.id = ?", {id}));
  if (!row) return std::optional<ClaimRecord>();
  return std::optional<ClaimRecord>(ClaimFromRow(*row));
}

Result<std::optional<ClaimRecord>> FindClaimOf(Tx& tx, std::int64_t task_id,
                                               std::int64_t registration_id) {
  LINLI_ASSIGN_OR_RETURN(auto row, tx.QueryOne(std::string("SELECT ") + kClaimCols + kClaimFrom +
                                                   " WHERE c.task_id = ? AND c.registration_id = ?",
                                               {task_id, registration_id}));
  if (!row) return std::optional<ClaimRecord>();
  return std::optional<ClaimRecord>(ClaimFromRow(*row));
}

Status UpdateClaim(Tx& tx, const ClaimRecord& c, domain::ClaimStatus expected) {
  LINLI_ASSIGN_OR_RETURN(
      auto n,
      tx.Exec("UPDATE task_claims SET status = ?, claimed_at = ?, progress = ?, report = ?, "
              "submitted_at = ?, decided_at = ?, decided_by = ?, decision_note = ? WHERE id = ? "
              "AND status = ?",
              {std::string(domain::ClaimStatusName(c.status)), c.claimed_at, c.progress, c.report,
               OptionalInt(c.submitted_at), OptionalInt(c.decided_at), OptionalInt(c.decided_by),
               c.decision_note, c.id, std::string(domain::ClaimStatusName(expected))}));
  if (n != 1)
    return MakeError(ErrorCode::kAborted, "claim " + std::to_string(c.id) +
                                              " was changed by someone else meanwhile; reload it "
                                              "and try again");
  return {};
}

Result<std::vector<ClaimRecord>> ListClaimsOfTask(Tx& tx, std::int64_t task_id) {
  LINLI_ASSIGN_OR_RETURN(Rows rows, tx.Query(std::string("SELECT ") + kClaimCols + kClaimFrom +
                                                 " WHERE c.task_id = ? ORDER BY c.id",
                                             {task_id}));
  std::vector<ClaimRecord> out;
  for (const Row& r : rows) out.push_back(ClaimFromRow(r));
  return out;
}

Result<std::vector<ClaimRecord>> ListClaimsOfAccount(Tx& tx, std::int64_t account_id,
                                                     std::int64_t limit, std::int64_t offset) {
  LINLI_ASSIGN_OR_RETURN(
      Rows rows, tx.Query(std::string("SELECT ") + kClaimCols + kClaimFrom +
                              " WHERE mr.account_id = ? ORDER BY c.id DESC LIMIT ? OFFSET ?",
                          {account_id, limit, offset}));
  std::vector<ClaimRecord> out;
  for (const Row& r : rows) out.push_back(ClaimFromRow(r));
  return out;
}

Result<std::int64_t> CountClaimsOfAccount(Tx& tx, std::int64_t account_id) {
  LINLI_ASSIGN_OR_RETURN(
      auto row, tx.QueryOne("SELECT COUNT(*) FROM task_claims c JOIN member_registrations mr ON "
                            "mr.id = c.registration_id WHERE mr.account_id = ?",
                            {account_id}));
  return row ? row->Int(0) : 0;
}

Status InsertTaskEvent(Tx& tx, const TaskEventRecord& e) {
  LINLI_TRY(
      tx.Exec("INSERT INTO task_events (task_id, claim_id, at, action, actor_account_id, "
              "actor_name, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
              {e.task_id, OptionalInt(e.claim_id), e.at, e.action, OptionalInt(e.actor_account_id),
               e.actor_name, e.note}));
  return {};
}

Result<std::vector<TaskEventRecord>> ListTaskEvents(Tx& tx, std::int64_t task_id) {
  LINLI_ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT id, task_id, claim_id, at, action, "
                                             "actor_account_id, actor_name, note FROM task_events "
                                             "WHERE task_id = ? ORDER BY id",
                                             {task_id}));
  std::vector<TaskEventRecord> out;
  for (const Row& r : rows)
    out.push_back(
        {r.Int(0), r.Int(1), r.OptInt(2), r.Int(3), r.Text(4), r.OptInt(5), r.Text(6), r.Text(7)});
  return out;
}

Result<std::optional<PhotoUse>> FindPhotoUse(Tx& tx, std::int64_t photo_id) {
  LINLI_ASSIGN_OR_RETURN(
      auto row, tx.QueryOne("SELECT account_id, appeal_id, task_claim_id FROM photos WHERE id = ?",
                            {photo_id}));
  if (!row) return std::optional<PhotoUse>();
  return std::optional<PhotoUse>(PhotoUse{row->OptInt(0), row->OptInt(1), row->OptInt(2)});
}

Status AttachPhotoToClaim(Tx& tx, std::int64_t photo_id, std::int64_t claim_id) {
  LINLI_TRY(tx.Exec("UPDATE photos SET task_claim_id = ?, stage = 'report' WHERE id = ?",
                    {claim_id, photo_id}));
  return {};
}

Result<std::vector<PhotoRecord>> ListClaimPhotos(Tx& tx, std::int64_t claim_id) {
  LINLI_ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT id, token, account_id, content_type, size, "
                                             "appeal_id, stage FROM photos WHERE task_claim_id = "
                                             "? ORDER BY id",
                                             {claim_id}));
  std::vector<PhotoRecord> out;
  for (const Row& r : rows) {
    PhotoRecord p;
    p.id = r.Int(0);
    p.token = r.Text(1);
    p.account_id = r.OptInt(2);
    p.content_type = r.Text(3);
    p.size = r.Int(4);
    p.appeal_id = r.OptInt(5);
    p.stage = r.Text(6);
    out.push_back(std::move(p));
  }
  return out;
}

Result<std::vector<AcceptedClaim>> AcceptedClaimsOf(Tx& tx, std::int64_t registration_id,
                                                    UnixSeconds from, UnixSeconds to) {
  LINLI_ASSIGN_OR_RETURN(
      Rows rows,
      tx.Query("SELECT c.id, c.task_id, t.title, c.decided_at, t.hours_minutes, t.points FROM "
               "task_claims c JOIN member_tasks t ON t.id = c.task_id WHERE c.registration_id = ? "
               "AND c.status = 'accepted' AND c.decided_at >= ? AND c.decided_at < ? ORDER BY "
               "c.decided_at, c.id",
               {registration_id, from, to}));
  std::vector<AcceptedClaim> out;
  for (const Row& r : rows)
    out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Int(3), static_cast<int>(r.Int(4)),
                   static_cast<int>(r.Int(5))});
  return out;
}

Result<TaskFigures> TaskFiguresUnder(Tx& tx, const std::string& estate_path_prefix,
                                     UnixSeconds from, UnixSeconds to) {
  auto [lo, hi] = PathRange(estate_path_prefix);
  TaskFigures f;
  LINLI_ASSIGN_OR_RETURN(
      auto claimed,
      tx.QueryOne("SELECT COUNT(*) FROM task_claims c JOIN member_tasks t ON t.id = c.task_id "
                  "WHERE t.estate_path >= ? AND t.estate_path < ? AND c.status <> 'withdrawn' "
                  "AND c.claimed_at >= ? AND c.claimed_at < ?",
                  {lo, hi, from, to}));
  f.claimed = claimed ? claimed->Int(0) : 0;
  LINLI_ASSIGN_OR_RETURN(
      auto accepted,
      tx.QueryOne("SELECT COUNT(*), COALESCE(SUM(CASE WHEN c.decided_at <= t.due_at THEN 1 ELSE "
                  "0 END), 0) FROM task_claims c JOIN member_tasks t ON t.id = c.task_id WHERE "
                  "t.estate_path >= ? AND t.estate_path < ? AND c.status = 'accepted' AND "
                  "c.decided_at >= ? AND c.decided_at < ?",
                  {lo, hi, from, to}));
  if (accepted) {
    f.accepted = accepted->Int(0);
    f.accepted_on_time = accepted->Int(1);
  }
  LINLI_ASSIGN_OR_RETURN(
      auto overdue,
      tx.QueryOne("SELECT COUNT(*) FROM member_tasks t WHERE t.estate_path >= ? AND "
                  "t.estate_path < ? AND t.status = 'open' AND t.overdue_marked = 1 AND "
                  "t.due_at >= ? AND t.due_at < ?",
                  {lo, hi, from, to}));
  f.overdue_open = overdue ? overdue->Int(0) : 0;
  return f;
}

}  // namespace linli::storage
