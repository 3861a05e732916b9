// Pairing (结对) and door-knocking (敲门行动): pairings, households with nobody and suggestions,
// rounds, visits whose problems go into the problems flow, coverage by building, and the
// member's own lists (docs/openapi-parts/member-visits.json; docs/MEMBER_VISITS.md).
#include "app/member_visits.hpp"
#include "core/time_format.hpp"
#include "http/api.hpp"
#include "http/json_util.hpp"

namespace linli::http {
namespace {

json::value TimeJson(std::optional<UnixSeconds> t) {
  return t ? json::value(FormatTime(*t)) : json::value(nullptr);
}

json::object PairingJson(const app::PairingView& p) {
  return json::object{{"id", p.id},
                      {"estate_id", p.estate_id},
                      {"registration_id", p.registration_id},
                      {"member_name", p.member_name},
                      {"kind", std::string(domain::PairingKindName(p.kind))},
                      {"kind_label", std::string(domain::PairingKindLabel(p.kind))},
                      {"household_id", OptJson(p.household_id)},
                      {"entrance_id", OptJson(p.entrance_id)},
                      {"building_id", p.building_id},
                      {"label", p.label},
                      {"entrance_households", p.entrance_households},
                      {"started_at", FormatTime(p.started_at)},
                      {"ended_at", TimeJson(p.ended_at)}};
}

// /me/pairings: an entrance pairing also lists the entrance's households to visit.
json::object MyPairingJson(const app::PairingView& p) {
  auto o = PairingJson(p);
  if (p.kind == domain::PairingKind::kEntrance) {
    json::array hs;
    for (const auto& h : p.households) hs.push_back(json::object{{"id", h.id}, {"label", h.label}});
    o["households"] = std::move(hs);
  }
  return o;
}

json::object MemberPairsJson(const app::MemberPairsView& m, bool with_pairings) {
  json::object o{{"registration_id", m.registration_id},
                 {"estate", json::object{{"id", m.estate_id}, {"name", m.estate_name}}},
                 {"member_name", m.member_name},
                 {"home", m.home_label},
                 {"households", m.count.households},
                 {"min_pairs", m.count.min_pairs},
                 {"met", m.count.met}};
  if (with_pairings) {
    json::array a;
    for (const auto& p : m.pairings) a.push_back(MyPairingJson(p));
    o["pairings"] = std::move(a);
  }
  return o;
}

json::object BoardJson(const app::PairingBoard& b) {
  json::array pairings, members;
  for (const auto& p : b.pairings) pairings.push_back(PairingJson(p));
  for (const auto& m : b.members) members.push_back(MemberPairsJson(m, false));
  return json::object{{"estate", json::object{{"id", b.estate_id}, {"name", b.estate_name}}},
                      {"households", b.households},
                      {"households_unpaired", b.households_unpaired},
                      {"pairings", std::move(pairings)},
                      {"members", std::move(members)}};
}

json::object UnpairedJson(const app::UnpairedPage& p) {
  json::array groups;
  for (const auto& g : p.groups) {
    json::array hs;
    for (const auto& h : g.households) {
      json::value s = nullptr;
      if (h.suggestion)
        s = json::object{
            {"registration_id", h.suggestion->registration_id},
            {"member_name", h.suggestion->member_name},
            {"nearness", std::string(domain::NearnessName(h.suggestion->nearness))},
            {"nearness_label", std::string(domain::NearnessLabel(h.suggestion->nearness))}};
      hs.push_back(json::object{
          {"household_id", h.household_id}, {"label", h.label}, {"suggestion", std::move(s)}});
    }
    groups.push_back(json::object{{"building_id", g.building_id},
                                  {"building_name", g.building_name},
                                  {"entrance_id", g.entrance_id},
                                  {"entrance_name", g.entrance_name},
                                  {"households", std::move(hs)}});
  }
  return json::object{{"estate_id", p.estate_id},
                      {"households", p.households},
                      {"unpaired", p.unpaired},
                      {"groups", std::move(groups)}};
}

json::object ShareJson(const domain::CoverageCount& c) {
  return json::object{
      {"households", c.households}, {"visited", c.visited}, {"share", domain::SharePercent(c)}};
}

std::string_view RoundStatusLabel(const std::string& s) {
  return s == "upcoming" ? "未开始" : s == "finished" ? "已结束" : "进行中";
}

json::object RoundJson(const app::RoundView& v) {
  const auto& r = v.round;
  return json::object{
      {"id", r.id},
      {"estate_id", r.estate_id},
      {"building",
       r.building_id ? json::value(json::object{{"id", *r.building_id}, {"name", r.building_name}})
                     : json::value(nullptr)},
      {"title", r.title},
      {"starts_on", r.starts_on},
      {"ends_on", r.ends_on},
      {"status", v.status},
      {"status_label", std::string(RoundStatusLabel(v.status))},
      {"progress", ShareJson(v.progress)},
      {"created_at", FormatTime(r.created_at)}};
}

json::object VisitJson(const app::VisitView& view) {
  const auto& v = view.visit;
  json::array appeals;
  for (auto id : v.appeal_ids) appeals.push_back(id);
  return json::object{{"id", v.id},
                      {"estate_id", v.estate_id},
                      {"household", json::object{{"id", v.household_id},
                                                 {"label", v.household_label},
                                                 {"building_id", v.building_id}}},
                      {"visited_on", v.visited_on},
                      {"round_id", OptJson(v.round_id)},
                      {"visitor", json::object{{"account_id", v.visitor_account_id},
                                               {"name", view.visitor_name},
                                               {"by_member", view.by_member}}},
                      {"registration_id", OptJson(v.registration_id)},
                      {"heard", v.heard},
                      {"intake_id", OptJson(v.intake_id)},
                      {"appeal_ids", std::move(appeals)},
                      {"mine", view.mine},
                      {"created_at", FormatTime(v.created_at)}};
}

json::object VisitPageJson(const app::Paged<app::VisitView>& p) {
  json::array items;
  for (const auto& v : p.items) items.push_back(VisitJson(v));
  return PagedJson(p, std::move(items));
}

// {"registration_id", "household_id"} or {"registration_id", "entrance_id"}.
Result<app::PairingInput> ParsePairing(const json::object& o) {
  app::PairingInput in;
  LINLI_ASSIGN_OR_RETURN(in.registration_id, RequiredInt(o, "registration_id"));
  LINLI_ASSIGN_OR_RETURN(in.household_id, OptionalInt(o, "household_id"));
  LINLI_ASSIGN_OR_RETURN(in.entrance_id, OptionalInt(o, "entrance_id"));
  return in;
}

// {"household_id"} | {"building_id"} | {"text"}.
Result<app::PlaceInput> ParsePlaceObject(const json::value& v) {
  if (!v.is_object())
    return InvalidArgument(
        "place must be an object: {\"household_id\":N}, {\"building_id\":N} or {\"text\":\"...\"}",
        "place");
  const auto& o = v.as_object();
  app::PlaceInput p;
  auto prefixed = [](Error e) {
    e.field = "place." + e.field;
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

Result<app::VisitInput> ParseVisit(const json::object& body) {
  app::VisitInput in;
  LINLI_ASSIGN_OR_RETURN(in.household_id, RequiredInt(body, "household_id"));
  LINLI_ASSIGN_OR_RETURN(in.visited_on, OptionalString(body, "visited_on"));
  LINLI_ASSIGN_OR_RETURN(in.round_id, OptionalInt(body, "round_id"));
  LINLI_ASSIGN_OR_RETURN(auto heard, OptionalString(body, "heard"));
  in.heard = heard.value_or("");
  LINLI_ASSIGN_OR_RETURN(auto name, OptionalString(body, "contact_name"));
  in.contact_name = name.value_or("");
  LINLI_ASSIGN_OR_RETURN(auto phone, OptionalString(body, "contact_phone"));
  in.contact_phone = phone.value_or("");
  auto it = body.find("problems");
  if (it == body.end() || it->value().is_null()) return in;
  if (!it->value().is_array())
    return InvalidArgument("problems must be an array of {\"category\",\"description\"}",
                           "problems");
  const auto& list = it->value().as_array();
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string prefix = "problems[" + std::to_string(i) + "]";
    auto fail = [&](Error e) {
      e.field = prefix + "." + e.field;
      return tl::unexpected(std::move(e));
    };
    if (!list[i].is_object()) return InvalidArgument(prefix + " must be an object", prefix);
    const auto& p = list[i].as_object();
    app::VisitInput::Problem prob;
    auto cat = RequiredString(p, "category");
    if (!cat) return fail(cat.error());
    prob.category = *cat;
    auto desc = OptionalString(p, "description");
    if (!desc) return fail(desc.error());
    prob.description = desc->value_or("");
    if (auto pl = p.find("place"); pl != p.end() && !pl->value().is_null()) {
      auto place = ParsePlaceObject(pl->value());
      if (!place) return fail(place.error());
      prob.place = *place;
    }
    in.problems.push_back(std::move(prob));
  }
  return in;
}

}  // namespace

void RegisterMemberVisitRoutes(Router& r, Api& api) {
  auto pairing = [&api] { return app::PairingService(api.env); };
  auto visits = [&api] { return app::VisitService(api.env); };

  // ---- Pairing ----
  r.Add("GET", "/api/v1/estates/{id}/pairings",
        Authed(api, [pairing](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(pairing().Board(who, *id), BoardJson);
        }));
  r.Add("POST", "/api/v1/estates/{id}/pairings",
        Authed(api, [pairing](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto in = ParsePairing(*body);
          if (!in) return ErrorOf(in.error());
          return Reply(pairing().Pair(who, *id, *in), PairingJson, 201);
        }));
  r.Add("POST", "/api/v1/estates/{id}/pairings:batch",
        Authed(api, [pairing](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto it = body->find("pairings");
          if (it == body->end() || !it->value().is_array())
            return ErrorOf(InvalidArgument("pairings must be an array of {\"registration_id\", "
                                           "\"household_id\"} (or \"entrance_id\")",
                                           "pairings")
                               .value());
          std::vector<app::PairingInput> list;
          const auto& items = it->value().as_array();
          for (size_t i = 0; i < items.size(); ++i) {
            const std::string prefix = "pairings[" + std::to_string(i) + "]";
            if (!items[i].is_object())
              return ErrorOf(InvalidArgument(prefix + " must be an object", prefix).value());
            auto p = ParsePairing(items[i].as_object());
            if (!p) {
              Error e = p.error();
              e.field = prefix + "." + e.field;
              return ErrorOf(e);
            }
            list.push_back(*p);
          }
          return Reply(
              pairing().PairBatch(who, *id, list),
              [](const std::vector<app::PairingView>& v) {
                json::array a;
                for (const auto& p : v) a.push_back(PairingJson(p));
                return json::object{{"pairings", std::move(a)}};
              },
              201);
        }));
  r.Add("GET", "/api/v1/estates/{id}/pairings/unpaired",
        Authed(api, [pairing](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(pairing().Unpaired(who, *id), UnpairedJson);
        }));
  r.Add("POST", "/api/v1/pairings/{id}/end",
        Authed(api, [pairing](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(pairing().End(who, *id), PairingJson);
        }));
  r.Add("GET", "/api/v1/me/pairings", Authed(api, [pairing](Request&, const app::Principal& who) {
          return Reply(pairing().Mine(who), [](const std::vector<app::MemberPairsView>& list) {
            json::array a;
            for (const auto& m : list) a.push_back(MemberPairsJson(m, true));
            return json::object{{"registrations", std::move(a)}};
          });
        }));

  // ---- Door-knocking ----
  r.Add("GET", "/api/v1/estates/{id}/visit-rounds",
        Authed(api, [visits](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(visits().Rounds(who, *id), [](const std::vector<app::RoundView>& list) {
            json::array a;
            for (const auto& v : list) a.push_back(RoundJson(v));
            return json::object{{"items", std::move(a)}};
          });
        }));
  r.Add("POST", "/api/v1/estates/{id}/visit-rounds",
        Authed(api, [visits](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          app::RoundInput in;
          auto title = RequiredString(*body, "title");
          if (!title) return ErrorOf(title.error());
          in.title = *title;
          auto building = OptionalInt(*body, "building_id");
          if (!building) return ErrorOf(building.error());
          in.building_id = *building;
          auto from = RequiredString(*body, "starts_on");
          if (!from) return ErrorOf(from.error());
          in.starts_on = *from;
          auto to = RequiredString(*body, "ends_on");
          if (!to) return ErrorOf(to.error());
          in.ends_on = *to;
          return Reply(visits().CreateRound(who, *id, in), RoundJson, 201);
        }));
  r.Add("POST", "/api/v1/estates/{id}/visits",
        Authed(api, [visits](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto in = ParseVisit(*body);
          if (!in) return ErrorOf(in.error());
          return Reply(visits().Record(who, *id, *in), VisitJson, 201);
        }));
  r.Add("GET", "/api/v1/estates/{id}/visits",
        Authed(api, [visits](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto page = ParsePage(req);
          if (!page) return ErrorOf(page.error());
          app::VisitListQuery q;
          q.from = req.Query("from");
          q.to = req.Query("to");
          for (auto [name, target] :
               {std::pair{"building_id", &q.building_id},
                std::pair{"household_id", &q.household_id}, std::pair{"round_id", &q.round_id}}) {
            auto v = QueryId(req, name);
            if (!v) return ErrorOf(v.error());
            *target = *v;
          }
          q.mine = req.Query("mine").value_or("") == "true";
          return Reply(visits().List(who, *id, q, *page), VisitPageJson);
        }));
  r.Add("GET", "/api/v1/estates/{id}/visit-coverage",
        Authed(api, [visits](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto quarter = req.Query("quarter");
          if (quarter && quarter->empty()) quarter.reset();
          return Reply(visits().Coverage(who, *id, quarter), [](const app::CoverageView& c) {
            json::array buildings;
            for (const auto& b : c.buildings) {
              auto o = ShareJson(b.count);
              o["building_id"] = b.building_id;
              o["building_name"] = b.building_name;
              buildings.push_back(std::move(o));
            }
            return json::object{
                {"estate", json::object{{"id", c.estate_id}, {"name", c.estate_name}}},
                {"quarter",
                 json::object{
                     {"name", c.quarter.name}, {"from", c.quarter.from}, {"to", c.quarter.to}}},
                {"buildings", std::move(buildings)},
                {"total", ShareJson(c.total)},
                {"visits", c.visits}};
          });
        }));
  r.Add("GET", "/api/v1/me/visits", Authed(api, [visits](Request& req, const app::Principal& who) {
          auto page = ParsePage(req);
          if (!page) return ErrorOf(page.error());
          return Reply(visits().Mine(who, *page), VisitPageJson);
        }));
}

}  // namespace linli::http
