#include "app/organisation.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <map>

#include "app/audit.hpp"
#include "app/authz.hpp"
#include "app/person_access.hpp"
#include "app/units.hpp"
#include "core/text.hpp"
#include "core/time_format.hpp"
#include "storage/repos/organisation.hpp"
#include "storage/repos/people.hpp"
#include "storage/repos/units.hpp"

namespace linli::app {
namespace json = boost::json;
using domain::Permission;

namespace {

json::value OrgJson(const domain::PartyOrg& o) {
  return json::object{
      {"kind", std::string(domain::PartyOrgKindName(o.kind))},
      {"name", o.name},
      {"unit_id", o.unit_id},
      {"parent_id", o.parent_id ? json::value(*o.parent_id) : json::value(nullptr)},
      {"function", o.function ? json::value(std::string(domain::BranchFunctionName(*o.function)))
                              : json::value(nullptr)},
      {"building_id", o.building_id ? json::value(*o.building_id) : json::value(nullptr)}};
}

Result<std::optional<domain::BranchFunction>> ParseFunction(
    const std::optional<std::string>& text) {
  if (!text) return std::optional<domain::BranchFunction>();
  auto f = domain::ParseBranchFunction(*text);
  if (!f)
    return InvalidArgument("function '" + *text +
                               "' is unknown; use estate, building, committee, property, "
                               "working_members, retired or mobile",
                           "function");
  return std::optional<domain::BranchFunction>(*f);
}

// Checks an organisation's placement against the store: its parent and its building.
Status CheckOrgInStore(storage::Tx& tx, const domain::PartyOrg& org, const domain::Unit& unit) {
  LINLI_TRY(domain::CheckPartyOrgUnit(org.kind, unit.kind));
  std::optional<domain::PartyOrgKind> parent_kind;
  if (org.parent_id) {
    LINLI_ASSIGN_OR_RETURN(auto parent, storage::FindPartyOrg(tx, *org.parent_id));
    if (!parent)
      return NotFound("party organisation " + std::to_string(*org.parent_id) + " does not exist",
                      "parent_id");
    if (parent->id == org.id)
      return InvalidArgument("an organisation cannot sit under itself", "parent_id");
    LINLI_ASSIGN_OR_RETURN(auto parent_unit, LoadUnit(tx, parent->unit_id));
    parent_kind = parent->kind;
    LINLI_TRY(domain::CheckPartyOrgParent(org.kind, parent_kind));
    LINLI_TRY(domain::CheckPartyOrgParentPlace(unit.path, parent_unit.path));
  } else {
    LINLI_TRY(domain::CheckPartyOrgParent(org.kind, std::nullopt));
  }
  LINLI_TRY(domain::CheckPartyOrgFields(org.kind, org.function, org.building_id.has_value()));
  if (org.building_id) {
    LINLI_ASSIGN_OR_RETURN(auto estate, storage::BuildingEstate(tx, *org.building_id));
    if (!estate)
      return NotFound("building " + std::to_string(*org.building_id) + " does not exist",
                      "building_id");
    if (*estate != unit.id)
      return InvalidArgument(
          "building_id must name a building of the estate the organisation is "
          "attached to",
          "building_id");
  }
  return {};
}

Result<domain::PartyOrg> InsertOrRename(storage::Tx& tx, const domain::PartyOrg& org,
                                        std::int64_t now, bool insert) {
  domain::PartyOrg out = org;
  if (insert) {
    auto id = storage::InsertPartyOrg(tx, org, now);
    if (!id && id.error().code == ErrorCode::kAlreadyExists)
      return AlreadyExists(
          "an organisation named '" + org.name + "' is already attached to this unit", "name");
    if (!id) return tl::unexpected(id.error());
    out.id = *id;
    return out;
  }
  auto st = storage::UpdatePartyOrg(tx, org);
  if (!st && st.error().code == ErrorCode::kAlreadyExists)
    return AlreadyExists(
        "an organisation named '" + org.name + "' is already attached to this unit", "name");
  if (!st) return tl::unexpected(st.error());
  return out;
}

json::value CommitteeJson(const domain::Committee& c) {
  return json::object{{"kind", std::string(domain::CommitteeKindName(c.kind))},
                      {"name", c.name},
                      {"estate_id", c.estate_id},
                      {"term_start", c.term_start.ToString()},
                      {"term_end", c.term_end.ToString()}};
}

int MemberOrder(domain::PostKind k) {
  switch (k) {
    case domain::PostKind::kCommitteeChair:
      return 0;
    case domain::PostKind::kCommitteeViceChair:
      return 1;
    default:
      return 2;
  }
}

Result<CommitteeView> MakeCommitteeView(storage::Tx& tx, const Principal& who, domain::Committee c,
                                        const domain::CivilDate& today) {
  CommitteeView v;
  LINLI_ASSIGN_OR_RETURN(auto posts, storage::CurrentPostsOfCommittee(tx, c.id));
  std::vector<std::int64_t> ids;
  for (const auto& p : posts) ids.push_back(p.person_id);
  LINLI_ASSIGN_OR_RETURN(auto people, storage::FindPeople(tx, ids));
  std::map<std::int64_t, const storage::PersonRecord*> by_id;
  for (const auto& p : people) by_id[p.id] = &p;
  std::set<std::int64_t> distinct;
  for (const auto& p : posts) {
    auto it = by_id.find(p.person_id);
    if (it == by_id.end()) continue;
    v.members.push_back(
        CommitteeMemberView{p.id, p.person_id, VisibleName(who, *it->second), p.kind});
    distinct.insert(p.person_id);
  }
  std::stable_sort(v.members.begin(), v.members.end(), [](const auto& a, const auto& b) {
    return MemberOrder(a.post) < MemberOrder(b.post);
  });
  v.member_count = static_cast<int>(distinct.size());
  v.member_warning = domain::CommitteeSizeWarning(c.kind, v.member_count);
  v.current = c.term_start <= today && today <= c.term_end;
  v.committee = std::move(c);
  return v;
}

json::value CompanyJson(const domain::PropertyCompany& c) {
  return json::object{{"name", c.name}, {"credit_code", c.credit_code}, {"phone", c.phone}};
}

json::value ContractJson(const domain::PropertyContract& c) {
  return json::object{{"estate_id", c.estate_id},
                      {"company_id", c.company_id},
                      {"scope", std::string(domain::ContractScopeName(c.scope))},
                      {"start_date", c.start_date.ToString()},
                      {"end_date", c.end_date.ToString()}};
}

}  // namespace

domain::CivilDate OrganisationService::Today() const {
  return domain::ParseCivilDate(FormatDate(env_.clock.Now()), "today")
      .value_or(domain::CivilDate{});
}

// ---- Party organisations --------------------------------------------------------------------

Result<std::vector<domain::PartyOrg>> OrganisationService::ListPartyOrgs(const Principal& who,
                                                                         std::int64_t unit_id) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<std::vector<domain::PartyOrg>> {
    LINLI_ASSIGN_OR_RETURN(auto unit, LoadUnit(tx, unit_id));
    LINLI_TRY(Require(who, Permission::kReadStructure, unit.path, "see this unit"));
    return storage::ListPartyOrgsUnder(tx, unit.path);
  });
}

