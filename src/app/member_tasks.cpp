#include "app/member_tasks.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "app/audit.hpp"
#include "app/authz.hpp"
#include "app/members.hpp"
#include "app/units.hpp"
#include "core/mask.hpp"
#include "core/text.hpp"
#include "core/time_format.hpp"
#include "domain/appeals/appeal.hpp"
#include "storage/repos/appeals.hpp"
#include "storage/repos/member_tasks.hpp"

namespace linli::app {
namespace json = boost::json;
using domain::ClaimAction;
using domain::ClaimStatus;
using domain::Permission;
using domain::TaskStatus;
using storage::ClaimRecord;
using storage::TaskRecord;

namespace {

// Everyone who works the estate's task list beyond claiming: the branch, the owners'
// representatives who accept results, and those who read the members' records.
bool IsTaskStaff(const Principal& who, std::string_view estate_path) {
  return Allows(who, Permission::kReadMembers, estate_path) ||
         Allows(who, Permission::kManageMembers, estate_path) ||
         Allows(who, Permission::kAcceptTasks, estate_path);
}

std::string TaskTitle(const TaskRecord& t) {
  return "#" + std::to_string(t.id) + "「" + t.title + "」";
}

json::value TaskAuditJson(const TaskRecord& t) {
  return json::object{{"status", std::string(domain::TaskStatusName(t.status))},
                      {"title", t.title},
                      {"source", std::string(domain::TaskSourceName(t.source))},
                      {"appeal_id", t.appeal_id ? json::value(*t.appeal_id) : json::value(nullptr)},
                      {"due_at", FormatTime(t.due_at)},
                      {"needed", t.needed},
                      {"hours_minutes", t.hours_minutes},
                      {"points", t.points},
                      {"level", t.level}};
}

json::value ClaimAuditJson(const ClaimRecord& c) {
  return json::object{{"task_id", c.task_id},
                      {"registration_id", c.registration_id},
                      {"status", std::string(domain::ClaimStatusName(c.status))}};
}

bool IsMine(const Principal& who, const ClaimRecord& c) {
  return c.account_id && *c.account_id == who.account_id;
}

// What the viewer may do with the claim now (state and role).
std::vector<ClaimAction> ActionsFor(const Principal& who, const ClaimRecord& c,
                                    const TaskRecord& t) {
  std::vector<ClaimAction> out;
  if (t.status != TaskStatus::kOpen) return out;
  const bool mine = IsMine(who, c);
  const bool accepter = !mine && Allows(who, Permission::kAcceptTasks, t.estate_path);
  for (auto a : {ClaimAction::kProgress, ClaimAction::kSubmit, ClaimAction::kWithdraw,
                 ClaimAction::kAccept, ClaimAction::kReturn}) {
    if (!domain::ApplyClaimAction(c.status, a)) continue;
    if (domain::ClaimerAction(a) ? mine : accepter) out.push_back(a);
  }
  return out;
}

PhotoRef PhotoRefOf(const storage::PhotoRecord& p) {
  return PhotoRef{p.id, p.token, p.content_type, p.size, p.stage};
}

Result<TaskClaimView> ClaimViewOf(storage::Tx& tx, const Principal& who, ClaimRecord c,
                                  const TaskRecord& t, bool full) {
  TaskClaimView v;
  v.mine = IsMine(who, c);
  if (!full && !v.mine) c.claimer_name = MaskName(c.claimer_name);
  v.actions = ActionsFor(who, c, t);
  LINLI_ASSIGN_OR_RETURN(auto photos, storage::ListClaimPhotos(tx, c.id));
  for (const auto& p : photos) v.photos.push_back(PhotoRefOf(p));
  v.claim = std::move(c);
  return v;
}

// The view of a task for `who`, whose confirmed registration with the estate is `registration`.
Result<MemberTaskView> TaskViewOf(storage::Tx& tx, const Env& env, const Principal& who,
                                  const TaskRecord& t, std::optional<std::int64_t> registration,
                                  bool details) {
  const UnixSeconds now = env.clock.Now();
  const bool full = Allows(who, Permission::kReadPersonalData, t.estate_path);
  MemberTaskView v;
  v.task = t;
  v.overdue = domain::TaskOverdue(t.status, t.due_at, now);
  v.can_manage =
      t.status == TaskStatus::kOpen && Allows(who, Permission::kManageMembers, t.estate_path);
  std::optional<ClaimRecord> mine;
  if (registration) {
    LINLI_ASSIGN_OR_RETURN(mine, storage::FindClaimOf(tx, t.id, *registration));
    if (mine) {
      LINLI_ASSIGN_OR_RETURN(auto cv, ClaimViewOf(tx, who, *mine, t, full));
      v.my_claim = std::move(cv);
    }
    v.can_claim = Allows(who, Permission::kClaimTasks, t.estate_path) &&
                  (!mine || mine->status == ClaimStatus::kWithdrawn) &&
                  domain::CheckClaimable(t.status, t.due_at, t.needed, t.places_taken, now);
  }
  if (!details) return v;
  LINLI_ASSIGN_OR_RETURN(auto claims, storage::ListClaimsOfTask(tx, t.id));
  for (auto& c : claims) {
    LINLI_ASSIGN_OR_RETURN(auto cv, ClaimViewOf(tx, who, std::move(c), t, full));
    v.claims.push_back(std::move(cv));
  }
  LINLI_ASSIGN_OR_RETURN(auto events, storage::ListTaskEvents(tx, t.id));
  for (const auto& e : events) {
    TaskTimelineEntry entry{e.id, e.at, e.action, e.claim_id, "", e.note};
    const bool self = e.actor_account_id && *e.actor_account_id == who.account_id;
    if (!e.actor_account_id)
      entry.actor = "系统";
    else
      entry.actor = full || self ? e.actor_name : MaskName(e.actor_name);
    v.timeline.push_back(std::move(entry));
  }
  return v;
}

// The caller's confirmed registration with the estate, when they may claim there at all.
Result<std::optional<std::int64_t>> RegistrationOf(storage::Tx& tx, const Principal& who,
                                                   std::int64_t estate_id,
                                                   std::string_view estate_path) {
  if (!Allows(who, Permission::kClaimTasks, estate_path)) return std::optional<std::int64_t>();
  return storage::FindConfirmedRegistrationId(tx, who.account_id, estate_id);
}

// Tells the accounts `to` (but `except`) about the task `task_id`; the notification links to it.
Status Notify(storage::Tx& tx, const std::vector<std::int64_t>& to, std::int64_t task_id,
              const std::string& text, std::optional<std::int64_t> except, UnixSeconds now) {
  std::vector<std::int64_t> sent;
  for (auto id : to) {
    if ((except && id == *except) || std::find(sent.begin(), sent.end(), id) != sent.end())
      continue;
    sent.push_back(id);
    LINLI_TRY(storage::InsertNotificationAbout(tx, id, "task", task_id, text, now));
  }
  return {};
}

// Members whose claims hold a place on the task (told when it closes or is cancelled).
Result<std::vector<std::int64_t>> ClaimersOf(storage::Tx& tx, std::int64_t task_id) {
  LINLI_ASSIGN_OR_RETURN(auto claims, storage::ListClaimsOfTask(tx, task_id));
  std::vector<std::int64_t> out;
  for (const auto& c : claims)
    if (domain::ClaimHoldsPlace(c.status) && c.account_id) out.push_back(*c.account_id);
  return out;
}

// Roles whose holders manage the members on a unit (kManageMembers), for notifications.
const std::vector<std::string>& ManagerRoles() {
  static const std::vector<std::string> kRoles = {"branch", "official", "admin"};
  return kRoles;
}

}  // namespace

// ---- Publishing ---------------------------------------------------------------------------------

Result<MemberTaskView> MemberTaskService::Publish(const Principal& who, const NewTask& in) {
  auto source = domain::ParseTaskSource(in.source);
  if (!source) return InvalidArgument("source must be problem, decision or plan", "source");
  auto due = ParseTime(in.due_at);
  if (!due)
    return InvalidArgument("due_at must be an RFC 3339 time such as 2026-03-20T18:00:00+08:00",
                           "due_at");
  const UnixSeconds now = env_.clock.Now();
  domain::TaskDraft d;
  d.title = std::string(Trim(in.title));
  d.description = std::string(Trim(in.description));
  d.source = *source;
  d.appeal_id = in.appeal_id;
  d.source_note = std::string(Trim(in.source_note));
  d.due_at = *due;
  d.needed = in.needed;
  d.hours_minutes = in.hours_minutes;
  if (in.points) {
    d.points = *in.points;
  } else {
    // The task_points of the rules that apply to the estate (nearest unit up the tree that set
    // them); a failure here (no such estate) is answered by the checks below.
    auto rules = MemberService(env_).Rules(who, in.estate_id);
    d.points = rules ? rules->rules.task_points : domain::DefaultMemberRules().task_points;
  }
  if (!IsValidUtf8(in.title) || !IsValidUtf8(in.description) || !IsValidUtf8(in.source_note))
    return InvalidArgument("title, description and source_note must be UTF-8 text", "title");
  LINLI_TRY(domain::CheckTaskDraft(d, now));
  std::int64_t id = 0;
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, in.estate_id));
    LINLI_TRY(Require(who, Permission::kManageMembers, estate.path,
                      "publish tasks for the party members of this estate"));
    if (d.appeal_id) {
      LINLI_ASSIGN_OR_RETURN(auto appeal, storage::FindAppeal(tx, *d.appeal_id));
      if (!appeal || appeal->appeal.estate_id != estate.id)
        return NotFound("appeal " + std::to_string(*d.appeal_id) + " is not a problem of estate " +
                            std::to_string(estate.id),
                        "appeal_id");
    }
    TaskRecord t;
    t.estate_id = estate.id;
    t.estate_path = estate.path;
    t.title = d.title;
    t.description = d.description;
    t.source = d.source;
    t.appeal_id = d.appeal_id;
    t.source_note = d.source_note;
    t.due_at = d.due_at;
    t.needed = d.needed;
    t.hours_minutes = d.hours_minutes;
    t.points = d.points;
    t.status = TaskStatus::kOpen;
    t.level = "estate";
    t.level_unit_id = estate.id;
    t.created_by = who.account_id;
    t.created_at = now;
    LINLI_ASSIGN_OR_RETURN(id, storage::InsertTask(tx, t));
    t.id = id;
    std::string note = "来源：" + std::string(domain::TaskSourceLabel(t.source));
    if (t.appeal_id) note += " #" + std::to_string(*t.appeal_id);
    if (!t.source_note.empty()) note += "（" + t.source_note + "）";
    LINLI_TRY(storage::InsertTaskEvent(
        tx, {0, id, std::nullopt, now, "publish", who.account_id, who.name, note}));
    LINLI_ASSIGN_OR_RETURN(auto members, storage::AccountsWithRoleOn(tx, estate.id, {"member"}));
    LINLI_TRY(Notify(tx, members, id,
                     "新任务待认领 " + TaskTitle(t) + "：需要" + std::to_string(t.needed) + "人，" +
                         FormatTime(t.due_at).substr(0, 10) + "前完成",
                     who.account_id, now));
    return RecordAudit(tx, env_, &who,
                       {"create", "member_task", id, estate.path, nullptr, TaskAuditJson(t)});
  }));
  return Get(who, id);
}

