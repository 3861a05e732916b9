// Residents' problems (诉求): categories, photos, filing, the handling flow, ratings, callbacks,
// the public board, figures, notifications and the holiday calendar (docs/openapi.json,
// "Appeals"; the flow is explained in docs/APPEALS.md).
#include "app/appeals.hpp"
#include "core/time_format.hpp"
#include "http/api.hpp"
#include "http/json_util.hpp"

namespace linli::http {
namespace {

using domain::AppealAction;

json::value TimeJson(std::optional<UnixSeconds> t) {
  return t ? json::value(FormatTime(*t)) : json::value(nullptr);
}
json::value RateJson(std::optional<double> r) { return r ? json::value(*r) : json::value(nullptr); }

json::object PhotoJson(const app::PhotoRef& p) {
  return json::object{{"id", p.id},
                      {"url", "/api/v1/photos/" + p.token},
                      {"content_type", p.content_type},
                      {"size", p.size},
                      {"stage", p.stage}};
}

json::object LimitJson(const domain::Limit& l) {
  return json::object{{"value", l.value}, {"unit", std::string(domain::DeadlineUnitName(l.unit))}};
}

json::object CategoryJson(const app::CategoryView& v) {
  const auto& c = v.category;
  return json::object{{"code", c.code},
                      {"name", c.name},
                      {"name_en", c.name_en},
                      {"handler", std::string(domain::HandlerKindName(c.handler))},
                      {"respond", LimitJson(c.respond)},
                      {"resolve", LimitJson(c.resolve)},
                      {"active", c.active},
                      {"sort", c.sort},
                      {"custom", v.custom}};
}

// An appeal as GET /appeals/{id} shows it, written straight as text (the filing's answer and the
// list pages are made of it).
void WriteAppeal(JsonWriter& w, const app::AppealView& v) {
  const auto& a = v.appeal;
  auto time = [&](const char* key, std::optional<UnixSeconds> t) {
    w.Key(key);
    t ? w.Value(FormatTime(*t)) : w.Value(nullptr);
  };
  w.Open('{').Key("id").Value(a.id);
  w.Key("estate").Open('{').Key("id").Value(a.estate_id).Key("name").Value(v.estate_name);
  w.Close('}');
  w.Key("category").Open('{').Key("code").Value(a.category).Key("name").Value(v.category_name);
  w.Close('}');
  w.Key("channel").Value(domain::AppealChannelName(a.channel));
  w.Key("place").Open('{').Key("kind").Value(domain::PlaceKindName(a.place_kind));
  w.Key("household_id").Value(a.household_id).Key("building_id").Value(a.building_id);
  w.Key("text").Value(a.place_text).Key("label").Value(v.place_label).Close('}');
  w.Key("description").Value(a.description).Key("anonymous").Value(a.anonymous);
  w.Key("reporter");
  if (v.reporter_name.empty() && v.reporter_phone.empty())
    w.Value(nullptr);
  else
    w.Open('{').Key("name").Value(v.reporter_name).Key("phone").Value(v.reporter_phone).Close('}');
  w.Key("status").Value(domain::AppealStatusName(a.status));
  w.Key("level").Value(domain::AppealLevelName(a.level));
  w.Key("level_unit").Open('{').Key("id").Value(a.level_unit_id);
  w.Key("name").Value(v.level_unit_name).Close('}');
  w.Key("handler").Value(domain::HandlerKindName(a.handler));
  w.Key("assignee");
  if (a.assignee_account_id)
    w.Open('{')
        .Key("id")
        .Value(*a.assignee_account_id)
        .Key("name")
        .Value(v.assignee_name)
        .Close('}');
  else
    w.Value(nullptr);
  w.Key("escalated").Value(a.escalated).Key("intake_id").Value(a.visit_id);
  time("received_at", a.received_at);
  time("respond_by", a.respond_by);
  time("resolve_by", a.resolve_by);
  time("responded_at", a.responded_at);
  time("resolved_at", a.resolved_at);
  time("closed_at", a.closed_at);
  w.Key("extensions").Value(a.extensions).Key("reopen_count").Value(a.reopen_count);
  w.Key("merged_into").Value(a.merged_into);
  w.Key("resolution_note").Value(a.resolution_note).Key("agenda").Value(a.agenda);
  w.Key("overdue").Value(v.overdue);
  w.Key("rating");
  if (a.rating) {
    w.Open('{').Key("result").Value(domain::RatingName(*a.rating));
    w.Key("comment").Value(a.rating_comment);
    time("at", a.rated_at);
    w.Close('}');
  } else {
    w.Value(nullptr);
  }
  w.Key("callback");
  if (a.callback_at) {
    w.Open('{').Key("contacted").Value(a.callback_contacted.value_or(false));
    w.Key("solved").Value(a.callback_solved).Key("result");
    a.callback_rating ? w.Value(domain::RatingName(*a.callback_rating)) : w.Value(nullptr);
    time("at", a.callback_at);
    w.Close('}');
  } else {
    w.Value(nullptr);
  }
  w.Key("mine").Value(v.mine).Key("can_rate").Value(v.can_rate);
  w.Key("photos").Open('[');
  for (const auto& p : v.photos) w.Value(json::value(PhotoJson(p)));
  w.Close(']');
  w.Key("actions").Open('[');
  for (auto act : v.actions) w.Value(domain::AppealActionName(act));
  w.Close(']');
  w.Key("timeline").Open('[');
  for (const auto& t : v.timeline) {
    w.Open('{').Key("id").Value(t.id);
    time("at", t.at);
    w.Key("action").Value(t.action).Key("actor").Value(t.actor);
    w.Key("actor_role").Value(t.actor_role).Key("from_status").Value(t.from_status);
    w.Key("to_status").Value(t.to_status).Key("note").Value(t.note);
    w.Key("public").Value(t.public_note).Close('}');
  }
  w.Close(']').Close('}');
}

// The answer of a call that gives one appeal.
Response AppealReply(const Result<app::AppealView>& r, int status = 200) {
  if (!r) return ErrorOf(r.error());
  std::string out;
  out.reserve(2048);
  JsonWriter w(out);
  WriteAppeal(w, *r);
  return JsonText(std::move(out), status);
}

// {"household_id"} | {"building_id"} | {"text"}; `field` names it in errors.
Result<app::PlaceInput> ParsePlace(const json::object& body, const char* field) {
  app::PlaceInput p;
  auto it = body.find(field);
  if (it == body.end() || it->value().is_null()) return p;
  if (!it->value().is_object())
    return InvalidArgument(std::string(field) +
                               " must be an object: {\"household_id\":N}, {\"building_id\":N} or "
                               "{\"text\":\"北门垃圾桶旁\"}",
                           field);
  const auto& o = it->value().as_object();
  auto prefixed = [&](Error e) {
    e.field = std::string(field) + "." + e.field;
    return tl::unexpected(std::move(e));
  };
  auto h = OptionalInt(o, "household_id");
  if (!h) return prefixed(h.error());
  auto b = OptionalInt(o, "building_id");
  if (!b) return prefixed(b.error());
  auto t = OptionalString(o, "text");
  if (!t) return prefixed(t.error());
  p.household_id = *h;
  p.building_id = *b;
  p.text = t->value_or("");
  return p;
}

std::optional<std::string> IdempotencyKey(const Request& req) {
  return req.Header("idempotency-key");
}

Result<app::NewAppeal> ParseNewAppeal(const json::object& body) {
  app::NewAppeal in;
  LINLI_ASSIGN_OR_RETURN(in.estate_id, RequiredInt(body, "estate_id"));
  LINLI_ASSIGN_OR_RETURN(in.category, RequiredString(body, "category"));
  LINLI_ASSIGN_OR_RETURN(auto description, OptionalString(body, "description"));
  in.description = description.value_or("");
  LINLI_ASSIGN_OR_RETURN(in.place, ParsePlace(body, "place"));
  LINLI_ASSIGN_OR_RETURN(auto anonymous, OptionalBool(body, "anonymous"));
  in.anonymous = anonymous.value_or(false);
  LINLI_ASSIGN_OR_RETURN(auto channel, OptionalString(body, "channel"));
  in.channel = channel.value_or("self");
  LINLI_ASSIGN_OR_RETURN(in.photo_ids, IdArray(body, "photo_ids"));
  LINLI_ASSIGN_OR_RETURN(auto name, OptionalString(body, "contact_name"));
  in.contact_name = name.value_or("");
  LINLI_ASSIGN_OR_RETURN(auto phone, OptionalString(body, "contact_phone"));
  in.contact_phone = phone.value_or("");
  return in;
}

Result<app::NewIntake> ParseNewIntake(const json::object& body) {
  app::NewIntake in;
  LINLI_ASSIGN_OR_RETURN(in.estate_id, RequiredInt(body, "estate_id"));
  LINLI_ASSIGN_OR_RETURN(in.channel, RequiredString(body, "channel"));
  LINLI_ASSIGN_OR_RETURN(auto name, OptionalString(body, "contact_name"));
  in.contact_name = name.value_or("");
  LINLI_ASSIGN_OR_RETURN(auto phone, OptionalString(body, "contact_phone"));
  in.contact_phone = phone.value_or("");
  LINLI_ASSIGN_OR_RETURN(in.place, ParsePlace(body, "place"));
  auto it = body.find("problems");
  if (it == body.end() || !it->value().is_array())
    return InvalidArgument("problems must be an array of {\"category\",\"description\"}",
                           "problems");
  const auto& list = it->value().as_array();
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string prefix = "problems[" + std::to_string(i) + "].";
    auto fail = [&](Error e) {
      e.field = prefix + e.field;
      return tl::unexpected(std::move(e));
    };
    if (!list[i].is_object())
      return InvalidArgument("problems[" + std::to_string(i) + "] must be an object",
                             "problems[" + std::to_string(i) + "]");
    const auto& p = list[i].as_object();
    app::NewIntake::Problem prob;
    auto cat = RequiredString(p, "category");
    if (!cat) return fail(cat.error());
    prob.category = *cat;
    auto desc = OptionalString(p, "description");
    if (!desc) return fail(desc.error());
    prob.description = desc->value_or("");
    if (p.contains("place")) {
      auto place = ParsePlace(p, "place");
      if (!place) return fail(place.error());
      prob.place = *place;
    }
    auto photos = IdArray(p, "photo_ids");
    if (!photos) return fail(photos.error());
    prob.photo_ids = *photos;
    in.problems.push_back(std::move(prob));
  }
  return in;
}

Result<domain::Limit> ParseLimit(const json::object& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || !it->value().is_object())
    return InvalidArgument(
        std::string(field) + " must be an object {\"value\":N,\"unit\":\"hours|working_days\"}",
        field);
  const auto& o = it->value().as_object();
  auto value = RequiredInt(o, "value");
  if (!value)
    return InvalidArgument(std::string(field) + ".value must be an integer",
                           std::string(field) + ".value");
  auto unit = RequiredString(o, "unit");
  auto u = unit ? domain::ParseDeadlineUnit(*unit) : std::nullopt;
  if (!u)
    return InvalidArgument(std::string(field) + ".unit must be hours or working_days",
                           std::string(field) + ".unit");
  if (*value < 0 || *value > 100000)
    return InvalidArgument(std::string(field) + ".value is out of range",
                           std::string(field) + ".value");
  return domain::Limit{static_cast<int>(*value), *u};
}

