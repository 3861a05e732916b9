// The branch's task list (党员认领任务单): publishing, the list and one task with its claims and
// timeline, claiming, the claim actions (progress, submit, accept, return, withdraw), closing and
// cancelling, and the caller's own claims for the phone H5 (docs/openapi-parts/member-tasks.json;
// the flow is explained in docs/MEMBER_TASKS.md).
#include <algorithm>

#include "app/member_tasks.hpp"
#include "core/time_format.hpp"
#include "http/api.hpp"
#include "http/json_util.hpp"

namespace linli::http {
namespace {

json::value TimeJson(std::optional<UnixSeconds> t) {
  return t ? json::value(FormatTime(*t)) : json::value(nullptr);
}

json::object PhotoJson(const app::PhotoRef& p) {
  return json::object{{"id", p.id},
                      {"url", "/api/v1/photos/" + p.token},
                      {"content_type", p.content_type},
                      {"size", p.size}};
}

json::object ClaimJson(const app::TaskClaimView& v) {
  const auto& c = v.claim;
  json::array photos;
  for (const auto& p : v.photos) photos.push_back(PhotoJson(p));
  json::array actions;
  for (auto a : v.actions) actions.push_back(json::value(std::string(domain::ClaimActionName(a))));
  return json::object{{"id", c.id},
                      {"task_id", c.task_id},
                      {"registration_id", c.registration_id},
                      {"claimer", json::object{{"name", c.claimer_name}}},
                      {"mine", v.mine},
                      {"status", std::string(domain::ClaimStatusName(c.status))},
                      {"status_label", std::string(domain::ClaimStatusLabel(c.status))},
                      {"claimed_at", FormatTime(c.claimed_at)},
                      {"progress", c.progress},
                      {"report", c.report},
                      {"submitted_at", TimeJson(c.submitted_at)},
                      {"decided_at", TimeJson(c.decided_at)},
                      {"decision_note", c.decision_note},
                      {"photos", std::move(photos)},
                      {"actions", std::move(actions)}};
}

json::object TaskSummaryJson(const storage::TaskRecord& t, bool overdue) {
  return json::object{
      {"id", t.id},
      {"estate", json::object{{"id", t.estate_id}, {"name", t.estate_name}}},
      {"title", t.title},
      {"description", t.description},
      {"source", std::string(domain::TaskSourceName(t.source))},
      {"source_label", std::string(domain::TaskSourceLabel(t.source))},
      {"appeal_id", OptJson(t.appeal_id)},
      {"source_note", t.source_note},
      {"due_at", FormatTime(t.due_at)},
      {"needed", t.needed},
      {"places_taken", t.places_taken},
      {"places_left", std::max(0, t.needed - t.places_taken)},
      {"hours_minutes", t.hours_minutes},
      {"points", t.points},
      {"status", std::string(domain::TaskStatusName(t.status))},
      {"status_label", std::string(domain::TaskStatusLabel(t.status))},
      {"overdue", overdue},
      {"overdue_marked", t.overdue_marked},
      {"level", t.level},
      {"level_unit", json::object{{"id", t.level_unit_id}, {"name", t.level_unit_name}}},
      {"created_at", FormatTime(t.created_at)},
      {"closed_at", TimeJson(t.closed_at)},
      {"version", t.version}};
}

json::object TaskJson(const app::MemberTaskView& v, bool detail) {
  json::object o = TaskSummaryJson(v.task, v.overdue);
  o["my_claim"] = v.my_claim ? json::value(ClaimJson(*v.my_claim)) : json::value(nullptr);
  o["can_claim"] = v.can_claim;
  o["can_manage"] = v.can_manage;
  if (!detail) return o;
  json::array claims;
  for (const auto& c : v.claims) claims.push_back(ClaimJson(c));
  o["claims"] = std::move(claims);
  json::array timeline;
  for (const auto& t : v.timeline)
    timeline.push_back(json::object{{"id", t.id},
                                    {"at", FormatTime(t.at)},
                                    {"action", t.action},
                                    {"claim_id", OptJson(t.claim_id)},
                                    {"actor", t.actor},
                                    {"note", t.note}});
  o["timeline"] = std::move(timeline);
  return o;
}

json::object TaskDetailJson(const app::MemberTaskView& v) { return TaskJson(v, true); }

// An integer field as an int; out-of-range values are clamped so that the use case's range check
// names them.
Result<std::optional<int>> OptionalSmallInt(const json::object& o, const char* key) {
  LINLI_ASSIGN_OR_RETURN(auto v, OptionalInt(o, key));
  if (!v) return std::optional<int>();
  return std::optional<int>(static_cast<int>(std::clamp<std::int64_t>(*v, -1, 10'000'000)));
}

Result<app::NewTask> ParseNewTask(const json::object& body) {
  app::NewTask in;
  LINLI_ASSIGN_OR_RETURN(in.title, RequiredString(body, "title"));
  LINLI_ASSIGN_OR_RETURN(auto description, OptionalString(body, "description"));
  in.description = description.value_or("");
  LINLI_ASSIGN_OR_RETURN(in.source, RequiredString(body, "source"));
  LINLI_ASSIGN_OR_RETURN(in.appeal_id, OptionalInt(body, "appeal_id"));
  LINLI_ASSIGN_OR_RETURN(auto note, OptionalString(body, "source_note"));
  in.source_note = note.value_or("");
  LINLI_ASSIGN_OR_RETURN(in.due_at, RequiredString(body, "due_at"));
  LINLI_ASSIGN_OR_RETURN(auto needed, OptionalSmallInt(body, "needed"));
  if (!needed)
    return InvalidArgument("needed (how many people the task needs) is required", "needed");
  in.needed = *needed;
  LINLI_ASSIGN_OR_RETURN(auto minutes, OptionalSmallInt(body, "hours_minutes"));
  in.hours_minutes = minutes.value_or(0);
  LINLI_ASSIGN_OR_RETURN(in.points, OptionalSmallInt(body, "points"));
  return in;
}

Result<app::ClaimActionInput> ParseClaimAction(const json::object& body) {
  app::ClaimActionInput in;
  LINLI_ASSIGN_OR_RETURN(auto action, RequiredString(body, "action"));
  auto a = domain::ParseClaimAction(action);
  if (!a)
    return InvalidArgument("action must be one of progress, submit, accept, return, withdraw",
                           "action");
  in.action = *a;
  LINLI_ASSIGN_OR_RETURN(auto note, OptionalString(body, "note"));
  in.note = note.value_or("");
  LINLI_ASSIGN_OR_RETURN(auto report, OptionalString(body, "report"));
  in.report = report.value_or("");
  LINLI_ASSIGN_OR_RETURN(in.photo_ids, IdArray(body, "photo_ids"));
  return in;
}

// {"note"} or an empty body.
Result<std::string> OptionalNote(const Request& req) {
  if (req.body.empty()) return std::string();
  LINLI_ASSIGN_OR_RETURN(auto body, ParseObject(req));
  LINLI_ASSIGN_OR_RETURN(auto note, OptionalString(body, "note"));
  return note.value_or("");
}

}  // namespace

void RegisterMemberTaskRoutes(Router& r, Api& api) {
  auto svc = [&api] { return app::MemberTaskService(api.env); };

  r.Add("GET", "/api/v1/estates/{id}/member-tasks",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto page = ParsePage(req);
          if (!page) return ErrorOf(page.error());
          app::TaskQuery q;
          q.estate_id = *id;
          q.status = req.Query("status");
          if (q.status && q.status->empty()) q.status.reset();
          return Reply(svc().List(who, q, *page), [](const app::Paged<app::MemberTaskView>& p) {
            json::array items;
            for (const auto& v : p.items) items.push_back(TaskJson(v, false));
            return PagedJson(p, std::move(items));
          });
        }));
  r.Add("POST", "/api/v1/estates/{id}/member-tasks",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto in = ParseNewTask(*body);
          if (!in) return ErrorOf(in.error());
          in->estate_id = *id;
          return Reply(svc().Publish(who, *in), TaskDetailJson, 201);
        }));
  r.Add("GET", "/api/v1/member-tasks/{id}",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(svc().Get(who, *id), TaskDetailJson);
        }));
  r.Add("POST", "/api/v1/member-tasks/{id}/claims",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(svc().Claim(who, *id), TaskDetailJson, 201);
        }));
  r.Add("POST", "/api/v1/task-claims/{id}/actions",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto in = ParseClaimAction(*body);
          if (!in) return ErrorOf(in.error());
          return Reply(svc().Act(who, *id, *in), TaskDetailJson);
        }));
  r.Add("POST", "/api/v1/member-tasks/{id}/close",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto note = OptionalNote(req);
          if (!note) return ErrorOf(note.error());
          return Reply(svc().Close(who, *id, *note), TaskDetailJson);
        }));
  r.Add("POST", "/api/v1/member-tasks/{id}/cancel",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto note = OptionalNote(req);
          if (!note) return ErrorOf(note.error());
          return Reply(svc().Cancel(who, *id, *note), TaskDetailJson);
        }));
  r.Add("GET", "/api/v1/me/task-claims",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto page = ParsePage(req);
          if (!page) return ErrorOf(page.error());
          return Reply(svc().MyClaims(who, *page), [](const app::Paged<app::MyClaimView>& p) {
            json::array items;
            for (const auto& v : p.items) {
              json::object o = ClaimJson(v.claim);
              o["task"] = TaskSummaryJson(v.task, v.overdue);
              items.push_back(std::move(o));
            }
            return PagedJson(p, std::move(items));
          });
        }));
}

}  // namespace linli::http