// ---- Reading ------------------------------------------------------------------------------------

Result<Paged<MemberTaskView>> MemberTaskService::List(const Principal& who, const TaskQuery& q,
                                                      Page page) {
  storage::TaskFilter f;
  f.estate_id = q.estate_id;
  if (q.status && *q.status == "overdue") {
    f.overdue_at = env_.clock.Now();
  } else if (q.status) {
    if (!domain::ParseTaskStatus(*q.status))
      return InvalidArgument("status must be open, done, cancelled or overdue", "status");
    f.statuses = {*q.status};
  }
  return env_.db.Read([&](storage::Tx& tx) -> Result<Paged<MemberTaskView>> {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, q.estate_id));
    LINLI_ASSIGN_OR_RETURN(auto registration, RegistrationOf(tx, who, estate.id, estate.path));
    if (!IsTaskStaff(who, estate.path)) {
      if (!Allows(who, Permission::kClaimTasks, estate.path))
        return PermissionDenied("your roles do not allow you to see the task list of estate " +
                                std::to_string(estate.id));
      // A member sees what is open to claim and what they claimed.
      f.open_or_claimed_by = registration.value_or(0);
    }
    Paged<MemberTaskView> out;
    out.page = page;
    LINLI_ASSIGN_OR_RETURN(out.total, storage::CountTasks(tx, f));
    LINLI_ASSIGN_OR_RETURN(auto tasks, storage::ListTasks(tx, f, page.page_size, page.Offset()));
    for (const auto& t : tasks) {
      LINLI_ASSIGN_OR_RETURN(auto v, TaskViewOf(tx, env_, who, t, registration, false));
      out.items.push_back(std::move(v));
    }
    return out;
  });
}