Result<domain::ActionInput> ParseAction(const json::object& body) {
  domain::ActionInput in;
  LINLI_ASSIGN_OR_RETURN(auto action, RequiredString(body, "action"));
  auto a = domain::ParseAppealAction(action);
  if (!a)
    return InvalidArgument(
        "action must be one of accept, assign, start, resolve, return, "
        "extend, escalate, reopen, close, merge, note, agenda",
        "action");
  in.action = *a;
  LINLI_ASSIGN_OR_RETURN(auto note, OptionalString(body, "note"));
  in.note = note.value_or("");
  LINLI_ASSIGN_OR_RETURN(auto handler, OptionalString(body, "handler"));
  if (handler) {
    in.handler = domain::ParseHandlerKind(*handler);
    if (!in.handler)
      return InvalidArgument("handler must be property, committee, branch, member or mediation",
                             "handler");
  }
  LINLI_ASSIGN_OR_RETURN(in.assignee_account, OptionalInt(body, "assignee_account_id"));
  if (in.action == AppealAction::kExtend && body.contains("extend_by")) {
    LINLI_ASSIGN_OR_RETURN(auto l, ParseLimit(body, "extend_by"));
    in.extend_by = l;
  }
  LINLI_ASSIGN_OR_RETURN(in.merge_into, OptionalInt(body, "merge_into"));
  LINLI_ASSIGN_OR_RETURN(auto agenda, OptionalString(body, "agenda"));
  in.agenda = agenda.value_or("");
  LINLI_ASSIGN_OR_RETURN(in.photo_ids, IdArray(body, "photo_ids"));
  LINLI_ASSIGN_OR_RETURN(auto pub, OptionalBool(body, "public"));
  in.public_note = pub.value_or(true);
  return in;
}

