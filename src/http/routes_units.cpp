// The administrative tree.
#include "app/units.hpp"
#include "http/api.hpp"
#include "http/json_util.hpp"

namespace linli::http {
namespace {

json::object UnitJson(const app::UnitView& v) {
  return UnitWithPathJson(v.unit, v.path, v.child_count);
}

}  // namespace

void RegisterUnitRoutes(Router& r, Api& api) {
  r.Add("POST", "/api/v1/units", Authed(api, [&api](Request& req, const app::Principal& who) {
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto kind = RequiredString(*body, "kind");
          if (!kind) return ErrorOf(kind.error());
          auto name = RequiredString(*body, "name");
          if (!name) return ErrorOf(name.error());
          auto parent = OptionalInt(*body, "parent_id");
          if (!parent) return ErrorOf(parent.error());
          return Reply(app::UnitService(api.env).Create(who, *kind, *name, *parent), UnitJson, 201);
        }));
  r.Add("GET", "/api/v1/units", Authed(api, [&api](Request&, const app::Principal& who) {
          return Reply(app::UnitService(api.env).Roots(who), [](const auto& roots) {
            json::array items;
            for (const auto& v : roots) items.push_back(UnitJson(v));
            return json::object{{"items", std::move(items)}, {"total", roots.size()}};
          });
        }));
  r.Add("GET", "/api/v1/units/{id}", Authed(api, [&api](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(app::UnitService(api.env).Get(who, *id), UnitJson);
        }));
  r.Add("PATCH", "/api/v1/units/{id}", Authed(api, [&api](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto name = RequiredString(*body, "name");
          if (!name) return ErrorOf(name.error());
          return Reply(app::UnitService(api.env).Rename(who, *id, *name), UnitJson);
        }));
  r.Add("GET", "/api/v1/units/{id}/children",
        Authed(api, [&api](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto page = ParsePage(req);
          if (!page) return ErrorOf(page.error());
          return Reply(app::UnitService(api.env).Children(who, *id, *page), [](const auto& p) {
            json::array items;
            for (const auto& v : p.items) items.push_back(UnitJson(v));
            return PagedJson(p, std::move(items));
          });
        }));
}

}  // namespace linli::http