Result<MemberTaskView> MemberTaskService::Get(const Principal& who, std::int64_t id) {
  return env_.db.Read([&](storage::Tx& tx) { return GetIn(tx, who, id); });
}

Result<MemberTaskView> MemberTaskService::GetIn(storage::Tx& tx, const Principal& who,
                                                std::int64_t id) {
  LINLI_ASSIGN_OR_RETURN(auto t, storage::FindTask(tx, id));
  if (!t) return NotFound("task " + std::to_string(id) + " does not exist", "id");
  LINLI_ASSIGN_OR_RETURN(auto registration, RegistrationOf(tx, who, t->estate_id, t->estate_path));
  LINLI_ASSIGN_OR_RETURN(auto v, TaskViewOf(tx, env_, who, *t, registration, true));
  if (!IsTaskStaff(who, t->estate_path)) {
    const bool member = Allows(who, Permission::kClaimTasks, t->estate_path);
    const bool claimed = std::any_of(v.claims.begin(), v.claims.end(),
                                     [](const TaskClaimView& c) { return c.mine; });
    if (!member || (t->status != TaskStatus::kOpen && !claimed))
      return PermissionDenied("your roles do not allow you to read task " + std::to_string(id));
  }
  return v;
}

Result<Paged<MyClaimView>> MemberTaskService::MyClaims(const Principal& who, Page page) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<Paged<MyClaimView>> {
    Paged<MyClaimView> out;
    out.page = page;
    LINLI_ASSIGN_OR_RETURN(out.total, storage::CountClaimsOfAccount(tx, who.account_id));
    LINLI_ASSIGN_OR_RETURN(auto claims, storage::ListClaimsOfAccount(
                                            tx, who.account_id, page.page_size, page.Offset()));
    for (auto& c : claims) {
      LINLI_ASSIGN_OR_RETURN(auto t, storage::FindTask(tx, c.task_id));
      if (!t) continue;
      MyClaimView v;
      v.overdue = domain::TaskOverdue(t->status, t->due_at, env_.clock.Now());
      LINLI_ASSIGN_OR_RETURN(v.claim, ClaimViewOf(tx, who, std::move(c), *t, true));
      v.task = std::move(*t);
      out.items.push_back(std::move(v));
    }
    return out;
  });
}