Result<domain::PartyOrg> OrganisationService::CreatePartyOrg(const Principal& who,
                                                             const PartyOrgInput& in) {
  auto kind = domain::ParsePartyOrgKind(in.kind);
  if (!kind)
    return InvalidArgument("kind '" + in.kind +
                               "' is unknown; use working_committee, community_committee, "
                               "general_branch, branch or party_group",
                           "kind");
  domain::PartyOrg org;
  org.kind = *kind;
  org.name = std::string(Trim(in.name));
  LINLI_TRY(domain::CheckPartyOrgName(org.name));
  if (!in.unit_id)
    return InvalidArgument("unit_id is required: the unit the organisation is attached to",
                           "unit_id");
  org.unit_id = *in.unit_id;
  org.parent_id = in.parent_id;
  LINLI_ASSIGN_OR_RETURN(org.function, ParseFunction(in.function));
  // An estate's branch serves the estate unless told otherwise.
  if (!org.function && org.kind == domain::PartyOrgKind::kBranch)
    org.function = domain::BranchFunction::kEstate;
  org.building_id = in.building_id;
  return env_.db.Write([&](storage::Tx& tx) -> Result<domain::PartyOrg> {
    auto unit = LoadUnit(tx, org.unit_id);
    if (!unit) return NotFound(unit.error().message, "unit_id");
    LINLI_TRY(
        Require(who, Permission::kManageOrganisation, unit->path, "manage party organisations"));
    LINLI_TRY(CheckOrgInStore(tx, org, *unit));
    LINLI_ASSIGN_OR_RETURN(auto out, InsertOrRename(tx, org, env_.clock.Now(), true));
    LINLI_TRY(RecordAudit(tx, env_, &who,
                          {"create", "party_org", out.id, unit->path, nullptr, OrgJson(out)}));
    return out;
  });
}

