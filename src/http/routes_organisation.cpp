// Party organisations, committees, property companies and contracts, people and posts
// (docs/openapi.json, "Party organisation, committees, property companies" and "People and
// posts"). Handlers parse, call app::OrganisationService / app::PeopleService, map the result.
#include "app/organisation.hpp"
#include "app/people.hpp"
#include "http/api.hpp"
#include "http/json_util.hpp"

namespace linli::http {
namespace {

// Whether the body sends `key` explicitly as null (a PATCH clearing the field).
bool SentNull(const json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  return v && v->is_null();
}

Status Unchangeable(const json::object& o, const char* key, const char* why) {
  if (o.contains(key)) return InvalidArgument(std::string(key) + " cannot be changed: " + why, key);
  return {};
}

// ---- JSON of results ----

// A warning goes out as two fields, the sentence and its code; both null when there is none.
json::value WarningMessage(const std::optional<domain::Warning>& w) {
  return w ? json::value(w->message) : json::value(nullptr);
}
json::value WarningCode(const std::optional<domain::Warning>& w) {
  return w ? json::value(w->code) : json::value(nullptr);
}

json::object PartyOrgJson(const domain::PartyOrg& o) {
  return json::object{
      {"id", o.id},
      {"kind", std::string(domain::PartyOrgKindName(o.kind))},
      {"name", o.name},
      {"unit_id", o.unit_id},
      {"parent_id", OptJson(o.parent_id)},
      {"function", o.function ? json::value(std::string(domain::BranchFunctionName(*o.function)))
                              : json::value(nullptr)},
      {"building_id", OptJson(o.building_id)}};
}

json::object CommitteeJson(const app::CommitteeView& v) {
  json::array members;
  for (const auto& m : v.members)
    members.push_back(json::object{{"post_id", m.post_id},
                                   {"person_id", m.person_id},
                                   {"name", m.name},
                                   {"post", std::string(domain::PostKindName(m.post))}});
  const auto& c = v.committee;
  return json::object{{"id", c.id},
                      {"estate_id", c.estate_id},
                      {"kind", std::string(domain::CommitteeKindName(c.kind))},
                      {"name", c.name},
                      {"term_start", c.term_start.ToString()},
                      {"term_end", c.term_end.ToString()},
                      {"current", v.current},
                      {"member_count", v.member_count},
                      {"member_warning", WarningMessage(v.member_warning)},
                      {"member_warning_code", WarningCode(v.member_warning)},
                      {"members", std::move(members)}};
}

json::object CompanyJson(const domain::PropertyCompany& c) {
  return json::object{
      {"id", c.id}, {"name", c.name}, {"credit_code", c.credit_code}, {"phone", c.phone}};
}

json::object ContractJson(const app::ContractView& v) {
  const auto& c = v.contract;
  return json::object{{"id", c.id},
                      {"estate_id", c.estate_id},
                      {"company_id", c.company_id},
                      {"company_name", c.company_name},
                      {"scope", std::string(domain::ContractScopeName(c.scope))},
                      {"start_date", c.start_date.ToString()},
                      {"end_date", c.end_date.ToString()},
                      {"in_force", v.in_force}};
}

// Sensitive fields appear only when the view carries them (RULES.md §9).
json::object PersonJson(const app::PersonView& v) {
  json::object o{{"id", v.id},
                 {"name", v.name},
                 {"phone", OptJson(v.phone)},
                 {"unit_id", v.unit_id},
                 {"household_id", OptJson(v.household_id)},
                 {"masked", v.masked}};
  if (v.party_member) o["party_member"] = *v.party_member;
  if (v.show_party_membership) {  // set only for viewers who may read party membership
    o["party_org_id"] = OptJson(v.party_org_id);
    o["show_party_membership"] = *v.show_party_membership;
  }
  if (v.id_number) {
    o["id_number"] = *v.id_number;
    o["id_number_revealed"] = v.id_number_revealed;
  }
  return o;
}

json::object PostJson(const app::PostView& v) {
  json::object person{
      {"id", v.person.id}, {"name", v.person.name}, {"phone", OptJson(v.person.phone)}};
  if (v.person.party_member) person["party_member"] = *v.person.party_member;
  return json::object{{"id", v.id},
                      {"post", std::string(domain::PostKindName(v.post))},
                      {"post_label", std::string(domain::PostKindChinese(v.post))},
                      {"unit_id", v.unit_id},
                      {"person", std::move(person)},
                      {"party_org_id", OptJson(v.links.party_org_id)},
                      {"committee_id", OptJson(v.links.committee_id)},
                      {"building_id", OptJson(v.links.building_id)},
                      {"start_date", v.start_date},
                      {"end_date", OptJson(v.end_date)}};
}

json::object CrossJson(const app::CrossAppointmentsView& v) {
  json::array several;
  for (const auto& p : v.people_with_several_posts) {
    json::array posts;
    for (auto k : p.posts) posts.push_back(json::value(std::string(domain::PostKindName(k))));
    several.push_back(
        json::object{{"person_id", p.person_id}, {"name", p.name}, {"posts", std::move(posts)}});
  }
  const auto& f = v.figures;
  return json::object{{"committee_members", f.committee_members},
                      {"committee_party_members", f.committee_party_members},
                      {"branch_committee_members", f.branch_committee_members},
                      {"branch_members_on_committee", f.branch_members_on_committee},
                      {"people_with_several_posts", std::move(several)}};
}

template <class T, class F>
json::object ItemsJson(const std::vector<T>& items, F&& one) {
  json::array arr;
  for (const auto& i : items) arr.push_back(one(i));
  return json::object{{"items", std::move(arr)}, {"total", items.size()}};
}

// ---- Parsing of bodies ----

Result<app::PartyOrgInput> ParsePartyOrg(const json::object& b) {
  app::PartyOrgInput in;
  LINLI_ASSIGN_OR_RETURN(in.kind, RequiredString(b, "kind"));
  LINLI_ASSIGN_OR_RETURN(in.name, RequiredString(b, "name"));
  LINLI_ASSIGN_OR_RETURN(in.unit_id, OptionalInt(b, "unit_id"));
  LINLI_ASSIGN_OR_RETURN(in.parent_id, OptionalInt(b, "parent_id"));
  LINLI_ASSIGN_OR_RETURN(in.function, OptionalString(b, "function"));
  LINLI_ASSIGN_OR_RETURN(in.building_id, OptionalInt(b, "building_id"));
  return in;
}

Result<app::PartyOrgPatch> ParsePartyOrgPatch(const json::object& b) {
  LINLI_TRY(Unchangeable(b, "kind", "create a new organisation of the other kind instead"));
  LINLI_TRY(Unchangeable(b, "unit_id", "create the organisation at the other unit instead"));
  app::PartyOrgPatch in;
  LINLI_ASSIGN_OR_RETURN(in.name, OptionalString(b, "name"));
  LINLI_ASSIGN_OR_RETURN(in.parent_id, OptionalInt(b, "parent_id"));
  in.clear_parent = SentNull(b, "parent_id");
  LINLI_ASSIGN_OR_RETURN(in.function, OptionalString(b, "function"));
  in.clear_function = SentNull(b, "function");
  LINLI_ASSIGN_OR_RETURN(in.building_id, OptionalInt(b, "building_id"));
  in.clear_building = SentNull(b, "building_id");
  return in;
}

Result<app::PersonInput> ParsePerson(const json::object& b) {
  app::PersonInput in;
  LINLI_ASSIGN_OR_RETURN(in.name, RequiredString(b, "name"));
  LINLI_ASSIGN_OR_RETURN(in.phone, OptionalString(b, "phone"));
  LINLI_ASSIGN_OR_RETURN(in.unit_id, OptionalInt(b, "unit_id"));
  LINLI_ASSIGN_OR_RETURN(in.household_id, OptionalInt(b, "household_id"));
  LINLI_ASSIGN_OR_RETURN(in.id_number, OptionalString(b, "id_number"));
  LINLI_ASSIGN_OR_RETURN(in.party_member, OptionalBool(b, "party_member"));
  LINLI_ASSIGN_OR_RETURN(in.party_org_id, OptionalInt(b, "party_org_id"));
  LINLI_ASSIGN_OR_RETURN(in.show_party_membership, OptionalBool(b, "show_party_membership"));
  return in;
}

Result<app::PersonPatch> ParsePersonPatch(const json::object& b) {
  LINLI_TRY(Unchangeable(b, "unit_id", "register the person in the other unit instead"));
  app::PersonPatch in;
  LINLI_ASSIGN_OR_RETURN(in.name, OptionalString(b, "name"));
  if (SentNull(b, "name")) return InvalidArgument("name cannot be empty", "name");
  LINLI_ASSIGN_OR_RETURN(in.phone, OptionalString(b, "phone"));
  in.clear_phone = SentNull(b, "phone");
  LINLI_ASSIGN_OR_RETURN(in.household_id, OptionalInt(b, "household_id"));
  in.clear_household = SentNull(b, "household_id");
  LINLI_ASSIGN_OR_RETURN(in.id_number, OptionalString(b, "id_number"));
  in.clear_id_number = SentNull(b, "id_number");
  LINLI_ASSIGN_OR_RETURN(in.party_member, OptionalBool(b, "party_member"));
  LINLI_ASSIGN_OR_RETURN(in.party_org_id, OptionalInt(b, "party_org_id"));
  in.clear_party_org = SentNull(b, "party_org_id");
  LINLI_ASSIGN_OR_RETURN(in.show_party_membership, OptionalBool(b, "show_party_membership"));
  return in;
}

Result<app::PostInput> ParsePost(const json::object& b) {
  app::PostInput in;
  LINLI_ASSIGN_OR_RETURN(in.person_id, OptionalInt(b, "person_id"));
  LINLI_ASSIGN_OR_RETURN(in.post, RequiredString(b, "post"));
  LINLI_ASSIGN_OR_RETURN(in.unit_id, OptionalInt(b, "unit_id"));
  LINLI_ASSIGN_OR_RETURN(in.links.party_org_id, OptionalInt(b, "party_org_id"));
  LINLI_ASSIGN_OR_RETURN(in.links.committee_id, OptionalInt(b, "committee_id"));
  LINLI_ASSIGN_OR_RETURN(in.links.building_id, OptionalInt(b, "building_id"));
  LINLI_ASSIGN_OR_RETURN(in.start_date, OptionalString(b, "start_date"));
  return in;
}

// Runs `parse` over the body and `fn` over its result, answering errors of either.
template <class Parse, class Fn>
Response WithBody(Request& req, Parse&& parse, Fn&& fn) {
  auto body = ParseObject(req);
  if (!body) return ErrorOf(body.error());
  auto in = parse(*body);
  if (!in) return ErrorOf(in.error());
  return fn(*in);
}

}  // namespace

void RegisterOrganisationRoutes(Router& r, Api& api) {
  // ---- Party organisations ----
  r.Add("GET", "/api/v1/units/{id}/party-orgs",
        Authed(api, [&api](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(app::OrganisationService(api.env).ListPartyOrgs(who, *id),
                       [](const auto& orgs) { return ItemsJson(orgs, PartyOrgJson); });
        }));
  r.Add("POST", "/api/v1/party-orgs", Authed(api, [&api](Request& req, const app::Principal& who) {
          return WithBody(req, ParsePartyOrg, [&](const app::PartyOrgInput& in) {
            return Reply(app::OrganisationService(api.env).CreatePartyOrg(who, in), PartyOrgJson,
                         201);
          });
        }));
  r.Add("PATCH", "/api/v1/party-orgs/{id}",
        Authed(api, [&api](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return WithBody(req, ParsePartyOrgPatch, [&](const app::PartyOrgPatch& in) {
            return Reply(app::OrganisationService(api.env).UpdatePartyOrg(who, *id, in),
                         PartyOrgJson);
          });
        }));

  // ---- Committees ----
  r.Add("GET", "/api/v1/estates/{id}/committees",
        Authed(api, [&api](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(app::OrganisationService(api.env).ListCommittees(who, *id),
                       [](const auto& list) { return ItemsJson(list, CommitteeJson); });
        }));
  r.Add("POST", "/api/v1/estates/{id}/committees",
        Authed(api, [&api](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return WithBody(
              req,
              [](const json::object& b) -> Result<app::CommitteeInput> {
                app::CommitteeInput in;
                LINLI_ASSIGN_OR_RETURN(in.kind, RequiredString(b, "kind"));
                LINLI_ASSIGN_OR_RETURN(in.name, RequiredString(b, "name"));
                LINLI_ASSIGN_OR_RETURN(in.term_start, RequiredString(b, "term_start"));
                LINLI_ASSIGN_OR_RETURN(in.term_end, RequiredString(b, "term_end"));
                return in;
              },
              [&](const app::CommitteeInput& in) {
                return Reply(app::OrganisationService(api.env).CreateCommittee(who, *id, in),
                             CommitteeJson, 201);
              });
        }));

  // ---- Property companies and contracts ----
  r.Add("GET", "/api/v1/property-companies",
        Authed(api, [&api](Request& req, const app::Principal& who) {
          auto page = ParsePage(req);
          if (!page) return ErrorOf(page.error());
          return Reply(app::OrganisationService(api.env).ListCompanies(
                           who, req.Query("q").value_or(""), *page),
                       [](const auto& p) {
                         json::array items;
                         for (const auto& c : p.items) items.push_back(CompanyJson(c));
                         return PagedJson(p, std::move(items));
                       });
        }));
  r.Add("POST", "/api/v1/property-companies",
        Authed(api, [&api](Request& req, const app::Principal& who) {
          return WithBody(
              req,
              [](const json::object& b) -> Result<app::CompanyInput> {
                app::CompanyInput in;
                LINLI_ASSIGN_OR_RETURN(in.name, RequiredString(b, "name"));
                LINLI_ASSIGN_OR_RETURN(in.credit_code, OptionalString(b, "credit_code"));
                LINLI_ASSIGN_OR_RETURN(in.phone, OptionalString(b, "phone"));
                return in;
              },
              [&](const app::CompanyInput& in) {
                return Reply(app::OrganisationService(api.env).CreateCompany(who, in), CompanyJson,
                             201);
              });
        }));
  r.Add("GET", "/api/v1/estates/{id}/property-contracts",
        Authed(api, [&api](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(app::OrganisationService(api.env).ListContracts(who, *id),
                       [](const auto& v) {
                         json::object o = ItemsJson(v.items, ContractJson);
                         o["service_mode"] = v.service_mode;
                         o["service_mode_warning"] = WarningMessage(v.service_mode_warning);
                         o["service_mode_warning_code"] = WarningCode(v.service_mode_warning);
                         return o;
                       });
        }));
  r.Add("POST", "/api/v1/estates/{id}/property-contracts",
        Authed(api, [&api](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return WithBody(
              req,
              [](const json::object& b) -> Result<app::ContractInput> {
                app::ContractInput in;
                LINLI_ASSIGN_OR_RETURN(in.company_id, OptionalInt(b, "company_id"));
                LINLI_ASSIGN_OR_RETURN(in.scope, RequiredString(b, "scope"));
                LINLI_ASSIGN_OR_RETURN(in.start_date, RequiredString(b, "start_date"));
                LINLI_ASSIGN_OR_RETURN(in.end_date, RequiredString(b, "end_date"));
                return in;
              },
              [&](const app::ContractInput& in) {
                return Reply(app::OrganisationService(api.env).CreateContract(who, *id, in),
                             ContractJson, 201);
              });
        }));

  // ---- People ----
  r.Add("POST", "/api/v1/people", Authed(api, [&api](Request& req, const app::Principal& who) {
          return WithBody(req, ParsePerson, [&](const app::PersonInput& in) {
            return Reply(app::PeopleService(api.env).Create(who, in), PersonJson, 201);
          });
        }));
  r.Add("GET", "/api/v1/people", Authed(api, [&api](Request& req, const app::Principal& who) {
          auto unit = QueryId(req, "unit_id");
          if (!unit) return ErrorOf(unit.error());
          if (!*unit)
            return ErrorOf(
                InvalidArgument("unit_id is required: the unit whose people to list", "unit_id")
                    .value());
          auto page = ParsePage(req);
          if (!page) return ErrorOf(page.error());
          return Reply(
              app::PeopleService(api.env).List(who, **unit, req.Query("q").value_or(""), *page),
              [](const auto& p) {
                json::array items;
                for (const auto& v : p.items) items.push_back(PersonJson(v));
                return PagedJson(p, std::move(items));
              });
        }));
  r.Add("GET", "/api/v1/people/{id}", Authed(api, [&api](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto reveal = req.Query("reveal").value_or("");
          if (!reveal.empty() && reveal != "id_number")
            return ErrorOf(InvalidArgument("reveal may only be id_number", "reveal").value());
          return Reply(app::PeopleService(api.env).Get(who, *id, reveal == "id_number"),
                       PersonJson);
        }));
  r.Add("PATCH", "/api/v1/people/{id}",
        Authed(api, [&api](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return WithBody(req, ParsePersonPatch, [&](const app::PersonPatch& in) {
            return Reply(app::PeopleService(api.env).Update(who, *id, in), PersonJson);
          });
        }));

  // ---- Posts ----
  r.Add("POST", "/api/v1/posts", Authed(api, [&api](Request& req, const app::Principal& who) {
          return WithBody(req, ParsePost, [&](const app::PostInput& in) {
            return Reply(app::PeopleService(api.env).CreatePost(who, in), PostJson, 201);
          });
        }));
  r.Add("DELETE", "/api/v1/posts/{id}",
        Authed(api, [&api](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(app::PeopleService(api.env).EndPost(who, *id), PostJson);
        }));
  r.Add("GET", "/api/v1/estates/{id}/posts",
        Authed(api, [&api](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(app::PeopleService(api.env).EstatePosts(who, *id),
                       [](const auto& posts) { return ItemsJson(posts, PostJson); });
        }));
  r.Add("GET", "/api/v1/units/{id}/posts",
        Authed(api, [&api](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(app::PeopleService(api.env).UnitPosts(who, *id),
                       [](const auto& posts) { return ItemsJson(posts, PostJson); });
        }));
  r.Add("GET", "/api/v1/estates/{id}/cross-appointments",
        Authed(api, [&api](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(app::PeopleService(api.env).CrossAppointments(who, *id), CrossJson);
        }));
}

}  // namespace linli::http