// ---- Claiming -----------------------------------------------------------------------------------

Result<MemberTaskView> MemberTaskService::Claim(const Principal& who, std::int64_t task_id) {
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto t, storage::FindTask(tx, task_id));
    if (!t) return NotFound("task " + std::to_string(task_id) + " does not exist", "id");
    LINLI_TRY(Require(who, Permission::kClaimTasks, t->estate_path,
                      "claim the tasks of this estate's branch"));
    LINLI_ASSIGN_OR_RETURN(auto registration,
                           storage::FindConfirmedRegistrationId(tx, who.account_id, t->estate_id));
    if (!registration)
      return PermissionDenied("you have no confirmed registration (报到) with " + t->estate_name +
                              "; register with its party branch first, then claim tasks there");
    LINLI_ASSIGN_OR_RETURN(auto existing, storage::FindClaimOf(tx, t->id, *registration));
    if (existing && existing->status != ClaimStatus::kWithdrawn)
      return AlreadyExists("you claimed task " + std::to_string(t->id) + " already (claim " +
                               std::to_string(existing->id) + ", " +
                               std::string(domain::ClaimStatusName(existing->status)) + ")",
                           "id");
    const UnixSeconds now = env_.clock.Now();
    LINLI_TRY(domain::CheckClaimable(t->status, t->due_at, t->needed, t->places_taken, now));
    ClaimRecord c;
    c.task_id = t->id;
    c.registration_id = *registration;
    c.status = ClaimStatus::kClaimed;
    c.claimed_at = now;
    if (existing) {
      // Claiming again after giving up: the same claim, started afresh.
      c.id = existing->id;
      LINLI_TRY(storage::UpdateClaim(tx, c, ClaimStatus::kWithdrawn));
    } else {
      LINLI_ASSIGN_OR_RETURN(c.id, storage::InsertClaim(tx, c));
    }
    // Bumping the task's version serialises claims: two members racing for the last place cannot
    // both take it (the loser's transaction is aborted).
    TaskRecord after = *t;
    after.version = t->version + 1;
    LINLI_TRY(storage::UpdateTask(tx, after, t->version));
    LINLI_TRY(storage::InsertTaskEvent(
        tx, {0, t->id, c.id, now, "claim", who.account_id, who.name, existing ? "重新认领" : ""}));
    return RecordAudit(
        tx, env_, &who,
        {"claim", "task_claim", c.id, t->estate_path,
         existing ? ClaimAuditJson(*existing) : json::value(nullptr), ClaimAuditJson(c)});
  }));
  return Get(who, task_id);
}

