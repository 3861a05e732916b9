// Party members in their estate (在职党员回小区报到): employers, rules, registrations and receipts,
// commitments, the service record (docs/openapi.json, "Members"; explained in docs/MEMBERS.md).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "app/members.hpp"
#include "core/time_format.hpp"
#include "http/api.hpp"
#include "http/json_util.hpp"
#include "pdf/document.hpp"

namespace linli::http {
namespace {

json::value TimeJson(std::optional<UnixSeconds> t) {
  return t ? json::value(FormatTime(*t)) : json::value(nullptr);
}
json::value RateJson(std::optional<double> r) {
  if (!r) return nullptr;
  return std::round(*r * 10) / 10;
}

json::object EmployerJson(const app::EmployerView& e) {
  return json::object{{"id", e.id},
                      {"name", e.name},
                      {"party_org_name", e.party_org_name},
                      {"member_count", e.member_count}};
}

json::object RulesJson(const app::RulesView& v) {
  const auto& r = v.rules;
  json::array req;
  for (const auto& t : r.required) req.emplace_back(t);
  char from[8], to[8];
  std::snprintf(from, sizeof from, "%02d-%02d", r.report_from_month, r.report_from_day);
  std::snprintf(to, sizeof to, "%02d-%02d", r.report_to_month, r.report_to_day);
  return json::object{
      {"unit_id", v.unit_id},
      {"from_unit", json::object{{"id", v.from_unit_id ? json::value(v.from_unit_id) : nullptr},
                                 {"name", v.from_unit_name}}},
      {"renew_months", r.renew_months},
      {"target_minutes", r.target_minutes},
      {"target_points", r.target_points},
      {"visit_minutes", r.visit_minutes},
      {"visit_points", r.visit_points},
      {"task_points", r.task_points},
      {"appeal_points", r.appeal_points},
      {"report_from", from},
      {"report_to", to},
      {"min_pairs", r.min_pairs},
      {"required", std::move(req)}};
}

Result<domain::MemberRules> ParseRules(const json::object& o) {
  domain::MemberRules r = domain::DefaultMemberRules();
  auto num = [&](const char* k, int& out) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto v, OptionalInt(o, k));
    if (v) {
      if (*v < -1000000 || *v > 1000000)
        return InvalidArgument(std::string(k) + " is out of range", k);
      out = static_cast<int>(*v);
    }
    return {};
  };
  LINLI_TRY(num("renew_months", r.renew_months));
  LINLI_TRY(num("target_minutes", r.target_minutes));
  LINLI_TRY(num("target_points", r.target_points));
  LINLI_TRY(num("visit_minutes", r.visit_minutes));
  LINLI_TRY(num("visit_points", r.visit_points));
  LINLI_TRY(num("task_points", r.task_points));
  LINLI_TRY(num("appeal_points", r.appeal_points));
  LINLI_TRY(num("min_pairs", r.min_pairs));
  auto md = [&](const char* k, int& m, int& d) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto v, OptionalString(o, k));
    if (!v) return {};
    if (v->size() != 5 || (*v)[2] != '-' || !std::isdigit((*v)[0]) || !std::isdigit((*v)[1]) ||
        !std::isdigit((*v)[3]) || !std::isdigit((*v)[4]))
      return InvalidArgument(std::string(k) + " must be a month and day such as 01-31", k);
    m = std::stoi(v->substr(0, 2));
    d = std::stoi(v->substr(3, 2));
    return {};
  };
  LINLI_TRY(md("report_from", r.report_from_month, r.report_from_day));
  LINLI_TRY(md("report_to", r.report_to_month, r.report_to_day));
  if (auto* p = o.if_contains("required")) {
    if (!p->is_array()) return InvalidArgument("required must be a list of texts", "required");
    r.required.clear();
    for (size_t i = 0; i < p->as_array().size(); ++i) {
      const auto& t = p->as_array()[i];
      if (!t.is_string())
        return InvalidArgument("required[" + std::to_string(i) + "] must be text",
                               "required[" + std::to_string(i) + "]");
      r.required.emplace_back(t.as_string());
    }
  }
  return r;
}

