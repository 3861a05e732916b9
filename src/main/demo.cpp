// Loads data/demo/demo.json (compiled in) through the same use cases the API calls, so the demo
// passes every rule a real user's input does: units, estate profiles, households via the CSV
// import, party organisations, committees, property companies and contracts, people, posts and
// a few demo accounts. Format and the household algorithm: data/demo/README.md.
#include "main/demo.hpp"

#include <boost/json.hpp>
#include <iostream>
#include <map>
#include <span>

#include "app/accounts.hpp"
#include "app/estates.hpp"
#include "app/organisation.hpp"
#include "app/people.hpp"
#include "app/units.hpp"
#include "core/embedded.hpp"
#include "core/text.hpp"
#include "storage/repos/units.hpp"

namespace linli::main {
std::span<const EmbeddedFile> EmbeddedDemo();

namespace {
namespace json = boost::json;

constexpr const char* kLoaderPhone = "13800000099";
constexpr const char* kDemoPassword = "Demo12345";

std::string Str(const json::object& o, const char* key, std::string fallback = "") {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : fallback;
}
std::int64_t Int(const json::object& o, const char* key, std::int64_t fallback = 0) {
  auto* v = o.if_contains(key);
  return v && v->is_int64() ? v->as_int64() : fallback;
}
const json::array& Arr(const json::object& o, const char* key) {
  static const json::array kEmpty;
  auto* v = o.if_contains(key);
  return v && v->is_array() ? v->as_array() : kEmpty;
}

Status Fail(const std::string& what, const Error& e) {
  Error out = e;
  out.message = "demo: " + what + ": " + e.message;
  if (!e.rows.empty())
    out.message += " (line " + std::to_string(e.rows[0].line) + ": " + e.rows[0].problem + ")";
  return tl::unexpected(out);
}

template <class T>
Result<T> Check(Result<T> r, const std::string& what) {
  if (!r) return tl::unexpected(Fail(what, r.error()).error());
  return r;
}

// The household CSV of an estate's layout (data/demo/README.md, "Generating households").
Result<std::string> LayoutCsv(const json::object& layout, const json::object& generator,
                              const std::string& estate) {
  const auto surnames = Utf8Chars(Str(generator, "owner_surnames"));
  const auto& given = Arr(generator, "owner_given_names");
  const std::int64_t households = Int(layout, "households"),
                     developer_held = Int(layout, "developer_held");
  const std::int64_t co_every = Int(layout, "co_owner_every"),
                     repeat_every = Int(layout, "repeat_owner_every");
  const std::string block = Str(layout, "phone_block"),
                    source = Str(layout, "area_source", "registry");
  const std::string developer = Str(layout, "developer");
  auto owner = [&](std::int64_t k) {
    std::string name = surnames[(k - 1) % surnames.size()] +
                       std::string(given[((k - 1) / surnames.size()) % given.size()].as_string());
    char phone[32];
    std::snprintf(phone, sizeof phone, "13900%s%04lld", block.c_str(), static_cast<long long>(k));
    return std::make_pair(name, std::string(phone));
  };
  std::string csv =
      "building,unit,floor,room,area_m2,area_source,owner_name,owner_phone,owner_kind,delivered\n";
  std::int64_t i = 0, k = 0, entrances = 0;
  std::optional<std::pair<std::string, std::string>> prev;
  for (const auto& bv : Arr(layout, "buildings")) {
    const auto& b = bv.as_object();
    const auto& areas = Arr(b, "room_areas");
    const auto* on_floor = b.if_contains("rooms_on_floor");
    entrances += Int(b, "entrances");
    for (std::int64_t e = 1; e <= Int(b, "entrances"); ++e) {
      for (std::int64_t f = 1; f <= Int(b, "floors"); ++f) {
        std::int64_t n = Int(b, "rooms_per_floor");
        if (on_floor && on_floor->is_object()) {
          if (auto* x = on_floor->as_object().if_contains(std::to_string(f)); x && x->is_int64())
            n = x->as_int64();
        }
        for (std::int64_t r = 1; r <= n; ++r) {
          ++i;
          if (areas.empty())
            return InvalidArgument("demo: " + estate + " has a building without room_areas");
          std::string head =
              Str(b, "name") + "," + std::to_string(e) + "单元," + std::to_string(f) + "," +
              std::to_string(f * 100 + r) + "," +
              std::string(areas[std::min<size_t>(r - 1, areas.size() - 1)].as_string()) + "," +
              source + ",";
          if (i > households - developer_held) {
            csv += head + developer + ",,developer,no\n";
            prev.reset();
            continue;
          }
          std::pair<std::string, std::string> primary;
          if (repeat_every > 0 && i % repeat_every == 0 && prev) {
            primary = *prev;
          } else {
            primary = owner(++k);
          }
          csv += head + primary.first + "," + primary.second + ",person,yes\n";
          if (co_every > 0 && i % co_every == 0) {
            auto second = owner(++k);
            csv += head + second.first + "," + second.second + ",person,yes\n";
          }
          prev = primary;
        }
      }
    }
  }
  if (i != households || (Int(layout, "entrances") && entrances != Int(layout, "entrances")))
    return InvalidArgument("demo: the layout of " + estate + " gives " + std::to_string(i) +
                           " households in " + std::to_string(entrances) + " entrances, but says " +
                           std::to_string(households) + " and " +
                           std::to_string(Int(layout, "entrances")));
  return csv;
}

class Loader {
 public:
  Loader(const app::Env& env, app::Principal who, const json::object& doc, bool verbose)
      : env_(env), who_(std::move(who)), doc_(doc), verbose_(verbose) {}