Result<MemberTaskView> MemberTaskService::Act(const Principal& who, std::int64_t claim_id,
                                              const ClaimActionInput& in) {
  LINLI_TRY(domain::CheckClaimActionText(in.action, in.note, in.report));
  if (!in.photo_ids.empty() && in.action != ClaimAction::kSubmit)
    return InvalidArgument("photos come with the submitted result (action submit)", "photo_ids");
  if (static_cast<int>(in.photo_ids.size()) > kMaxPhotos)
    return InvalidArgument("at most " + std::to_string(kMaxPhotos) + " photos per report; " +
                               std::to_string(in.photo_ids.size()) + " were given",
                           "photo_ids");
  const auto action_name = std::string(domain::ClaimActionName(in.action));
  std::int64_t task_id = 0;
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto before, storage::FindClaim(tx, claim_id));
    if (!before) return NotFound("claim " + std::to_string(claim_id) + " does not exist", "id");
    LINLI_ASSIGN_OR_RETURN(auto t, storage::FindTask(tx, before->task_id));
    if (!t) return Internal("claim " + std::to_string(claim_id) + " has no task");
    task_id = t->id;
    const bool mine = IsMine(who, *before);
    if (domain::ClaimerAction(in.action)) {
      if (!mine)
        return PermissionDenied("only the member who claimed it may " + action_name + " claim " +
                                std::to_string(claim_id));
    } else {
      LINLI_TRY(Require(who, Permission::kAcceptTasks, t->estate_path,
                        "accept or send back the results of tasks here"));
      if (mine)
        return PermissionDenied(
            "you cannot " + action_name +
            " your own result; another owners' representative or the branch decides");
    }
    if (t->status != TaskStatus::kOpen)
      return FailedPrecondition("task " + std::to_string(t->id) + " is " +
                                std::string(domain::TaskStatusName(t->status)) +
                                "; its claims can no longer change");
    LINLI_ASSIGN_OR_RETURN(auto next, domain::ApplyClaimAction(before->status, in.action));
    const UnixSeconds now = env_.clock.Now();
    ClaimRecord after = *before;
    after.status = next;
    const std::string note(Trim(in.note));
    std::string event_note = note;
    switch (in.action) {
      case ClaimAction::kProgress:
        after.progress = note;
        break;
      case ClaimAction::kSubmit:
        after.report = std::string(Trim(in.report));
        after.submitted_at = now;
        event_note = after.report;
        if (!in.photo_ids.empty())
          event_note += "（照片" + std::to_string(in.photo_ids.size()) + "张）";
        break;
      case ClaimAction::kAccept:
      case ClaimAction::kReturn:
        after.decided_at = now;
        after.decided_by = who.account_id;
        after.decision_note = note;
        break;
      case ClaimAction::kWithdraw:
        break;
    }
    LINLI_TRY(storage::UpdateClaim(tx, after, before->status));
    for (size_t i = 0; i < in.photo_ids.size(); ++i) {
      const std::string field = "photo_ids[" + std::to_string(i) + "]";
      LINLI_ASSIGN_OR_RETURN(auto use, storage::FindPhotoUse(tx, in.photo_ids[i]));
      if (!use || use->account_id != who.account_id)
        return NotFound("photo " + std::to_string(in.photo_ids[i]) +
                            " was not uploaded by you; upload it with POST /api/v1/photos first",
                        field);
      if (use->appeal_id || (use->task_claim_id && *use->task_claim_id != claim_id))
        return InvalidArgument(
            "photo " + std::to_string(in.photo_ids[i]) + " already belongs to another report",
            field);
      LINLI_TRY(storage::AttachPhotoToClaim(tx, in.photo_ids[i], claim_id));
    }
    // Every change to a claim passes through its task's version, so that closing the task and
    // acting on one of its claims cannot interleave.
    TaskRecord bumped = *t;
    bumped.version = t->version + 1;
    LINLI_TRY(storage::UpdateTask(tx, bumped, t->version));
    LINLI_TRY(storage::InsertTaskEvent(
        tx, {0, t->id, claim_id, now, action_name, who.account_id, who.name, event_note}));
    const std::string title = TaskTitle(*t);
    if (in.action == ClaimAction::kSubmit) {
      LINLI_ASSIGN_OR_RETURN(
          auto to, storage::AccountsWithRoleOn(tx, t->estate_id, {"branch", "committee"}));
      LINLI_TRY(Notify(tx, to, t->id, "任务 " + title + " 有成果待验收：" + t->estate_name,
                       who.account_id, now));
    } else if ((in.action == ClaimAction::kAccept || in.action == ClaimAction::kReturn) &&
               before->account_id) {
      LINLI_TRY(
          Notify(tx, {*before->account_id}, t->id,
                 "您认领的任务 " + title +
                     (in.action == ClaimAction::kAccept ? " 已通过验收" : " 被退回整改：" + note),
                 who.account_id, now));
    }
    return RecordAudit(tx, env_, &who,
                       {action_name, "task_claim", claim_id, t->estate_path,
                        ClaimAuditJson(*before), ClaimAuditJson(after)});
  }));
  return Get(who, task_id);
}