Result<domain::PartyOrg> OrganisationService::UpdatePartyOrg(const Principal& who, std::int64_t id,
                                                             const PartyOrgPatch& in) {
  std::optional<std::string> name;
  if (in.name) {
    name = std::string(Trim(*in.name));
    LINLI_TRY(domain::CheckPartyOrgName(*name));
  }
  LINLI_ASSIGN_OR_RETURN(auto function, ParseFunction(in.function));
  return env_.db.Write([&](storage::Tx& tx) -> Result<domain::PartyOrg> {
    LINLI_ASSIGN_OR_RETURN(auto found, storage::FindPartyOrg(tx, id));
    if (!found) return NotFound("party organisation " + std::to_string(id) + " does not exist");
    LINLI_ASSIGN_OR_RETURN(auto unit, LoadUnit(tx, found->unit_id));
    LINLI_TRY(
        Require(who, Permission::kManageOrganisation, unit.path, "manage party organisations"));
    domain::PartyOrg org = *found;
    if (name) org.name = *name;
    if (in.clear_parent) org.parent_id.reset();
    if (in.parent_id) org.parent_id = in.parent_id;
    if (in.clear_function) org.function.reset();
    if (function) org.function = function;
    if (in.clear_building) org.building_id.reset();
    if (in.building_id) org.building_id = in.building_id;
    LINLI_TRY(CheckOrgInStore(tx, org, unit));
    LINLI_ASSIGN_OR_RETURN(auto out, InsertOrRename(tx, org, env_.clock.Now(), false));
    LINLI_TRY(RecordAudit(tx, env_, &who,
                          {"update", "party_org", id, unit.path, OrgJson(*found), OrgJson(out)}));
    return out;
  });
}

// ---- Committees -----------------------------------------------------------------------------

Result<std::vector<CommitteeView>> OrganisationService::ListCommittees(const Principal& who,
                                                                       std::int64_t estate_id) {
  const auto today = Today();
  return env_.db.Read([&](storage::Tx& tx) -> Result<std::vector<CommitteeView>> {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, estate_id));
    LINLI_TRY(Require(who, Permission::kReadStructure, estate.path, "see this estate"));
    LINLI_ASSIGN_OR_RETURN(auto committees, storage::ListCommittees(tx, estate_id));
    std::vector<CommitteeView> out;
    for (auto& c : committees) {
      LINLI_ASSIGN_OR_RETURN(auto v, MakeCommitteeView(tx, who, std::move(c), today));
      out.push_back(std::move(v));
    }
    return out;
  });
}

Result<CommitteeView> OrganisationService::CreateCommittee(const Principal& who,
                                                           std::int64_t estate_id,
                                                           const CommitteeInput& in) {
  auto kind = domain::ParseCommitteeKind(in.kind);
  if (!kind)
    return InvalidArgument("kind '" + in.kind +
                               "' is unknown; use owners_committee (业委会) or "
                               "management_committee (物管会)",
                           "kind");
  domain::Committee c;
  c.kind = *kind;
  c.estate_id = estate_id;
  c.name = std::string(Trim(in.name));
  LINLI_TRY(domain::CheckCommitteeName(c.name));
  LINLI_ASSIGN_OR_RETURN(c.term_start, domain::ParseCivilDate(in.term_start, "term_start"));
  LINLI_ASSIGN_OR_RETURN(c.term_end, domain::ParseCivilDate(in.term_end, "term_end"));
  LINLI_TRY(domain::CheckCommitteeTerm(c.term_start, c.term_end));
  const auto today = Today();
  return env_.db.Write([&](storage::Tx& tx) -> Result<CommitteeView> {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, estate_id));
    LINLI_TRY(Require(who, Permission::kManageOrganisation, estate.path, "manage committees"));
    auto id = storage::InsertCommittee(tx, c, env_.clock.Now());
    if (!id && id.error().code == ErrorCode::kAlreadyExists)
      return AlreadyExists("the estate already has a committee named '" + c.name + "'", "name");
    if (!id) return tl::unexpected(id.error());
    c.id = *id;
    LINLI_TRY(RecordAudit(tx, env_, &who,
                          {"create", "committee", c.id, estate.path, nullptr, CommitteeJson(c)}));
    return MakeCommitteeView(tx, who, c, today);
  });
}

// ---- Property companies and contracts -------------------------------------------------------

Result<Paged<domain::PropertyCompany>> OrganisationService::ListCompanies(const Principal& who,
                                                                          const std::string& q,
                                                                          Page page) {
  if (!AllowsSomewhere(who, Permission::kReadStructure))
    return PermissionDenied("your roles do not allow you to see property companies");
  std::string needle(Trim(q));
  return env_.db.Read([&](storage::Tx& tx) -> Result<Paged<domain::PropertyCompany>> {
    Paged<domain::PropertyCompany> out;
    out.page = page;
    LINLI_ASSIGN_OR_RETURN(out.total, storage::CountCompanies(tx, needle));
    LINLI_ASSIGN_OR_RETURN(out.items,
                           storage::ListCompanies(tx, needle, page.page_size, page.Offset()));
    return out;
  });
}