  Status Run() {
    for (const auto& cv : Arr(doc_, "property_companies")) {
      const auto& c = cv.as_object();
      app::CompanyInput in{Str(c, "name"), std::nullopt, Str(c, "phone")};
      LINLI_ASSIGN_OR_RETURN(auto made, Check(org_.CreateCompany(who_, in), "company " + in.name));
      companies_[in.name] = made.id;
    }
    for (const auto& dv : Arr(doc_, "districts")) LINLI_TRY(District(dv.as_object()));
    for (const auto& pv : Arr(doc_, "people")) LINLI_TRY(Person(pv.as_object()));
    return {};
  }

  std::map<std::string, std::int64_t> units_, people_by_phone_;

 private:
  Result<std::int64_t> Unit(const char* kind, const std::string& name,
                            std::optional<std::int64_t> parent) {
    LINLI_ASSIGN_OR_RETURN(
        auto v, Check(units_svc_.Create(who_, kind, name, parent), std::string(kind) + " " + name));
    units_[name] = v.unit.id;
    return v.unit.id;
  }

  Status Org(const json::object& o, std::int64_t unit_id, std::optional<std::int64_t> parent,
             const std::map<std::string, std::int64_t>& buildings) {
    app::PartyOrgInput in;
    in.kind = Str(o, "kind");
    in.name = Str(o, "name");
    in.unit_id = unit_id;
    if (auto p = Str(o, "parent"); !p.empty() && orgs_.count(p)) parent = orgs_[p];
    in.parent_id = parent;
    if (auto f = Str(o, "function"); !f.empty()) in.function = f;
    if (auto b = Str(o, "building"); !b.empty() && buildings.count(b))
      in.building_id = buildings.at(b);
    LINLI_ASSIGN_OR_RETURN(auto made,
                           Check(org_.CreatePartyOrg(who_, in), "party organisation " + in.name));
    orgs_[in.name] = made.id;
    org_units_[in.name] = unit_id;
    return {};
  }