// ---- Closing ------------------------------------------------------------------------------------

namespace {

// Closes (done) or cancels an open task: the checks on its claims, the event, the claimers told.
Status EndTask(storage::Tx& tx, const Env& env, const Principal& who, std::int64_t id,
               TaskStatus to, const std::string& note) {
  const bool cancel = to == TaskStatus::kCancelled;
  LINLI_ASSIGN_OR_RETURN(auto t, storage::FindTask(tx, id));
  if (!t) return NotFound("task " + std::to_string(id) + " does not exist", "id");
  LINLI_TRY(Require(who, Permission::kManageMembers, t->estate_path,
                    cancel ? "cancel tasks of this estate" : "close tasks of this estate"));
  if (t->status != TaskStatus::kOpen)
    return FailedPrecondition("task " + std::to_string(id) + " is " +
                              std::string(domain::TaskStatusName(t->status)) + " already");
  LINLI_ASSIGN_OR_RETURN(auto claims, storage::ListClaimsOfTask(tx, id));
  int waiting = 0, accepted = 0;
  for (const auto& c : claims) {
    if (c.status == ClaimStatus::kSubmitted) ++waiting;
    if (c.status == ClaimStatus::kAccepted) ++accepted;
  }
  if (waiting > 0)
    return FailedPrecondition(std::to_string(waiting) + " result(s) of task " + std::to_string(id) +
                              " await acceptance; accept or send them back first");
  if (cancel && accepted > 0)
    return FailedPrecondition(std::to_string(accepted) + " result(s) of task " +
                              std::to_string(id) + " were accepted; close it instead");
  if (Utf8Length(note) > 500) return InvalidArgument("note must be at most 500 characters", "note");
  const UnixSeconds now = env.clock.Now();
  TaskRecord after = *t;
  after.status = to;
  after.closed_at = now;
  after.version = t->version + 1;
  LINLI_TRY(storage::UpdateTask(tx, after, t->version));
  const std::string action = cancel ? "cancel" : "close";
  LINLI_TRY(storage::InsertTaskEvent(
      tx, {0, id, std::nullopt, now, action, who.account_id, who.name, std::string(Trim(note))}));
  LINLI_ASSIGN_OR_RETURN(auto claimers, ClaimersOf(tx, id));
  LINLI_TRY(Notify(tx, claimers, t->id,
                   "您认领的任务 " + TaskTitle(*t) + (cancel ? " 已取消" : " 已结束"),
                   who.account_id, now));
  return RecordAudit(
      tx, env, &who,
      {action, "member_task", id, t->estate_path, TaskAuditJson(*t), TaskAuditJson(after)});
}

}  // namespace

