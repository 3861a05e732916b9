// Auth, accounts, role grants and the audit log.
#include "app/appeals.hpp"
#include "app/audit.hpp"
#include "app/members.hpp"
#include "core/time_format.hpp"
#include "http/api.hpp"
#include "http/json_util.hpp"

namespace linli::http {

Result<app::Principal> Authenticate(Api& api, const Request& req) {
  auto h = req.Header("authorization");
  if (!h || h->size() < 8 || (h->compare(0, 7, "Bearer ") != 0 && h->compare(0, 7, "bearer ") != 0))
    return MakeError(ErrorCode::kUnauthenticated,
                     "log in first: send the header 'Authorization: Bearer TOKEN' with the token "
                     "from /api/v1/auth/login");
  return api.accounts.Authenticate(h->substr(7));
}

Handler Authed(Api& api, std::function<Response(Request&, const app::Principal&)> fn) {
  return [&api, fn = std::move(fn)](Request& req) {
    auto who = Authenticate(api, req);
    if (!who) return ErrorOf(who.error());
    return fn(req, *who);
  };
}

namespace {

json::object GrantJson(const app::RoleGrant& g) {
  return json::object{{"id", g.id},
                      {"role", std::string(domain::RoleName(g.role))},
                      {"unit_id", OptJson(g.unit_id)},
                      {"unit_name", g.unit_name},
                      {"unit_kind", g.unit_kind}};
}

json::array GrantsJson(const std::vector<app::RoleGrant>& gs) {
  json::array a;
  for (const auto& g : gs) a.push_back(GrantJson(g));
  return a;
}

json::object UserJson(const app::Principal& p) {
  return json::object{{"id", p.account_id},
                      {"name", p.name},
                      {"phone", p.phone},
                      {"person_id", OptJson(p.person_id)},
                      {"roles", GrantsJson(p.roles)}};
}

json::object AccountJson(const app::AccountView& a) {
  return json::object{
      {"id", a.id}, {"phone", a.phone}, {"name", a.name}, {"roles", GrantsJson(a.roles)}};
}

json::value ParsedOrNull(const std::string& s) {
  if (s.empty()) return nullptr;
  boost::system::error_code ec;
  auto v = json::parse(s, ec);
  return ec ? json::value(s) : v;
}

}  // namespace

void RegisterAccountRoutes(Router& r, Api& api) {
  r.Add("POST", "/api/v1/auth/login", [&api](Request& req) {
    auto body = ParseObject(req);
    if (!body) return ErrorOf(body.error());
    auto phone = RequiredString(*body, "phone");
    if (!phone) return ErrorOf(phone.error());
    auto password = RequiredString(*body, "password");
    if (!password) return ErrorOf(password.error());
    return Reply(api.accounts.Login(*phone, *password), [](const app::LoginResult& l) {
      return json::object{
          {"token", l.token}, {"expires_at", FormatTime(l.expires_at)}, {"user", UserJson(l.user)}};
    });
  });
  r.Add("POST", "/api/v1/auth/logout", Authed(api, [&api](Request& req, const app::Principal&) {
          auto st = api.accounts.Logout(req.Header("authorization")->substr(7));
          if (!st) return ErrorOf(st.error());
          return Json(json::object{});
        }));
  r.Add("GET", "/api/v1/auth/me", Authed(api, [&api](Request&, const app::Principal& who) {
          json::object o = UserJson(who);
          // Where the user lives (for filing a problem about their own household).
          if (auto home = app::AppealService(api.env).HomeOf(who))
            o["home"] = json::object{{"estate_id", home->estate_id},
                                     {"estate_name", home->estate_name},
                                     {"household_id", home->household_id},
                                     {"label", home->label}};
          else
            o["home"] = nullptr;
          // The employers whose members' records the account reads (party members' feedback).
          json::array employers;
          if (auto mine = app::MemberService(api.env).MyEmployers(who))
            for (const auto& e : *mine)
              employers.push_back(json::object{{"id", e.id}, {"name", e.name}});
          o["employers"] = std::move(employers);
          return Json(o);
        }));

  r.Add("POST", "/api/v1/accounts", Authed(api, [&api](Request& req, const app::Principal& who) {
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto phone = RequiredString(*body, "phone");
          if (!phone) return ErrorOf(phone.error());
          auto password = RequiredString(*body, "password");
          if (!password) return ErrorOf(password.error());
          auto name = RequiredString(*body, "name");
          if (!name) return ErrorOf(name.error());
          return Reply(api.accounts.CreateAccount(who, *phone, *password, *name), AccountJson, 201);
        }));
  r.Add("GET", "/api/v1/accounts", Authed(api, [&api](Request& req, const app::Principal& who) {
          auto unit = QueryId(req, "unit_id");
          if (!unit) return ErrorOf(unit.error());
          auto page = ParsePage(req);
          if (!page) return ErrorOf(page.error());
          return Reply(api.accounts.ListAccounts(who, *unit, *page), [](const auto& p) {
            json::array items;
            for (const auto& a : p.items) items.push_back(AccountJson(a));
            return PagedJson(p, std::move(items));
          });
        }));
  r.Add("POST", "/api/v1/accounts/{id}/roles",
        Authed(api, [&api](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto role = RequiredString(*body, "role");
          if (!role) return ErrorOf(role.error());
          auto unit = OptionalInt(*body, "unit_id");
          if (!unit) return ErrorOf(unit.error());
          return Reply(api.accounts.GrantRole(who, *id, *role, *unit), GrantJson, 201);
        }));
  r.Add("DELETE", "/api/v1/accounts/{id}/roles/{role_id}",
        Authed(api, [&api](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto grant = PathId(req, "role_id");
          if (!grant) return ErrorOf(grant.error());
          auto st = api.accounts.RevokeRole(who, *id, *grant);
          if (!st) return ErrorOf(st.error());
          return Json(json::object{});
        }));

  r.Add("GET", "/api/v1/audit", Authed(api, [&api](Request& req, const app::Principal& who) {
          auto unit = QueryId(req, "unit_id");
          if (!unit) return ErrorOf(unit.error());
          auto page = ParsePage(req);
          if (!page) return ErrorOf(page.error());
          return Reply(
              app::ListAudit(api.env, who, *unit, req.Query("entity").value_or(""), *page),
              [](const auto& p) {
                json::array items;
                for (const auto& a : p.items)
                  items.push_back(json::object{
                      {"id", a.id},
                      {"at", FormatTime(a.at)},
                      {"actor", a.actor_id ? json::value(json::object{{"id", *a.actor_id},
                                                                      {"name", a.actor_name}})
                                           : json::value(nullptr)},
                      {"action", a.action},
                      {"entity", a.entity},
                      {"entity_id", OptJson(a.entity_id)},
                      {"before", ParsedOrNull(a.before_json)},
                      {"after", ParsedOrNull(a.after_json)}});
                return PagedJson(p, std::move(items));
              });
        }));
}

}  // namespace linli::http
