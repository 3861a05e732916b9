// Meetings and supervision (docs/openapi-parts/meetings.json; the flow is explained in
// docs/MEETINGS.md): scheduling a meeting or a series, the list and one meeting, changing or
// cancelling one occurrence, minutes, publication and the residents' public list, action items,
// the open problems offered for the agenda, the committee's yearly attendance, the community
// party organisation's supervision records and the four musts (四必).
#include <algorithm>

#include "app/meetings.hpp"
#include "core/time_format.hpp"
#include "http/api.hpp"
#include "http/json_util.hpp"

namespace linli::http {
namespace {

json::value TimeJson(std::optional<UnixSeconds> t) {
  return t ? json::value(FormatTime(*t)) : json::value(nullptr);
}

json::object ActionJson(const app::ActionView& v) {
  const auto& a = v.action;
  return json::object{
      {"id", a.id},
      {"decision_id", a.decision_id},
      {"meeting_id", a.meeting_id},
      {"meeting_title", a.meeting_title},
      {"title", a.title},
      {"owner", json::object{{"person_id", OptJson(a.owner_person_id)}, {"name", a.owner_name}}},
      {"due_at", FormatTime(a.due_at)},
      {"done", a.done_at.has_value()},
      {"done_at", TimeJson(a.done_at)},
      {"done_note", a.done_note},
      {"late", v.late}};
}

json::object DecisionJson(const app::DecisionView& v) {
  const auto& d = v.decision;
  json::array actions;
  for (const auto& a : v.actions) actions.push_back(ActionJson(a));
  return json::object{{"id", d.id},
                      {"position", d.position},
                      {"text", d.text},
                      {"in_favour", d.in_favour ? json::value(*d.in_favour) : json::value(nullptr)},
                      {"passed", d.passed},
                      {"major", d.major},
                      {"project", d.project},
                      {"actions", std::move(actions)}};
}

json::object MeetingSummaryJson(const storage::MeetingRecord& m) {
  return json::object{
      {"id", m.id},
      {"unit", json::object{{"id", m.unit_id}, {"name", m.unit_name}, {"kind", m.unit_kind}}},
      {"kind", std::string(domain::MeetingKindName(m.kind))},
      {"kind_label", std::string(domain::MeetingKindLabel(m.kind))},
      {"title", m.title},
      {"location", m.location},
      {"starts_at", FormatTime(m.starts_at)},
      {"status", std::string(domain::MeetingStatusName(m.status))},
      {"series", m.series_id ? json::value(json::object{{"id", *m.series_id},
                                                        {"recurrence", m.series_recurrence},
                                                        {"index", m.series_index},
                                                        {"size", m.series_size}})
                             : json::value(nullptr)},
      {"committee", m.committee_id ? json::value(json::object{{"id", *m.committee_id},
                                                              {"name", m.committee_name}})
                                   : json::value(nullptr)},
      {"held_at", TimeJson(m.held_at)},
      {"published_at", TimeJson(m.published_at)},
      {"publish_by", TimeJson(m.publish_by)},
      {"version", m.version}};
}

json::object MeetingJson(const app::MeetingView& v, bool detail) {
  json::object o = MeetingSummaryJson(v.meeting);
  o["notice_at"] = FormatTime(v.meeting.notice_at);
  o["notice_days"] = v.notice_days;
  o["notice_late"] = v.notice_late;
  o["publication_late"] = v.publication_late;
  o["can_manage"] = v.can_manage;
  o["committee_members"] =
      v.committee_members ? json::value(*v.committee_members) : json::value(nullptr);
  o["present"] = v.present ? json::value(*v.present) : json::value(nullptr);
  o["quorum"] = v.quorum ? json::value(*v.quorum) : json::value(nullptr);
  if (!detail) return o;
  o["discussion"] = v.meeting.discussion;
  json::array agenda;
  for (const auto& a : v.agenda)
    agenda.push_back(json::object{{"id", a.id},
                                  {"position", a.position},
                                  {"title", a.title},
                                  {"appeal_id", OptJson(a.appeal_id)}});
  o["agenda"] = std::move(agenda);
  json::array attendance;
  for (const auto& a : v.attendance)
    attendance.push_back(json::object{{"id", a.id},
                                      {"person_id", OptJson(a.person_id)},
                                      {"name", a.name},
                                      {"side", std::string(domain::SideName(a.side))},
                                      {"side_label", std::string(domain::SideLabel(a.side))},
                                      {"presence", std::string(domain::PresenceName(a.presence))},
                                      {"note", a.note}});
  o["attendance"] = std::move(attendance);
  json::array decisions;
  for (const auto& d : v.decisions) decisions.push_back(DecisionJson(d));
  o["decisions"] = std::move(decisions);
  return o;
}

json::object MeetingDetailJson(const app::MeetingView& v) { return MeetingJson(v, true); }

json::object SupervisionJson(const storage::SupervisionRecord& r) {
  return json::object{{"id", r.id},
                      {"estate_id", r.estate_id},
                      {"kind", r.kind},
                      {"on", r.on_day},
                      {"subject", r.subject},
                      {"finding", r.finding},
                      {"decision_id", OptJson(r.decision_id)},
                      {"recorded_by", r.created_by_name},
                      {"created_at", FormatTime(r.created_at)}};
}

// An array field of objects (absent or null: empty).
Result<std::vector<const json::object*>> Objects(const json::object& body, const char* field) {
  std::vector<const json::object*> out;
  auto it = body.find(field);
  if (it == body.end() || it->value().is_null()) return out;
  if (!it->value().is_array())
    return InvalidArgument(std::string(field) + " must be an array of objects", field);
  std::size_t i = 0;
  for (const auto& v : it->value().as_array()) {
    if (!v.is_object())
      return InvalidArgument(std::string(field) + "[" + std::to_string(i) + "] must be an object",
                             std::string(field) + "[" + std::to_string(i) + "]");
    out.push_back(&v.as_object());
    ++i;
  }
  return out;
}

// Prefixes the field of an error from one element with where the element sits.
template <class T>
Result<T> At(Result<T> r, const std::string& where) {
  if (!r && !r.error().field.empty()) r.error().field = where + "." + r.error().field;
  return r;
}

Result<std::vector<app::AgendaInput>> ParseAgenda(const json::object& body) {
  LINLI_ASSIGN_OR_RETURN(auto items, Objects(body, "agenda"));
  std::vector<app::AgendaInput> out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string where = "agenda[" + std::to_string(i) + "]";
    app::AgendaInput a;
    LINLI_ASSIGN_OR_RETURN(auto title, At(OptionalString(*items[i], "title"), where));
    a.title = title.value_or("");
    LINLI_ASSIGN_OR_RETURN(a.appeal_id, At(OptionalInt(*items[i], "appeal_id"), where));
    out.push_back(std::move(a));
  }
  return out;
}

Result<app::NewMeeting> ParseNewMeeting(const json::object& body) {
  app::NewMeeting in;
  LINLI_ASSIGN_OR_RETURN(in.kind, RequiredString(body, "kind"));
  LINLI_ASSIGN_OR_RETURN(in.title, RequiredString(body, "title"));
  LINLI_ASSIGN_OR_RETURN(auto location, OptionalString(body, "location"));
  in.location = location.value_or("");
  LINLI_ASSIGN_OR_RETURN(in.starts_at, RequiredString(body, "starts_at"));
  LINLI_ASSIGN_OR_RETURN(auto recurrence, OptionalString(body, "recurrence"));
  in.recurrence = recurrence.value_or("none");
  LINLI_ASSIGN_OR_RETURN(auto occurrences, OptionalInt(body, "occurrences"));
  in.occurrences = static_cast<int>(
      std::clamp<std::int64_t>(occurrences.value_or(in.recurrence == "none" ? 1 : 12), -1, 1000));
  LINLI_ASSIGN_OR_RETURN(in.committee_id, OptionalInt(body, "committee_id"));
  LINLI_ASSIGN_OR_RETURN(in.agenda, ParseAgenda(body));
  return in;
}

Result<app::MeetingPatch> ParsePatch(const json::object& body) {
  app::MeetingPatch p;
  LINLI_ASSIGN_OR_RETURN(p.title, OptionalString(body, "title"));
  LINLI_ASSIGN_OR_RETURN(p.location, OptionalString(body, "location"));
  LINLI_ASSIGN_OR_RETURN(p.starts_at, OptionalString(body, "starts_at"));
  if (body.contains("agenda")) {
    LINLI_ASSIGN_OR_RETURN(auto agenda, ParseAgenda(body));
    p.agenda = std::move(agenda);
  }
  return p;
}

Result<app::MinutesInput> ParseMinutes(const json::object& body) {
  app::MinutesInput in;
  LINLI_ASSIGN_OR_RETURN(in.held_at, OptionalString(body, "held_at"));
  LINLI_ASSIGN_OR_RETURN(auto discussion, OptionalString(body, "discussion"));
  in.discussion = discussion.value_or("");
  LINLI_ASSIGN_OR_RETURN(auto attendance, Objects(body, "attendance"));
  for (std::size_t i = 0; i < attendance.size(); ++i) {
    const std::string where = "attendance[" + std::to_string(i) + "]";
    const auto& o = *attendance[i];
    app::AttendeeInput a;
    LINLI_ASSIGN_OR_RETURN(a.person_id, At(OptionalInt(o, "person_id"), where));
    LINLI_ASSIGN_OR_RETURN(auto name, At(OptionalString(o, "name"), where));
    a.name = name.value_or("");
    LINLI_ASSIGN_OR_RETURN(a.side, At(RequiredString(o, "side"), where));
    LINLI_ASSIGN_OR_RETURN(auto presence, At(OptionalString(o, "presence"), where));
    a.presence = presence.value_or("present");
    LINLI_ASSIGN_OR_RETURN(auto note, At(OptionalString(o, "note"), where));
    a.note = note.value_or("");
    in.attendance.push_back(std::move(a));
  }
  LINLI_ASSIGN_OR_RETURN(auto decisions, Objects(body, "decisions"));
  for (std::size_t i = 0; i < decisions.size(); ++i) {
    const std::string where = "decisions[" + std::to_string(i) + "]";
    const auto& o = *decisions[i];
    app::DecisionInput d;
    LINLI_ASSIGN_OR_RETURN(d.text, At(RequiredString(o, "text"), where));
    LINLI_ASSIGN_OR_RETURN(auto f, At(OptionalInt(o, "in_favour"), where));
    if (f) d.in_favour = static_cast<int>(std::clamp<std::int64_t>(*f, -1, 1'000'000));
    LINLI_ASSIGN_OR_RETURN(auto major, At(OptionalBool(o, "major"), where));
    d.major = major.value_or(false);
    LINLI_ASSIGN_OR_RETURN(auto project, At(OptionalBool(o, "project"), where));
    d.project = project.value_or(false);
    in.decisions.push_back(std::move(d));
  }
  return in;
}

Result<app::ActionInput> ParseAction(const json::object& body) {
  app::ActionInput in;
  LINLI_ASSIGN_OR_RETURN(auto title, OptionalString(body, "title"));
  in.title = title.value_or("");
  LINLI_ASSIGN_OR_RETURN(in.owner_person_id, OptionalInt(body, "owner_person_id"));
  LINLI_ASSIGN_OR_RETURN(auto owner, OptionalString(body, "owner_name"));
  in.owner_name = owner.value_or("");
  LINLI_ASSIGN_OR_RETURN(in.due_at, RequiredString(body, "due_at"));
  return in;
}

Result<app::SupervisionInput> ParseSupervision(const json::object& body) {
  app::SupervisionInput in;
  LINLI_ASSIGN_OR_RETURN(in.kind, RequiredString(body, "kind"));
  LINLI_ASSIGN_OR_RETURN(in.on, RequiredString(body, "on"));
  LINLI_ASSIGN_OR_RETURN(in.subject, RequiredString(body, "subject"));
  LINLI_ASSIGN_OR_RETURN(auto finding, OptionalString(body, "finding"));
  in.finding = finding.value_or("");
  LINLI_ASSIGN_OR_RETURN(in.decision_id, OptionalInt(body, "decision_id"));
  return in;
}

std::optional<std::string> NonEmptyQuery(const Request& req, const char* name) {
  auto v = req.Query(name);
  if (v && v->empty()) return std::nullopt;
  return v;
}

}  // namespace