Result<MemberTaskView> MemberTaskService::Close(const Principal& who, std::int64_t id,
                                                const std::string& note) {
  LINLI_TRY(env_.db.Write(
      [&](storage::Tx& tx) { return EndTask(tx, env_, who, id, TaskStatus::kDone, note); }));
  return Get(who, id);
}

Result<MemberTaskView> MemberTaskService::Cancel(const Principal& who, std::int64_t id,
                                                 const std::string& note) {
  LINLI_TRY(env_.db.Write(
      [&](storage::Tx& tx) { return EndTask(tx, env_, who, id, TaskStatus::kCancelled, note); }));
  return Get(who, id);
}

// ---- The scheduled job --------------------------------------------------------------------------

Result<int> MemberTaskService::EscalateOverdue() {
  const UnixSeconds now = env_.clock.Now();
  LINLI_ASSIGN_OR_RETURN(auto ids, env_.db.Read([&](storage::Tx& tx) {
    return storage::ListOverdueTaskIds(tx, now, 500);
  }));
  int flagged = 0;
  for (auto id : ids) {
    // One transaction per task: a failure leaves the others flagged and this one as it was.
    auto r = env_.db.Write([&](storage::Tx& tx) -> Result<bool> {
      LINLI_ASSIGN_OR_RETURN(auto t, storage::FindTask(tx, id));
      if (!t || t->overdue_marked || !domain::TaskOverdue(t->status, t->due_at, now)) return false;
      TaskRecord after = *t;
      after.overdue_marked = true;
      after.version = t->version + 1;
      // One level up the tree, like an overdue problem: estate -> community -> street ->
      // district; at the top it stays where it is.
      LINLI_ASSIGN_OR_RETURN(auto level_unit, LoadUnit(tx, t->level_unit_id));
      std::optional<domain::Unit> parent;
      if (level_unit.parent_id && t->level != "district") {
        LINLI_ASSIGN_OR_RETURN(parent, LoadUnit(tx, *level_unit.parent_id));
      }
      auto lvl =
          parent ? domain::LevelOfUnitKind(domain::UnitKindName(parent->kind)) : std::nullopt;
      std::string note = "超过期限（" + FormatTime(t->due_at).substr(0, 16) + "）未完成";
      if (lvl) {
        after.level = std::string(domain::AppealLevelName(*lvl));
        after.level_unit_id = parent->id;
        note += "，自动上报至" + parent->name;
      }
      LINLI_TRY(storage::UpdateTask(tx, after, t->version));
      LINLI_TRY(storage::InsertTaskEvent(
          tx, {0, id, std::nullopt, now, "auto_escalate", std::nullopt, "", note}));
      LINLI_ASSIGN_OR_RETURN(auto up,
                             storage::AccountsWithRoleOn(tx, after.level_unit_id, ManagerRoles()));
      LINLI_ASSIGN_OR_RETURN(auto branch,
                             storage::AccountsWithRoleOn(tx, t->estate_id, {"branch"}));
      up.insert(up.end(), branch.begin(), branch.end());
      LINLI_TRY(
          Notify(tx, up, t->id,
                 "任务超期 " + TaskTitle(*t) + "：" + t->estate_name + "，" + note + "，请督办",
                 std::nullopt, now));
      LINLI_TRY(RecordAudit(tx, env_, nullptr,
                            {"auto_escalate", "member_task", id, t->estate_path, TaskAuditJson(*t),
                             TaskAuditJson(after)}));
      return true;
    });
    if (r && *r) ++flagged;
  }
  return flagged;
}

}  // namespace linli::app