  Status District(const json::object& d) {
    LINLI_ASSIGN_OR_RETURN(auto district, Unit("district", Str(d, "name"), std::nullopt));
    for (const auto& sv : Arr(d, "streets")) {
      const auto& s = sv.as_object();
      LINLI_ASSIGN_OR_RETURN(auto street, Unit("street", Str(s, "name"), district));
      std::optional<std::int64_t> street_org;
      if (auto* o = s.if_contains("party_org"); o && o->is_object()) {
        LINLI_TRY(Org(o->as_object(), street, std::nullopt, {}));
        street_org = orgs_[Str(o->as_object(), "name")];
      }
      for (const auto& cv : Arr(s, "communities")) {
        const auto& c = cv.as_object();
        LINLI_ASSIGN_OR_RETURN(auto community, Unit("community", Str(c, "name"), street));
        std::optional<std::int64_t> community_org;
        if (auto* o = c.if_contains("party_org"); o && o->is_object()) {
          LINLI_TRY(Org(o->as_object(), community, street_org, {}));
          community_org = orgs_[Str(o->as_object(), "name")];
        }
        for (const auto& ev : Arr(c, "estates"))
          LINLI_TRY(Estate(ev.as_object(), community, community_org));
      }
    }
    return {};
  }

  Status Estate(const json::object& e, std::int64_t community,
                std::optional<std::int64_t> community_org) {
    const std::string name = Str(e, "name");
    LINLI_ASSIGN_OR_RETURN(auto estate, Unit("estate", name, community));
    app::EstateProfilePatch profile;
    profile.address = Str(e, "address");
    if (auto y = Int(e, "built_year")) profile.built_year = std::optional<std::int64_t>(y);
    profile.service_mode = Str(e, "service_mode", "none");
    LINLI_TRY(Check(estates_.UpdateProfile(who_, estate, profile), "profile of " + name));
    const auto* generator = doc_.if_contains("generator");
    LINLI_ASSIGN_OR_RETURN(std::string csv,
                           LayoutCsv(e.at("layout").as_object(), generator->as_object(), name));
    LINLI_ASSIGN_OR_RETURN(
        auto counts, Check(estates_.ImportHouseholds(who_, estate, csv), "households of " + name));
    LINLI_ASSIGN_OR_RETURN(auto buildings,
                           Check(estates_.ListBuildings(who_, estate), "buildings of " + name));
    std::map<std::string, std::int64_t> building_ids;
    for (const auto& b : buildings) building_ids[b.name] = b.id;
    buildings_[name] = building_ids;
    for (const auto& ov : Arr(e, "party_orgs"))
      LINLI_TRY(Org(ov.as_object(), estate, community_org, building_ids));
    for (const auto& cv : Arr(e, "committees")) {
      const auto& c = cv.as_object();
      app::CommitteeInput in{Str(c, "kind"), Str(c, "name"), Str(c, "term_start"),
                             Str(c, "term_end")};
      LINLI_ASSIGN_OR_RETURN(auto made,
                             Check(org_.CreateCommittee(who_, estate, in), "committee " + in.name));
      committees_[in.name] = made.committee.id;
    }
    for (const auto& kv : Arr(e, "contracts")) {
      const auto& k = kv.as_object();
      app::ContractInput in;
      if (companies_.count(Str(k, "company"))) in.company_id = companies_[Str(k, "company")];
      in.scope = Str(k, "scope");
      in.start_date = Str(k, "start_date");
      in.end_date = Str(k, "end_date");
      LINLI_TRY(Check(org_.CreateContract(who_, estate, in), "contract of " + name));
    }
    if (verbose_) std::cout << "  " << name << ": " << counts.households_created << " households\n";
    return {};
  }