// "2026-03" or "2026-03-15" -> 202603.
std::optional<int> ParseMonth(const std::string& s) {
  if (s.size() != 7 && s.size() != 10) return std::nullopt;
  if (s[4] != '-') return std::nullopt;
  int y = 0, m = 0;
  for (int i = 0; i < 4; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    y = y * 10 + (s[i] - '0');
  }
  for (int i = 5; i < 7; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    m = m * 10 + (s[i] - '0');
  }
  if (m < 1 || m > 12 || y < 2000 || y > 2100) return std::nullopt;
  if (s.size() == 10 && !ParseDate(s)) return std::nullopt;
  return y * 100 + m;
}

std::string MonthText(int month) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", month / 100, month % 100);
  return buf;
}

json::object FiguresJson(const domain::StatsFigures& f) {
  const auto& c = f.counters;
  return json::object{{"received", c.received},
                      {"merged", c.merged},
                      {"responded", c.responded},
                      {"responded_on_time", c.responded_on_time},
                      {"resolved", c.resolved},
                      {"resolved_on_time", c.resolved_on_time},
                      {"escalated", c.escalated},
                      {"solved_inside", c.solved_inside},
                      {"rated", c.rated},
                      {"satisfied", c.satisfied},
                      {"basically", c.basically},
                      {"dissatisfied", c.dissatisfied},
                      {"callbacks", c.callbacks},
                      {"contacted", c.contacted},
                      {"solved", c.solved},
                      {"reply_rate", RateJson(f.reply_rate)},
                      {"satisfaction_rate", RateJson(f.satisfaction_rate)},
                      {"response_on_time_rate", RateJson(f.response_on_time_rate)},
                      {"resolution_on_time_rate", RateJson(f.resolution_on_time_rate)},
                      {"solved_inside_rate", RateJson(f.solved_inside_rate)},
                      {"median_response_hours", RateJson(f.median_response_hours)},
                      {"p90_response_hours", RateJson(f.p90_response_hours)},
                      {"median_resolution_hours", RateJson(f.median_resolution_hours)},
                      {"p90_resolution_hours", RateJson(f.p90_resolution_hours)}};
}