json::object RegistrationJson(const app::RegistrationView& v) {
  return json::object{{"id", v.id},
                      {"person_id", v.person_id},
                      {"name", v.name},
                      {"phone", v.phone},
                      {"estate", json::object{{"id", v.estate_id}, {"name", v.estate_name}}},
                      {"household_id", v.household_id ? json::value(v.household_id) : nullptr},
                      {"household", v.household},
                      {"branch_name", v.branch_name},
                      {"employer", json::object{{"id", v.employer_id}, {"name", v.employer_name}}},
                      {"employer_party_org", v.employer_party_org},
                      {"skills", v.skills},
                      {"services", v.services},
                      {"status", std::string(domain::RegistrationStatusName(v.status))},
                      {"status_label", std::string(domain::RegistrationStatusLabel(v.status))},
                      {"receipt_no", OptJson(v.receipt_no)},
                      {"submitted_at", FormatTime(v.submitted_at)},
                      {"decided_at", TimeJson(v.decided_at)},
                      {"decision_note", v.decision_note},
                      {"renewed_at", TimeJson(v.renewed_at)},
                      {"renewal_due", TimeJson(v.renewal_due)},
                      {"renewal_late", v.renewal_late},
                      {"mine", v.mine}};
}

json::object CommitmentJson(const app::CommitmentView& c) {
  return json::object{{"id", c.id},
                      {"registration_id", c.registration_id},
                      {"year", c.year},
                      {"required", c.required},
                      {"text", c.text},
                      {"report", c.report},
                      {"reported_at", TimeJson(c.reported_at)},
                      {"review", std::string(domain::CommitmentReviewName(c.review))},
                      {"review_label", std::string(domain::CommitmentReviewLabel(c.review))},
                      {"review_note", c.review_note}};
}

json::object CommitmentSetJson(const app::CommitmentSet& s) {
  json::array items;
  for (const auto& c : s.items) items.push_back(CommitmentJson(c));
  return json::object{{"year", s.year},
                      {"items", std::move(items)},
                      {"report_from", FormatTime(s.report_from)},
                      {"report_to", FormatTime(s.report_to)},
                      {"report_open", s.report_open}};
}

json::object SummaryJson(const domain::RecordSummary& s) {
  return json::object{{"minutes", s.minutes}, {"hours", std::round(s.minutes / 6.0) / 10},
                      {"points", s.points},   {"visits", s.visits},
                      {"tasks", s.tasks},     {"appeals", s.appeals},
                      {"entries", s.entries}, {"target_met", s.target_met}};
}

json::object RecordJson(const app::RecordView& v) {
  json::array items;
  for (const auto& i : v.items)
    items.push_back(json::object{{"kind", std::string(domain::RecordKindName(i.kind))},
                                 {"kind_label", std::string(domain::RecordKindLabel(i.kind))},
                                 {"date", i.date},
                                 {"title", i.title},
                                 {"minutes", i.minutes},
                                 {"points", i.points},
                                 {"ref_id", i.ref_id}});
  json::array cs;
  for (const auto& c : v.commitments) cs.push_back(CommitmentJson(c));
  return json::object{{"member", RegistrationJson(v.member)},
                      {"year", v.year},
                      {"items", std::move(items)},
                      {"summary", SummaryJson(v.summary)},
                      {"target", json::object{{"minutes", v.rules.target_minutes},
                                              {"points", v.rules.target_points}}},
                      {"commitments", std::move(cs)}};
}

Result<int> YearParam(const Request& req, const Api& api) {
  auto y = req.Query("year");
  if (!y) return std::stoi(FormatDate(api.env.clock.Now()).substr(0, 4));
  if (y->size() != 4 || !std::all_of(y->begin(), y->end(), ::isdigit))
    return InvalidArgument("year must be four digits such as 2026", "year");
  return std::stoi(*y);
}

// A document as JSON-less output: the printable page (default) or, with ?format=pdf, the PDF.
Response DocumentResponse(const Request& req, const Result<pdf::Document>& doc,
                          const std::string& filename) {
  if (!doc) return ErrorOf(doc.error());
  const auto format = req.Query("format").value_or("html");
  Response res;
  if (format == "pdf") {
    auto bytes = pdf::RenderPdf(*doc);
    if (!bytes) return ErrorOf(bytes.error());
    res.content_type = "application/pdf";
    res.body = std::move(*bytes);
    res.headers.emplace_back("Content-Disposition", "inline; filename=\"" + filename + ".pdf\"");
  } else if (format == "html") {
    res.content_type = "text/html; charset=utf-8";
    res.body = pdf::RenderHtml(*doc);
  } else {
    return ErrorOf(Error{ErrorCode::kInvalidArgument, "format must be html or pdf", "format", {}});
  }
  res.headers.emplace_back("Cache-Control", "no-store");
  return res;
}