  Status Person(const json::object& p) {
    app::PersonInput in;
    in.name = Str(p, "name");
    in.phone = Str(p, "phone");
    if (in.phone->empty()) in.phone.reset();
    // Where the person belongs: their estate, else the unit of their first post, else the unit
    // of their party organisation (staff of a property company, community secretaries).
    std::string lives = Str(p, "lives_in");
    const auto& posts = Arr(p, "posts");
    if (lives.empty() && !posts.empty()) lives = Str(posts[0].as_object(), "unit");
    if (units_.count(lives)) {
      in.unit_id = units_[lives];
    } else {
      std::string org = posts.empty() ? "" : Str(posts[0].as_object(), "party_org");
      if (org.empty()) org = Str(p, "party_org");
      if (!org_units_.count(org))
        return InvalidArgument("demo: person " + in.name + " has no estate or unit to belong to");
      in.unit_id = org_units_[org];
    }
    if (auto* v = p.if_contains("party_member"); v && v->is_bool()) in.party_member = v->as_bool();
    if (auto o = Str(p, "party_org"); !o.empty() && orgs_.count(o)) in.party_org_id = orgs_[o];
    LINLI_ASSIGN_OR_RETURN(auto person, Check(people_.Create(who_, in), "person " + in.name));
    if (in.phone) people_by_phone_[*in.phone] = person.id;
    for (const auto& qv : posts) {
      const auto& q = qv.as_object();
      app::PostInput post;
      post.person_id = person.id;
      post.post = Str(q, "post");
      std::string unit = Str(q, "unit");
      if (auto o = Str(q, "party_org"); !o.empty() && orgs_.count(o))
        post.links.party_org_id = orgs_[o];
      if (auto c = Str(q, "committee"); !c.empty() && committees_.count(c))
        post.links.committee_id = committees_[c];
      if (unit.empty()) unit = lives;
      post.unit_id = units_.count(unit) ? units_[unit] : *in.unit_id;
      if (auto b = Str(q, "building"); !b.empty() && buildings_[unit].count(b))
        post.links.building_id = buildings_[unit][b];
      if (auto since = Str(q, "since"); !since.empty()) post.start_date = since;
      LINLI_TRY(Check(people_.CreatePost(who_, post), post.post + " of " + in.name));
    }
    return {};
  }

  const app::Env& env_;
  app::Principal who_;
  const json::object& doc_;
  bool verbose_;
  app::UnitService units_svc_{env_};
  app::EstateService estates_{env_};
  app::OrganisationService org_{env_};
  app::PeopleService people_{env_};
  std::map<std::string, std::int64_t> orgs_, org_units_, committees_, companies_;
  std::map<std::string, std::map<std::string, std::int64_t>> buildings_;
};

// The account the demo is loaded as: disabled (no one logs in with it), admin everywhere, so
// the audit log says who wrote the demo data.
Result<app::Principal> LoaderPrincipal(const app::Env& env) {
  app::AccountService accounts(env);
  LINLI_ASSIGN_OR_RETURN(auto acct,
                         accounts.CreateAdmin(kLoaderPhone, RandomToken(18), "演示数据导入"));
  LINLI_TRY(env.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_TRY(tx.Exec("UPDATE accounts SET disabled = 1 WHERE id = ?", {acct.id}));
    return {};
  }));
  app::Principal p;
  p.account_id = acct.id;
  p.name = acct.name;
  p.phone = acct.phone;
  p.roles = acct.roles;
  return p;
}

// Demo logins: one account per role, each the person holding that post in the demo.
struct DemoAccount {
  const char* role;
  const char* post;      // the post whose holder gets the account ("" = none)
  const char* unit;      // where the role is granted
  const char* fallback;  // phone and name when no person holds the post
};

}  // namespace