json::object DefinitionsJson(const domain::StatsDefinitions& d) {
  const bool weighted = d.satisfaction == domain::SatisfactionDefinition::kWeighted;
  const bool responded = d.reply == domain::ReplyDefinition::kResponded;
  return json::object{
      {"satisfaction", std::string(domain::SatisfactionDefinitionName(d.satisfaction))},
      {"reply", std::string(domain::ReplyDefinitionName(d.reply))},
      {"satisfaction_text", weighted ? "满意率 =（满意 + 0.9 × 基本满意）÷ 参评数（RULES.md §7）"
                                     : "满意率 =（满意 + 基本满意）÷ 参评数"},
      {"reply_text", responded ? "回复率 = 已受理 ÷（收到 − 合并）"
                               : "回复率 = 回访联系上 ÷ 有效回访（RULES.md §7 响应率）"},
      {"period_text", "按收到诉求的月份统计；同比为去年同期"},
      {"percentile_text", "时长中位数与90分位由固定时长分段插值得出"}};
}

json::object StatsJson(const app::StatsView& v) {
  const auto& r = v.report;
  json::object total = FiguresJson(r.total);
  total["overdue_now"] = v.overdue_now;
  total["open_now"] = v.open_now;
  json::array by_category;
  for (const auto& [code, name] : v.category_names) {
    json::object o = FiguresJson(r.by_category.at(code));
    o["code"] = code;
    o["name"] = name;
    by_category.push_back(std::move(o));
  }
  json::array by_handler;
  for (const auto& [h, f] : r.by_handler) {
    json::object o = FiguresJson(f);
    o["handler"] = std::string(domain::HandlerKindName(h));
    by_handler.push_back(std::move(o));
  }
  json::array by_month;
  for (const auto& [m, f] : r.by_month) {
    json::object o = FiguresJson(f);
    o["month"] = MonthText(m);
    auto ly = r.by_month_last_year.find(m);
    o["last_year"] = ly == r.by_month_last_year.end() ? json::value(nullptr)
                                                      : json::value(FiguresJson(ly->second));
    by_month.push_back(std::move(o));
  }
  return json::object{{"unit", UnitRefJson(v.unit)},
                      {"from", MonthText(r.from_month)},
                      {"to", MonthText(r.to_month)},
                      {"definitions", DefinitionsJson(r.definitions)},
                      {"total", std::move(total)},
                      {"total_last_year", FiguresJson(r.total_last_year)},
                      {"by_category", std::move(by_category)},
                      {"by_handler", std::move(by_handler)},
                      {"by_month", std::move(by_month)}};
}