void RegisterMeetingRoutes(Router& r, Api& api) {
  auto svc = [&api] { return app::MeetingService(api.env); };

  r.Add("POST", "/api/v1/units/{id}/meetings",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto in = ParseNewMeeting(*body);
          if (!in) return ErrorOf(in.error());
          in->unit_id = *id;
          return Reply(
              svc().Schedule(who, *in),
              [](const app::ScheduledSeries& s) {
                json::array items;
                for (const auto& m : s.meetings) items.push_back(MeetingJson(m, true));
                return json::object{{"series_id", OptJson(s.series_id)},
                                    {"meetings", std::move(items)}};
              },
              201);
        }));
  r.Add("GET", "/api/v1/units/{id}/meetings",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto page = ParsePage(req);
          if (!page) return ErrorOf(page.error());
          app::MeetingQuery q;
          q.unit_id = *id;
          q.kind = NonEmptyQuery(req, "kind");
          q.status = NonEmptyQuery(req, "status");
          q.from = NonEmptyQuery(req, "from");
          q.to = NonEmptyQuery(req, "to");
          return Reply(svc().List(who, q, *page), [](const app::Paged<app::MeetingView>& p) {
            json::array items;
            for (const auto& v : p.items) items.push_back(MeetingJson(v, false));
            return PagedJson(p, std::move(items));
          });
        }));
  r.Add("GET", "/api/v1/meetings/{id}", Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(svc().Get(who, *id), MeetingDetailJson);
        }));
  r.Add("PATCH", "/api/v1/meetings/{id}",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto in = ParsePatch(*body);
          if (!in) return ErrorOf(in.error());
          return Reply(svc().Update(who, *id, *in), MeetingDetailJson);
        }));
  r.Add("POST", "/api/v1/meetings/{id}/cancel",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(svc().Cancel(who, *id), MeetingDetailJson);
        }));
  r.Add("PUT", "/api/v1/meetings/{id}/minutes",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto in = ParseMinutes(*body);
          if (!in) return ErrorOf(in.error());
          return Reply(svc().RecordMinutes(who, *id, *in), MeetingDetailJson);
        }));
  r.Add("POST", "/api/v1/meetings/{id}/publish",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(svc().Publish(who, *id), MeetingDetailJson);
        }));
  r.Add("POST", "/api/v1/meeting-decisions/{id}/actions",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto in = ParseAction(*body);
          if (!in) return ErrorOf(in.error());
          return Reply(svc().AddAction(who, *id, *in), ActionJson, 201);
        }));
  r.Add("POST", "/api/v1/meeting-actions/{id}/done",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          std::string note;
          if (!req.body.empty()) {
            auto body = ParseObject(req);
            if (!body) return ErrorOf(body.error());
            auto n = OptionalString(*body, "note");
            if (!n) return ErrorOf(n.error());
            note = n->value_or("");
          }
          return Reply(svc().CompleteAction(who, *id, note), ActionJson);
        }));
  r.Add("GET", "/api/v1/units/{id}/meeting-actions",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto page = ParsePage(req);
          if (!page) return ErrorOf(page.error());
          auto open = req.Query("open");
          const bool open_only = open && (*open == "true" || *open == "1");
          return Reply(svc().ListActions(who, *id, open_only, *page),
                       [](const app::Paged<app::ActionView>& p) {
                         json::array items;
                         for (const auto& v : p.items) items.push_back(ActionJson(v));
                         return PagedJson(p, std::move(items));
                       });
        }));
  r.Add("GET", "/api/v1/estates/{id}/meeting-agenda-candidates",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(
              svc().AgendaCandidates(who, *id), [](const std::vector<app::OpenAppealRef>& list) {
                json::array items;
                for (const auto& a : list)
                  items.push_back(json::object{{"appeal_id", a.id},
                                               {"category", a.category},
                                               {"description", a.description},
                                               {"status", a.status},
                                               {"received_at", FormatTime(a.received_at)}});
                return json::object{{"items", std::move(items)}};
              });
        }));
  r.Add("GET", "/api/v1/estates/{id}/published-decisions",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto page = ParsePage(req);
          if (!page) return ErrorOf(page.error());
          return Reply(svc().Published(who, *id, *page),
                       [](const app::Paged<app::PublishedMeeting>& p) {
                         json::array items;
                         for (const auto& v : p.items) {
                           json::object o = MeetingSummaryJson(v.meeting);
                           o["late"] = v.late;
                           json::array ds;
                           for (const auto& d : v.decisions) ds.push_back(DecisionJson(d));
                           o["decisions"] = std::move(ds);
                           items.push_back(std::move(o));
                         }
                         return PagedJson(p, std::move(items));
                       });
        }));
  r.Add("GET", "/api/v1/committees/{id}/attendance",
        Authed(api, [svc, &api](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          int year = 0;
          auto y = req.Query("year");
          if (y && !y->empty()) {
            try {
              year = std::stoi(*y);
            } catch (...) {
              year = -1;
            }
          } else {
            int yy = 0;
            unsigned m = 0, d = 0;
            CivilFromDays((api.env.clock.Now() + kShanghaiOffsetSeconds) / 86400, yy, m, d);
            year = yy;
          }
          return Reply(svc().CommitteeAttendance(who, *id, year),
                       [](const app::CommitteeAttendanceView& v) {
                         json::array members;
                         for (const auto& m : v.members)
                           members.push_back(json::object{{"person_id", m.person_id},
                                                          {"name", m.name},
                                                          {"meetings", m.meetings},
                                                          {"present", m.present},
                                                          {"absent", m.absent},
                                                          {"flagged", m.flagged}});
                         return json::object{{"committee_id", v.committee_id},
                                             {"committee_name", v.committee_name},
                                             {"year", v.year},
                                             {"meetings", v.meetings},
                                             {"members", std::move(members)}};
                       });
        }));
  r.Add("POST", "/api/v1/estates/{id}/supervision-records",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto in = ParseSupervision(*body);
          if (!in) return ErrorOf(in.error());
          return Reply(svc().RecordSupervision(who, *id, *in), SupervisionJson, 201);
        }));
  r.Add("GET", "/api/v1/estates/{id}/supervision-records",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(svc().ListSupervision(who, *id, req.Query("quarter").value_or("")),
                       [](const std::vector<storage::SupervisionRecord>& list) {
                         json::array items;
                         for (const auto& s : list) items.push_back(SupervisionJson(s));
                         return json::object{{"items", std::move(items)}};
                       });
        }));
  r.Add("GET", "/api/v1/units/{id}/four-musts",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(
              svc().FourMusts(who, *id, req.Query("quarter").value_or("")),
              [](const app::SupervisionReport& rep) {
                json::array estates;
                for (const auto& e : rep.estates) {
                  json::array musts;
                  for (const auto& m : e.musts) {
                    json::array misses;
                    for (const auto& s : m.misses) misses.push_back(json::value(s));
                    musts.push_back(json::object{{"must", std::string(domain::MustName(m.must))},
                                                 {"label", std::string(domain::MustLabel(m.must))},
                                                 {"met", m.met},
                                                 {"applicable", m.applicable},
                                                 {"due", m.due},
                                                 {"done", m.done},
                                                 {"misses", std::move(misses)}});
                  }
                  estates.push_back(json::object{{"estate_id", e.estate_id},
                                                 {"estate_name", e.estate_name},
                                                 {"missed", e.missed},
                                                 {"musts", std::move(musts)}});
                }
                return json::object{{"quarter", rep.quarter},
                                    {"from", FormatTime(rep.from)},
                                    {"to", FormatTime(rep.to)},
                                    {"estates", std::move(estates)}};
              });
        }));
}

}  // namespace linli::http