Status LoadDemo(const app::Env& env, bool verbose) {
  const EmbeddedFile* file = nullptr;
  for (const auto& f : EmbeddedDemo())
    if (std::string(f.name) == "demo.json") file = &f;
  if (!file) return Internal("demo data is not compiled in");
  boost::system::error_code ec;
  auto doc = json::parse(file->contents, ec);
  if (ec || !doc.is_object()) return Internal("demo.json is not valid JSON: " + ec.message());
  const auto& root = doc.as_object();

  // Safe to run twice: the first district is the marker.
  const auto& districts = Arr(root, "districts");
  if (districts.empty()) return Internal("demo.json has no districts");
  const std::string first = Str(districts[0].as_object(), "name");
  LINLI_ASSIGN_OR_RETURN(bool loaded, env.db.Read([&](storage::Tx& tx) -> Result<bool> {
    LINLI_ASSIGN_OR_RETURN(auto roots, storage::ListRootUnits(tx));
    for (const auto& u : roots)
      if (u.name == first) return true;
    return false;
  }));
  if (loaded) {
    if (verbose)
      std::cout << "demo data is already loaded (" << first << " exists); nothing to do\n";
    return {};
  }
  LINLI_ASSIGN_OR_RETURN(auto who, LoaderPrincipal(env));
  if (verbose) std::cout << "loading the demo world:\n";
  Loader loader(env, who, root, verbose);
  LINLI_TRY(loader.Run());

  // Demo logins.
  app::AccountService accounts(env);
  struct Login {
    std::string phone, name, role, unit;
  };
  std::vector<Login> logins = {
      {"13800000101", "璧山区演示干部", "official", "璧山区"},
      {"13800000102", "怀仁市演示干部", "official", "怀仁市"},
  };
  // Post holders at well-known estates of the seeds become the branch, committee, property and
  // building-lead demo users.
  struct Wanted {
    const char* post;
    const char* role;
    const char* estate;
  };
  const Wanted wanted[] = {{"branch_secretary", "branch", "秋实学府"},
                           {"committee_chair", "committee", "南方上格林"},
                           {"property_manager", "property", "南方上格林"},
                           {"building_lead", "building_lead", "秋实学府"}};
  for (const auto& w : wanted) {
    for (const auto& pv : Arr(root, "people")) {
      const auto& p = pv.as_object();
      bool holds = false;
      for (const auto& q : Arr(p, "posts")) {
        const auto& post = q.as_object();
        std::string where = Str(post, "unit", Str(p, "lives_in"));
        holds = holds || (Str(post, "post") == w.post && where == w.estate);
      }
      if (!holds || Str(p, "phone").empty()) continue;
      logins.push_back({Str(p, "phone"), Str(p, "name"), w.role, w.estate});
      break;
    }
  }
  logins.push_back({"13800000103", "演示居民", "resident", "人社局家属院"});
  for (const auto& l : logins) {
    if (!loader.units_.count(l.unit)) continue;
    LINLI_ASSIGN_OR_RETURN(
        auto acct,
        Check(accounts.CreateAccount(who, l.phone, kDemoPassword, l.name), "account " + l.phone));
    LINLI_TRY(Check(accounts.GrantRole(who, acct.id, l.role, loader.units_[l.unit]),
                    "role of " + l.phone));
    if (verbose)
      std::cout << "  login " << l.phone << " / " << kDemoPassword << ": " << l.role << " of "
                << l.unit << " (" << l.name << ")\n";
  }
  std::map<std::string, std::int64_t> appeal_estates;
  for (const char* name : {"南方上格林", "秋实学府", "人社局家属院"})
    if (loader.units_.count(name)) appeal_estates[name] = loader.units_[name];
  LINLI_TRY(LoadDemoAppeals(env, who, appeal_estates, "13800000103", kDemoPassword, verbose));
  if (loader.units_.count("秋实学府"))
    LINLI_TRY(LoadDemoMembers(env, who, loader.units_["秋实学府"], verbose));
  if (loader.units_.count("秋实学府"))
    LINLI_TRY(LoadDemoMeetings(env, who, loader.units_["秋实学府"], verbose));
  if (loader.units_.count("人社局家属院") && loader.units_.count("南方上格林"))
    LINLI_TRY(LoadDemoVotes(env, who, loader.units_["人社局家属院"], loader.units_["南方上格林"],
                            "13800000103", verbose));
  if (verbose) std::cout << "demo data loaded\n";
  return {};
}

}  // namespace linli::main
