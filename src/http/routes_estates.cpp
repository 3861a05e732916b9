// Estates: the estate with its profile and figures, buildings, households, owners, and the
// household CSV import (docs/openapi.json, "Estates").
#include <cmath>
#include <cstdio>

#include "app/estates.hpp"
#include "http/api.hpp"
#include "http/json_util.hpp"

namespace linli::http {
namespace {

constexpr std::size_t kImportBodyLimit = 8 * 1024 * 1024;

// Areas are kept exactly in hundredths of m²; on the wire they are numbers with 2 decimals.
json::value AreaJson(std::int64_t area_m2_x100) {
  return json::value(static_cast<double>(area_m2_x100) / 100.0);
}

Response AreaJsonResponse(const json::value& v, int status = 200) { return Json(v, status); }

template <class T, class F>
Response ReplyWithAreas(const Result<T>& r, F&& to_json, int status = 200) {
  if (!r) return ErrorOf(r.error());
  return AreaJsonResponse(to_json(*r), status);
}

json::object ProfileJson(const domain::EstateProfile& p) {
  return json::object{
      {"address", p.address},
      {"built_year", p.built_year ? json::value(*p.built_year) : json::value(nullptr)},
      {"service_mode", std::string(domain::ServiceModeName(p.service_mode))}};
}

json::object StatsJson(const storage::EstateStats& s) {
  return json::object{{"buildings", s.buildings},
                      {"entrances", s.entrances},
                      {"households", s.households},
                      {"delivered_households", s.delivered_households},
                      {"total_area_m2", AreaJson(s.total_area_m2_x100)},
                      {"owners", s.owners},
                      {"owner_headcount", s.owner_headcount}};
}

json::object EstateJson(const app::EstateView& v) {
  json::object o = UnitWithPathJson(v.unit, v.path, v.child_count);
  o["profile"] = ProfileJson(v.profile);
  o["stats"] = StatsJson(v.stats);
  return o;
}

json::object BuildingJson(const storage::BuildingSummary& b) {
  return json::object{{"id", b.id},
                      {"name", b.name},
                      {"entrances", b.entrances},
                      {"households", b.households},
                      {"area_m2", AreaJson(b.area_m2_x100)}};
}

json::object OwnerJson(const storage::OwnerRecord& o) {
  return json::object{{"id", o.id},
                      {"name", o.name},
                      {"phone", o.phone.empty() ? json::value(nullptr) : json::value(o.phone)},
                      {"kind", domain::OwnerKindName(o.kind)}};
}

json::object HouseholdJson(const storage::HouseholdRecord& h) {
  json::array owners;
  for (const auto& o : h.owners) owners.push_back(OwnerJson(o));
  return json::object{{"id", h.id},
                      {"building", h.building},
                      {"building_id", h.building_id},
                      {"unit", h.unit},
                      {"floor", h.floor},
                      {"floor_label", h.floor_label},
                      {"room", h.room},
                      {"area_m2", AreaJson(h.area_m2_x100)},
                      {"area_source", domain::AreaSourceName(h.area_source)},
                      {"delivered", h.delivered},
                      {"use", domain::UnitUseName(h.use)},
                      {"owners", std::move(owners)}};
}

// Reads the PATCH body into a patch: absent fields stay, built_year null clears it.
Result<app::EstateProfilePatch> ParseProfilePatch(const Request& req) {
  LINLI_ASSIGN_OR_RETURN(auto body, ParseObject(req));
  app::EstateProfilePatch patch;
  if (body.contains("address")) {
    LINLI_ASSIGN_OR_RETURN(auto address, OptionalString(body, "address"));
    patch.address = address.value_or("");
  }
  if (body.contains("built_year")) {
    LINLI_ASSIGN_OR_RETURN(auto year, OptionalInt(body, "built_year"));
    patch.built_year = year;
  }
  if (body.contains("service_mode")) {
    LINLI_ASSIGN_OR_RETURN(auto mode, OptionalString(body, "service_mode"));
    patch.service_mode = mode.value_or("none");
  }
  return patch;
}

}  // namespace

void RegisterEstateRoutes(Router& r, Api& api) {
  r.Add("GET", "/api/v1/estates/{id}", Authed(api, [&api](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return ReplyWithAreas(app::EstateService(api.env).GetEstate(who, *id), EstateJson);
        }));
  r.Add("PATCH", "/api/v1/estates/{id}",
        Authed(api, [&api](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto patch = ParseProfilePatch(req);
          if (!patch) return ErrorOf(patch.error());
          return ReplyWithAreas(app::EstateService(api.env).UpdateProfile(who, *id, *patch),
                                EstateJson);
        }));
  r.Add("GET", "/api/v1/estates/{id}/buildings",
        Authed(api, [&api](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return ReplyWithAreas(
              app::EstateService(api.env).ListBuildings(who, *id), [](const auto& list) {
                json::array items;
                for (const auto& b : list) items.push_back(BuildingJson(b));
                return json::object{{"items", std::move(items)}, {"total", list.size()}};
              });
        }));
  r.Add("POST", "/api/v1/estates/{id}/buildings",
        Authed(api, [&api](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto name = RequiredString(*body, "name");
          if (!name) return ErrorOf(name.error());
          return ReplyWithAreas(app::EstateService(api.env).CreateBuilding(who, *id, *name),
                                BuildingJson, 201);
        }));
  r.Add(
      "GET", "/api/v1/estates/{id}/households",
      Authed(api, [&api](Request& req, const app::Principal& who) {
        auto id = PathId(req);
        if (!id) return ErrorOf(id.error());
        auto page = ParsePage(req);
        if (!page) return ErrorOf(page.error());
        app::HouseholdQuery query{req.Query("building").value_or(""), req.Query("q").value_or("")};
        app::EstateService estates(api.env);
        // The list changes only when the estate's households do: serve the rendered page again
        // while the estate's households_version (in the key) stays the same.
        auto version = estates.HouseholdListVersion(who, *id);
        if (!version) return ErrorOf(version.error());
        const std::string key = *version + "|" + query.building + "|" + query.q + "|" +
                                std::to_string(page->page) + "|" + std::to_string(page->page_size);
        if (auto body = api.responses->Get(key)) {
          Response cached;
          cached.body = *body;
          return cached;
        }
        auto response = ReplyWithAreas(estates.ListHouseholds(who, *id, query, *page),
                                       [](const app::HouseholdPage& p) {
                                         json::array items;
                                         for (const auto& h : p.households.items)
                                           items.push_back(HouseholdJson(h));
                                         return PagedJson(p.households, std::move(items));
                                       });
        if (response.status == 200)
          api.responses->Put(key, std::make_shared<const std::string>(response.body));
        return response;
      }));
  r.Add("GET", "/api/v1/estates/{id}/owners",
        Authed(api, [&api](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto page = ParsePage(req);
          if (!page) return ErrorOf(page.error());
          return Reply(
              app::EstateService(api.env).ListOwners(who, *id, req.Query("q").value_or(""), *page),
              [](const app::OwnerPage& p) {
                json::array items;
                for (const auto& o : p.owners.items) {
                  json::object item = OwnerJson(o.owner);
                  json::array households;
                  for (const auto& h : o.households)
                    households.push_back(json::object{{"id", h.id}, {"label", h.label}});
                  item["households"] = std::move(households);
                  items.push_back(std::move(item));
                }
                return PagedJson(p.owners, std::move(items));
              });
        }));
  // The body is the CSV file itself, whatever its content type says (browsers and curl differ).
  r.Add("POST", "/api/v1/estates/{id}/households:import",
        Authed(api,
               [&api](Request& req, const app::Principal& who) {
                 auto id = PathId(req);
                 if (!id) return ErrorOf(id.error());
                 return Reply(app::EstateService(api.env).ImportHouseholds(who, *id, req.body),
                              [](const app::ImportCounts& c) {
                                return json::object{{"households_created", c.households_created},
                                                    {"households_updated", c.households_updated},
                                                    {"owners_created", c.owners_created},
                                                    {"buildings_created", c.buildings_created},
                                                    {"entrances_created", c.entrances_created},
                                                    {"rows", c.rows}};
                              });
               }),
        kImportBodyLimit);
}

}  // namespace linli::http