json::object BoardJson(const app::PublicBoard& b) {
  json::array items;
  for (const auto& it : b.items.items) {
    json::array photos;
    for (const auto& p : it.resolution_photos) photos.push_back(PhotoJson(p));
    json::value hours = nullptr;
    if (it.resolved_at) hours = static_cast<double>(*it.resolved_at - it.received_at) / 3600.0;
    items.push_back(
        json::object{{"id", it.id},
                     {"category_name", it.category_name},
                     {"description", it.description},
                     {"place", it.place_label},
                     {"reporter", it.reporter},
                     {"received_at", FormatTime(it.received_at)},
                     {"resolved_at", TimeJson(it.resolved_at)},
                     {"hours_to_resolve", hours},
                     {"status", it.status},
                     {"resolution_note", it.resolution_note},
                     {"rating", it.rating ? json::value(std::string(domain::RatingName(*it.rating)))
                                          : json::value(nullptr)},
                     {"photos", std::move(photos)}});
  }
  return json::object{{"estate", json::object{{"id", b.estate_id}, {"name", b.estate_name}}},
                      {"items", std::move(items)},
                      {"total", b.items.total},
                      {"page", b.items.page.page},
                      {"page_size", b.items.page.page_size},
                      {"resolved_total", b.resolved_total},
                      {"satisfaction_rate", RateJson(b.satisfaction_rate)}};
}

json::object CalendarJson(const app::CalendarYear& y) {
  json::array hs, ws;
  for (const auto& d : y.holidays) hs.push_back(json::value(d));
  for (const auto& d : y.workdays) ws.push_back(json::value(d));
  return json::object{{"year", y.year}, {"holidays", std::move(hs)}, {"workdays", std::move(ws)}};
}

Result<std::vector<std::string>> StringList(const json::object& o, const char* key) {
  std::vector<std::string> out;
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return out;
  if (!it->value().is_array())
    return InvalidArgument(std::string(key) + " must be an array of dates YYYY-MM-DD", key);
  for (const auto& v : it->value().as_array()) {
    if (!v.is_string())
      return InvalidArgument(std::string(key) + " must be an array of dates YYYY-MM-DD", key);
    out.emplace_back(v.as_string());
  }
  return out;
}

}  // namespace