Result<domain::PropertyCompany> OrganisationService::CreateCompany(const Principal& who,
                                                                   const CompanyInput& in) {
  if (!AllowsSomewhere(who, Permission::kManageOrganisation))
    return PermissionDenied("your roles do not allow you to register property companies");
  domain::PropertyCompany c;
  c.name = std::string(Trim(in.name));
  LINLI_TRY(domain::CheckCompanyName(c.name));
  LINLI_ASSIGN_OR_RETURN(c.credit_code, domain::NormaliseCreditCode(in.credit_code.value_or("")));
  c.phone = std::string(Trim(in.phone.value_or("")));
  LINLI_TRY(domain::CheckCompanyPhone(c.phone));
  return env_.db.Write([&](storage::Tx& tx) -> Result<domain::PropertyCompany> {
    LINLI_ASSIGN_OR_RETURN(
        auto same_name, tx.QueryOne("SELECT id FROM property_companies WHERE name = ?", {c.name}));
    if (same_name)
      return AlreadyExists("a property company named '" + c.name + "' is already registered",
                           "name");
    auto id = storage::InsertCompany(tx, c, env_.clock.Now());
    if (!id && id.error().code == ErrorCode::kAlreadyExists)
      return AlreadyExists(
          "a property company with credit_code " + c.credit_code + " is already registered",
          "credit_code");
    if (!id) return tl::unexpected(id.error());
    c.id = *id;
    LINLI_TRY(RecordAudit(tx, env_, &who,
                          {"create", "property_company", c.id, "/", nullptr, CompanyJson(c)}));
    return c;
  });
}

Result<ContractsView> OrganisationService::ListContracts(const Principal& who,
                                                         std::int64_t estate_id) {
  const auto today = Today();
  return env_.db.Read([&](storage::Tx& tx) -> Result<ContractsView> {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, estate_id));
    LINLI_TRY(Require(who, Permission::kReadStructure, estate.path, "see this estate"));
    LINLI_ASSIGN_OR_RETURN(auto contracts, storage::ListContracts(tx, estate_id));
    ContractsView out;
    LINLI_ASSIGN_OR_RETURN(out.service_mode, storage::EstateServiceMode(tx, estate_id));
    out.service_mode_warning =
        domain::ServiceModeContractWarning(out.service_mode, contracts, today);
    for (auto& c : contracts) {
      const bool in_force = c.start_date <= today && today <= c.end_date;
      out.items.push_back(ContractView{std::move(c), in_force});
    }
    return out;
  });
}

Result<ContractView> OrganisationService::CreateContract(const Principal& who,
                                                         std::int64_t estate_id,
                                                         const ContractInput& in) {
  if (!in.company_id) return InvalidArgument("company_id is required", "company_id");
  auto scope = domain::ParseContractScope(in.scope);
  if (!scope)
    return InvalidArgument(
        "scope '" + in.scope + "' is unknown; use whole, cleaning, greening, repair or security",
        "scope");
  domain::PropertyContract c;
  c.estate_id = estate_id;
  c.company_id = *in.company_id;
  c.scope = *scope;
  LINLI_ASSIGN_OR_RETURN(c.start_date, domain::ParseCivilDate(in.start_date, "start_date"));
  LINLI_ASSIGN_OR_RETURN(c.end_date, domain::ParseCivilDate(in.end_date, "end_date"));
  LINLI_TRY(domain::CheckContractDates(c.start_date, c.end_date));
  const auto today = Today();
  return env_.db.Write([&](storage::Tx& tx) -> Result<ContractView> {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, estate_id));
    LINLI_TRY(
        Require(who, Permission::kManageOrganisation, estate.path, "manage property contracts"));
    LINLI_ASSIGN_OR_RETURN(auto company, storage::FindCompany(tx, c.company_id));
    if (!company)
      return NotFound("property company " + std::to_string(c.company_id) + " does not exist",
                      "company_id");
    c.company_name = company->name;
    LINLI_ASSIGN_OR_RETURN(auto existing, storage::ListContracts(tx, estate_id));
    LINLI_TRY(domain::CheckContractOverlap(c, existing));
    LINLI_ASSIGN_OR_RETURN(c.id, storage::InsertContract(tx, c, env_.clock.Now()));
    LINLI_TRY(
        RecordAudit(tx, env_, &who,
                    {"create", "property_contract", c.id, estate.path, nullptr, ContractJson(c)}));
    const bool in_force = c.start_date <= today && today <= c.end_date;
    return ContractView{c, in_force};
  });
}

}  // namespace linli::app