json::object StatsJson(const app::MemberStats& s) {
  json::array children;
  for (const auto& c : s.children) children.push_back(StatsJson(c));
  return json::object{{"unit", json::object{{"id", s.unit_id}, {"name", s.unit_name}}},
                      {"month", s.month},
                      {"registered", s.registered},
                      {"pending", s.pending},
                      {"active", s.active},
                      {"active_rate", RateJson(s.active_rate)},
                      {"hours", std::round(s.hours * 10) / 10},
                      {"visits", s.visits},
                      {"tasks_claimed", s.tasks_claimed},
                      {"tasks_accepted", s.tasks_accepted},
                      {"tasks_on_time", s.tasks_on_time},
                      {"on_time_rate", RateJson(s.on_time_rate)},
                      {"households", s.households},
                      {"households_paired", s.households_paired},
                      {"households_visited_this_quarter", s.households_visited},
                      {"paired_rate", RateJson(s.paired_rate)},
                      {"visited_rate", RateJson(s.visited_rate)},
                      {"children", std::move(children)}};
}

}  // namespace

void RegisterMemberRoutes(Router& r, Api& api) {
  auto svc = [&api] { return app::MemberService(api.env); };

  // ---- Employers ----
  r.Add("GET", "/api/v1/employers", Authed(api, [svc](Request& req, const app::Principal& who) {
          return Reply(svc().Employers(who, req.Query("q").value_or("")), [](const auto& list) {
            json::array a;
            for (const auto& e : list) a.push_back(EmployerJson(e));
            return a;
          });
        }));
  auto parse_employer = [](const json::object& o) -> Result<app::EmployerInput> {
    app::EmployerInput in;
    LINLI_ASSIGN_OR_RETURN(in.name, RequiredString(o, "name"));
    LINLI_ASSIGN_OR_RETURN(auto org, OptionalString(o, "party_org_name"));
    in.party_org_name = org.value_or("");
    LINLI_ASSIGN_OR_RETURN(auto n, OptionalInt(o, "member_count"));
    in.member_count = n.value_or(0);
    return in;
  };
  r.Add("POST", "/api/v1/employers",
        Authed(api, [svc, parse_employer](Request& req, const app::Principal& who) {
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto in = parse_employer(*body);
          if (!in) return ErrorOf(in.error());
          return Reply(svc().CreateEmployer(who, *in), EmployerJson, 201);
        }));
  r.Add("PUT", "/api/v1/employers/{id}",
        Authed(api, [svc, parse_employer](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto in = parse_employer(*body);
          if (!in) return ErrorOf(in.error());
          return Reply(svc().UpdateEmployer(who, *id, *in), EmployerJson);
        }));
  r.Add("POST", "/api/v1/employers/{id}/accounts",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          // The account by id, or by the phone it logs in with.
          auto account = OptionalInt(*body, "account_id");
          if (!account) return ErrorOf(account.error());
          auto phone = OptionalString(*body, "phone");
          if (!phone) return ErrorOf(phone.error());
          auto linked = svc().LinkEmployerAccount(who, *id, *account, phone->value_or(""));
          if (!linked) return ErrorOf(linked.error());
          return Json(json::object{{"employer_id", *id}, {"account_id", *linked}}, 201);
        }));
  r.Add("GET", "/api/v1/employers/{id}/figures",
        Authed(api, [svc, &api](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto year = YearParam(req, api);
          if (!year) return ErrorOf(year.error());
          return Reply(svc().Figures(who, *id, *year), [](const app::EmployerFigures& f) {
            json::array members;
            for (const auto& m : f.members)
              members.push_back(
                  json::object{{"registration_id", m.registration_id},
                               {"name", m.name},
                               {"estate_name", m.estate_name},
                               {"status", std::string(domain::RegistrationStatusName(m.status))},
                               {"receipt_no", OptJson(m.receipt_no)},
                               {"summary", SummaryJson(m.summary)},
                               {"commitments", m.commitments},
                               {"commitments_kept", m.commitments_kept}});
            return json::object{{"employer", EmployerJson(f.employer)},
                                {"year", f.year},
                                {"declared_members", f.employer.member_count},
                                {"registered", f.registered},
                                {"pending", f.pending},
                                {"registration_rate", RateJson(f.registration_rate)},
                                {"target_met", f.target_met},
                                {"completion_rate", RateJson(f.completion_rate)},
                                {"members", std::move(members)}};
          });
        }));

  // ---- Participation figures ----
  r.Add("GET", "/api/v1/stats/members", Authed(api, [svc](Request& req, const app::Principal& who) {
          auto unit = QueryId(req, "unit_id");
          if (!unit) return ErrorOf(unit.error());
          if (!*unit)
            return ErrorOf(Error{ErrorCode::kInvalidArgument,
                                 "unit_id is required: the unit whose figures to read",
                                 "unit_id",
                                 {}});
          return Reply(svc().Stats(who, **unit, req.Query("month").value_or("")), StatsJson);
        }));

  // ---- Rules ----
  r.Add("GET", "/api/v1/units/{id}/member-rules",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(svc().Rules(who, *id), RulesJson);
        }));
  r.Add("PUT", "/api/v1/units/{id}/member-rules",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto rules = ParseRules(*body);
          if (!rules) return ErrorOf(rules.error());
          return Reply(svc().PutRules(who, *id, *rules), RulesJson);
        }));

  // ---- Registrations ----
  r.Add("POST", "/api/v1/estates/{id}/member-registrations",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          app::RegistrationInput in;
          auto parse = [&]() -> Status {
            LINLI_ASSIGN_OR_RETURN(in.person_id, OptionalInt(*body, "person_id"));
            LINLI_ASSIGN_OR_RETURN(in.household_id, RequiredInt(*body, "household_id"));
            LINLI_ASSIGN_OR_RETURN(in.employer_id, OptionalInt(*body, "employer_id"));
            LINLI_ASSIGN_OR_RETURN(auto name, OptionalString(*body, "employer_name"));
            in.employer_name = name.value_or("");
            LINLI_ASSIGN_OR_RETURN(auto org, OptionalString(*body, "employer_party_org"));
            in.employer_party_org = org.value_or("");
            LINLI_ASSIGN_OR_RETURN(auto skills, OptionalString(*body, "skills"));
            in.skills = skills.value_or("");
            LINLI_ASSIGN_OR_RETURN(auto services, OptionalString(*body, "services"));
            in.services = services.value_or("");
            LINLI_ASSIGN_OR_RETURN(in.show_publicly, OptionalBool(*body, "show_publicly"));
            if (!in.employer_id && in.employer_name.empty())
              return InvalidArgument(
                  "give employer_id (from GET /api/v1/employers) or "
                  "employer_name",
                  "employer_name");
            return {};
          };
          if (auto st = parse(); !st) return ErrorOf(st.error());
          return Reply(svc().Register(who, *id, in), RegistrationJson, 201);
        }));
  r.Add("GET", "/api/v1/estates/{id}/member-registrations",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(svc().List(who, *id, req.Query("status")), [](const auto& list) {
            json::array a;
            for (const auto& v : list) a.push_back(RegistrationJson(v));
            return a;
          });
        }));
  r.Add("GET", "/api/v1/estates/{id}/member-registrations/late",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(svc().Late(who, *id), [](const app::LateList& l) {
            json::array un, late, pending;
            for (const auto& u : l.unregistered)
              un.push_back(json::object{
                  {"person_id", u.person_id}, {"name", u.name}, {"household", u.household}});
            for (const auto& v : l.late) late.push_back(RegistrationJson(v));
            for (const auto& v : l.pending) pending.push_back(RegistrationJson(v));
            return json::object{{"unregistered", std::move(un)},
                                {"late", std::move(late)},
                                {"pending", std::move(pending)}};
          });
        }));
  r.Add("GET", "/api/v1/me/member-registrations",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          return Reply(svc().Mine(who), [](const auto& list) {
            json::array a;
            for (const auto& v : list) a.push_back(RegistrationJson(v));
            return a;
          });
        }));
  r.Add("GET", "/api/v1/member-registrations/{id}",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(svc().Get(who, *id), RegistrationJson);
        }));
  r.Add("POST", "/api/v1/member-registrations/{id}/decision",
        Authed(api, [svc, &api](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto decision = RequiredString(*body, "decision");
          if (!decision) return ErrorOf(decision.error());
          auto note = OptionalString(*body, "note");
          if (!note) return ErrorOf(note.error());
          auto decided = svc().Decide(who, *id, *decision, note->value_or(""));
          // Confirming grants the role member: sessions must see it at once.
          if (decided) api.accounts.ForgetCachedSessions();
          return Reply(decided, RegistrationJson);
        }));
  r.Add("POST", "/api/v1/member-registrations/{id}/renew",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(svc().Renew(who, *id), RegistrationJson);
        }));
  r.Add("POST", "/api/v1/member-registrations/{id}/end",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto note = RequiredString(*body, "note");
          if (!note) return ErrorOf(note.error());
          return Reply(svc().End(who, *id, *note), RegistrationJson);
        }));
  r.Add("GET", "/api/v1/member-registrations/{id}/receipt",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return DocumentResponse(req, svc().Receipt(who, *id), "receipt-" + std::to_string(*id));
        }));

  // ---- Commitments ----
  r.Add("GET", "/api/v1/member-registrations/{id}/commitments",
        Authed(api, [svc, &api](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto year = YearParam(req, api);
          if (!year) return ErrorOf(year.error());
          return Reply(svc().Commitments(who, *id, *year), CommitmentSetJson);
        }));
  r.Add("POST", "/api/v1/member-registrations/{id}/commitments",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto year = RequiredInt(*body, "year");
          if (!year) return ErrorOf(year.error());
          std::vector<std::string> own;
          auto* p = body->if_contains("own");
          if (!p || !p->is_array())
            return ErrorOf(Error{ErrorCode::kInvalidArgument,
                                 "own must list your own commitments (at least one)",
                                 "own",
                                 {}});
          for (size_t i = 0; i < p->as_array().size(); ++i) {
            const auto& t = p->as_array()[i];
            if (!t.is_string())
              return ErrorOf(Error{ErrorCode::kInvalidArgument,
                                   "each commitment must be text",
                                   "own[" + std::to_string(i) + "]",
                                   {}});
            own.emplace_back(t.as_string());
          }
          return Reply(svc().Commit(who, *id, static_cast<int>(*year), own), CommitmentSetJson,
                       201);
        }));
  r.Add("POST", "/api/v1/commitments/{id}/report",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto report = RequiredString(*body, "report");
          if (!report) return ErrorOf(report.error());
          return Reply(svc().ReportOn(who, *id, *report), CommitmentJson);
        }));
  r.Add("POST", "/api/v1/commitments/{id}/review",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto review = RequiredString(*body, "review");
          if (!review) return ErrorOf(review.error());
          auto note = OptionalString(*body, "note");
          if (!note) return ErrorOf(note.error());
          return Reply(svc().Review(who, *id, *review, note->value_or("")), CommitmentJson);
        }));
  r.Add("GET", "/api/v1/estates/{id}/commitment-status",
        Authed(api, [svc, &api](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto year = YearParam(req, api);
          if (!year) return ErrorOf(year.error());
          return Reply(svc().CommitmentStatus(who, *id, *year), [](const auto& lines) {
            json::array a;
            for (const auto& l : lines)
              a.push_back(json::object{{"member", RegistrationJson(l.member)},
                                       {"made", l.made},
                                       {"reported", l.reported},
                                       {"reviewed", l.reviewed},
                                       {"missing_commitments", l.missing_commitments},
                                       {"missing_report", l.missing_report}});
            return a;
          });
        }));

  // ---- The service record ----
  r.Add("GET", "/api/v1/member-registrations/{id}/record",
        Authed(api, [svc, &api](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto year = YearParam(req, api);
          if (!year) return ErrorOf(year.error());
          const auto format = req.Query("format").value_or("json");
          if (format != "json")
            return DocumentResponse(req, svc().RecordDocument(who, *id, *year),
                                    "record-" + std::to_string(*id) + "-" + std::to_string(*year));
          return Reply(svc().Record(who, *id, *year), RecordJson);
        }));
  r.Add("POST", "/api/v1/member-registrations/{id}/record-entries",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          app::RecordEntryInput in;
          auto parse = [&]() -> Status {
            LINLI_ASSIGN_OR_RETURN(in.date, RequiredString(*body, "date"));
            LINLI_ASSIGN_OR_RETURN(auto kind, OptionalString(*body, "kind"));
            in.kind = kind.value_or("service");
            LINLI_ASSIGN_OR_RETURN(auto minutes, OptionalInt(*body, "minutes"));
            LINLI_ASSIGN_OR_RETURN(auto points, OptionalInt(*body, "points"));
            if ((minutes && (*minutes < 0 || *minutes > 1440)))
              return InvalidArgument("minutes must be 0 to 1440 (one day)", "minutes");
            if ((points && (*points < 0 || *points > 100)))
              return InvalidArgument("points must be 0 to 100", "points");
            in.minutes = static_cast<int>(minutes.value_or(0));
            in.points = static_cast<int>(points.value_or(0));
            LINLI_ASSIGN_OR_RETURN(in.note, RequiredString(*body, "note"));
            return {};
          };
          if (auto st = parse(); !st) return ErrorOf(st.error());
          return Reply(
              svc().AddEntry(who, *id, in),
              [](const domain::RecordItem& i) {
                return json::object{{"id", i.ref_id},
                                    {"date", i.date},
                                    {"note", i.title},
                                    {"minutes", i.minutes},
                                    {"points", i.points}};
              },
              201);
        }));
  r.Add("DELETE", "/api/v1/record-entries/{id}",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto st = svc().VoidEntry(who, *id);
          if (!st) return ErrorOf(st.error());
          Response res;
          res.status = 204;
          res.body.clear();
          return res;
        }));
}

}  // namespace linli::http