void RegisterAppealRoutes(Router& r, Api& api) {
  auto svc = [&api] { return app::AppealService(api.env); };

  r.Add("GET", "/api/v1/estates/{id}/appeal-categories",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(svc().Categories(who, *id), [](const auto& list) {
            json::array a;
            for (const auto& c : list) a.push_back(CategoryJson(c));
            return a;
          });
        }));
  r.Add("PUT", "/api/v1/estates/{id}/appeal-categories/{code}",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          domain::AppealCategory c;
          c.code = req.params["code"];
          auto parse = [&]() -> Status {
            LINLI_ASSIGN_OR_RETURN(c.name, RequiredString(*body, "name"));
            LINLI_ASSIGN_OR_RETURN(auto en, OptionalString(*body, "name_en"));
            c.name_en = en.value_or("");
            LINLI_ASSIGN_OR_RETURN(auto handler, RequiredString(*body, "handler"));
            auto h = domain::ParseHandlerKind(handler);
            if (!h)
              return InvalidArgument(
                  "handler must be property, committee, branch, member or mediation", "handler");
            c.handler = *h;
            LINLI_ASSIGN_OR_RETURN(c.respond, ParseLimit(*body, "respond"));
            LINLI_ASSIGN_OR_RETURN(c.resolve, ParseLimit(*body, "resolve"));
            LINLI_ASSIGN_OR_RETURN(auto active, OptionalBool(*body, "active"));
            c.active = active.value_or(true);
            LINLI_ASSIGN_OR_RETURN(auto sort, OptionalInt(*body, "sort"));
            if (sort && (*sort < 0 || *sort > 100000))
              return InvalidArgument("sort must be 0 to 100000", "sort");
            c.sort = static_cast<int>(sort.value_or(-1));  // -1: keep the current order
            return {};
          };
          if (auto st = parse(); !st) return ErrorOf(st.error());
          return Reply(svc().PutCategory(who, *id, c), CategoryJson);
        }));

  r.Add("POST", "/api/v1/photos",
        Authed(api,
               [svc](Request& req, const app::Principal& who) {
                 return Reply(
                     svc().UploadPhoto(who, req.Header("content-type").value_or(""), req.body),
                     PhotoJson, 201);
               }),
        app::AppealService::kMaxPhotoBytes + 64 * 1024);
  r.Add("GET", "/api/v1/photos/{token}", [svc](Request& req) {
    auto photo = svc().GetPhoto(req.params["token"]);
    if (!photo) return ErrorOf(photo.error());
    Response res;
    res.content_type = photo->content_type;
    res.body = std::move(photo->bytes);
    res.headers.emplace_back("Cache-Control", "private, max-age=86400");
    res.headers.emplace_back("X-Content-Type-Options", "nosniff");
    return res;
  });

  r.Add("POST", "/api/v1/appeals", Authed(api, [svc](Request& req, const app::Principal& who) {
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto in = ParseNewAppeal(*body);
          if (!in) return ErrorOf(in.error());
          return AppealReply(svc().File(who, *in, IdempotencyKey(req)), 201);
        }));
  r.Add("POST", "/api/v1/intakes", Authed(api, [svc](Request& req, const app::Principal& who) {
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto in = ParseNewIntake(*body);
          if (!in) return ErrorOf(in.error());
          auto list = svc().FileIntake(who, *in, IdempotencyKey(req));
          if (!list) return ErrorOf(list.error());
          std::string out;
          JsonWriter w(out);
          w.Open('{').Key("intake_id");
          list->empty() ? w.Value(nullptr) : w.Value(list->front().appeal.visit_id);
          w.Key("appeals").Open('[');
          for (const auto& v : *list) WriteAppeal(w, v);
          w.Close(']').Close('}');
          return JsonText(std::move(out), 201);
        }));
  r.Add("GET", "/api/v1/appeals", Authed(api, [svc, &api](Request& req, const app::Principal& who) {
          auto page = ParsePage(req);
          if (!page) return ErrorOf(page.error());
          auto unit = QueryId(req, "unit_id");
          if (!unit) return ErrorOf(unit.error());
          app::AppealQuery q;
          q.unit_id = *unit;
          q.status = req.Query("status");
          q.category = req.Query("category");
          q.handler = req.Query("handler");
          if (q.status && q.status->empty()) q.status.reset();
          if (q.category && q.category->empty()) q.category.reset();
          if (q.handler && q.handler->empty()) q.handler.reset();
          q.mine =
              req.Query("mine").value_or("") == "1" || req.Query("mine").value_or("") == "true";
          q.overdue = req.Query("overdue").value_or("") == "1" ||
                      req.Query("overdue").value_or("") == "true";
          // An estate's list changes only with its appeals: serve the rendered page again while
          // the estate's appeal version (in the key) stays the same.
          auto s = svc();
          auto key = s.ListCacheKey(who, q);
          if (!key) return ErrorOf(key.error());
          if (!key->empty()) {
            *key += "|" + q.status.value_or("") + "|" + q.category.value_or("") + "|" +
                    q.handler.value_or("") + "|" + std::to_string(page->page) + "|" +
                    std::to_string(page->page_size);
            if (auto body = api.responses->Get(*key)) {
              Response cached;
              cached.body = *body;
              return cached;
            }
          }
          auto p = s.List(who, q, *page);
          if (!p) return ErrorOf(p.error());
          std::string out;
          out.reserve(2048 * p->items.size() + 64);
          JsonWriter w(out);
          w.Open('{').Key("items").Open('[');
          for (const auto& v : p->items) WriteAppeal(w, v);
          w.Close(']').Key("total").Value(p->total).Key("page").Value(p->page.page);
          w.Key("page_size").Value(p->page.page_size).Close('}');
          if (!key->empty()) api.responses->Put(*key, std::make_shared<const std::string>(out));
          return JsonText(std::move(out));
        }));
  r.Add("GET", "/api/v1/appeals/{id}", Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return AppealReply(svc().Get(who, *id));
        }));
  r.Add("POST", "/api/v1/appeals/{id}/transitions",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto in = ParseAction(*body);
          if (!in) return ErrorOf(in.error());
          return AppealReply(svc().Transition(who, *id, *in));
        }));
  r.Add("POST", "/api/v1/appeals/{id}/rating",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto result = RequiredString(*body, "result");
          if (!result) return ErrorOf(result.error());
          auto rating = domain::ParseRating(*result);
          if (!rating)
            return ErrorOf(Error{ErrorCode::kInvalidArgument,
                                 "result must be satisfied, basically or dissatisfied",
                                 "result",
                                 {}});
          auto comment = OptionalString(*body, "comment");
          if (!comment) return ErrorOf(comment.error());
          return AppealReply(svc().Rate(who, *id, *rating, comment->value_or("")));
        }));
  r.Add("POST", "/api/v1/appeals/{id}/callback",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          app::CallbackInput in;
          auto parse = [&]() -> Status {
            LINLI_ASSIGN_OR_RETURN(auto contacted, OptionalBool(*body, "contacted"));
            if (!contacted)
              return InvalidArgument("contacted (true or false) is required", "contacted");
            in.contacted = *contacted;
            LINLI_ASSIGN_OR_RETURN(in.solved, OptionalBool(*body, "solved"));
            LINLI_ASSIGN_OR_RETURN(auto result, OptionalString(*body, "result"));
            if (result) {
              in.rating = domain::ParseRating(*result);
              if (!in.rating)
                return InvalidArgument("result must be satisfied, basically or dissatisfied",
                                       "result");
            }
            LINLI_ASSIGN_OR_RETURN(auto note, OptionalString(*body, "note"));
            in.note = note.value_or("");
            return {};
          };
          if (auto st = parse(); !st) return ErrorOf(st.error());
          return AppealReply(svc().Callback(who, *id, in));
        }));

  r.Add("GET", "/api/v1/public/estates/{id}/appeals", [svc](Request& req) {
    auto id = PathId(req);
    if (!id) return ErrorOf(id.error());
    auto page = ParsePage(req);
    if (!page) return ErrorOf(page.error());
    return Reply(svc().Board(*id, *page), BoardJson);
  });

  r.Add(
      "GET", "/api/v1/stats/appeals",
      Authed(api, [svc, &api](Request& req, const app::Principal& who) {
        auto unit = QueryId(req, "unit_id");
        if (!unit) return ErrorOf(unit.error());
        if (!*unit)
          return ErrorOf(Error{ErrorCode::kInvalidArgument,
                               "unit_id is required: the estate, community, street or district",
                               "unit_id",
                               {}});
        // Default period: the last 12 months up to this month.
        const std::string today = FormatDate(api.env.clock.Now());
        const int this_month = *ParseMonth(today.substr(0, 7));
        int to = this_month, from = 0;
        if (auto t = req.Query("to"); t && !t->empty()) {
          auto m = ParseMonth(*t);
          if (!m)
            return ErrorOf(Error{ErrorCode::kInvalidArgument,
                                 "to must be a month YYYY-MM such as 2026-03",
                                 "to",
                                 {}});
          to = *m;
        }
        if (auto f = req.Query("from"); f && !f->empty()) {
          auto m = ParseMonth(*f);
          if (!m)
            return ErrorOf(Error{ErrorCode::kInvalidArgument,
                                 "from must be a month YYYY-MM such as 2026-01",
                                 "from",
                                 {}});
          from = *m;
        } else {
          from = (to % 100 == 12) ? to - 11 : to - 100 + 1;
        }
        domain::StatsDefinitions d;
        if (auto s = req.Query("satisfaction"); s && !s->empty()) {
          auto v = domain::ParseSatisfactionDefinition(*s);
          if (!v)
            return ErrorOf(Error{ErrorCode::kInvalidArgument,
                                 "satisfaction must be weighted or simple",
                                 "satisfaction",
                                 {}});
          d.satisfaction = *v;
        }
        if (auto s = req.Query("reply"); s && !s->empty()) {
          auto v = domain::ParseReplyDefinition(*s);
          if (!v)
            return ErrorOf(Error{
                ErrorCode::kInvalidArgument, "reply must be responded or contacted", "reply", {}});
          d.reply = *v;
        }
        return Reply(svc().Stats(who, **unit, from, to, d), StatsJson);
      }));

  r.Add("GET", "/api/v1/notifications", Authed(api, [svc](Request& req, const app::Principal& who) {
          auto page = ParsePage(req);
          if (!page) return ErrorOf(page.error());
          const bool unread = req.Query("unread").value_or("") == "1";
          auto s = svc();
          auto list = s.Notifications(who, unread, *page);
          if (!list) return ErrorOf(list.error());
          auto count = s.UnreadCount(who);
          if (!count) return ErrorOf(count.error());
          json::array items;
          for (const auto& n : list->items)
            items.push_back(json::object{
                {"id", n.id},
                {"appeal_id", OptJson(n.appeal_id)},
                {"subject",
                 n.subject_kind && n.subject_id
                     ? json::value(json::object{{"kind", *n.subject_kind}, {"id", *n.subject_id}})
                     : json::value(nullptr)},
                {"text", n.text},
                {"at", FormatTime(n.at)},
                {"read", n.read}});
          json::object o = PagedJson(*list, std::move(items));
          o["unread"] = *count;
          return Json(o);
        }));
  r.Add("POST", "/api/v1/notifications/read",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          std::vector<std::int64_t> ids;
          if (!req.body.empty()) {
            auto body = ParseObject(req);
            if (!body) return ErrorOf(body.error());
            auto parsed = IdArray(*body, "ids");
            if (!parsed) return ErrorOf(parsed.error());
            ids = *parsed;
          }
          auto st = svc().MarkRead(who, ids);
          if (!st) return ErrorOf(st.error());
          return Json(json::object{{"ok", true}});
        }));

  r.Add("GET", "/api/v1/calendar/{year}", Authed(api, [svc](Request& req, const app::Principal&) {
          auto year = PathId(req, "year");
          if (!year) return ErrorOf(year.error());
          return Reply(svc().GetCalendar(static_cast<int>(*year)), CalendarJson);
        }));
  r.Add("PUT", "/api/v1/calendar/{year}",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto year = PathId(req, "year");
          if (!year) return ErrorOf(year.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          app::CalendarYear y;
          y.year = static_cast<int>(*year);
          auto hs = StringList(*body, "holidays");
          if (!hs) return ErrorOf(hs.error());
          auto ws = StringList(*body, "workdays");
          if (!ws) return ErrorOf(ws.error());
          y.holidays = *hs;
          y.workdays = *ws;
          return Reply(svc().PutCalendar(who, y), CalendarJson);
        }));
}

}  // namespace linli::http
