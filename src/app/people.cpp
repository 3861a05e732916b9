// The person register. Posts and cross-appointments are in posts.cpp.
#include "app/people.hpp"

#include <boost/json.hpp>

#include "app/accounts.hpp"
#include "app/audit.hpp"
#include "app/authz.hpp"
#include "app/person_access.hpp"
#include "app/units.hpp"
#include "core/mask.hpp"
#include "core/text.hpp"
#include "storage/repos/organisation.hpp"
#include "storage/repos/people.hpp"

namespace linli::app {
namespace json = boost::json;
using domain::Permission;

namespace {

// What the audit log keeps of a person: nothing sensitive, the phone masked.
json::value PersonAuditJson(const storage::PersonRecord& p) {
  return json::object{
      {"name", p.name},
      {"phone", p.phone ? json::value(MaskPhone(*p.phone)) : json::value(nullptr)},
      {"unit_id", p.unit_id},
      {"household_id", p.household_id ? json::value(*p.household_id) : json::value(nullptr)},
      {"has_id_number", p.id_number_enc.has_value()}};
}

Result<std::optional<std::string>> CleanPhone(const std::optional<std::string>& in) {
  if (!in) return std::optional<std::string>();
  std::string phone(Trim(*in));
  if (phone.empty()) return std::optional<std::string>();
  LINLI_TRY(CheckPhone(phone, "phone"));
  return std::optional<std::string>(phone);
}

// The household must be in the estate the person is attached to.
Status CheckHousehold(storage::Tx& tx, const domain::Unit& unit, std::int64_t household_id) {
  LINLI_ASSIGN_OR_RETURN(auto estate, storage::HouseholdEstate(tx, household_id));
  if (!estate)
    return NotFound("household " + std::to_string(household_id) + " does not exist",
                    "household_id");
  if (unit.kind != domain::UnitKind::kEstate || *estate != unit.id)
    return InvalidArgument("household_id must name a household of the estate given as unit_id",
                           "household_id");
  return {};
}

// The member's organisation must exist in the same line of the tree as the person's unit (at it,
// above it, or below it).
Status CheckMemberOrg(storage::Tx& tx, const domain::Unit& unit, std::int64_t org_id) {
  LINLI_ASSIGN_OR_RETURN(auto org, storage::FindPartyOrg(tx, org_id));
  if (!org)
    return NotFound("party organisation " + std::to_string(org_id) + " does not exist",
                    "party_org_id");
  LINLI_ASSIGN_OR_RETURN(auto org_unit, LoadUnit(tx, org->unit_id));
  if (!domain::PathWithin(unit.path, org_unit.path) &&
      !domain::PathWithin(org_unit.path, unit.path))
    return InvalidArgument(
        "party_org_id must name an organisation of the person's own area "
        "(attached to their unit, above it or below it)",
        "party_org_id");
  return {};
}

// Sets the encrypted ID number and its blind index, refusing a number already registered.
Status SetIdNumber(storage::Tx& tx, const Env& env, storage::PersonRecord& p,
                   const std::optional<std::string>& id_number) {
  if (!id_number) {
    p.id_number_enc.reset();
    p.id_number_index.reset();
    return {};
  }
  const std::string index = env.cipher.BlindIndex(*id_number);
  LINLI_ASSIGN_OR_RETURN(auto holder, storage::FindPersonByIdIndex(tx, index));
  if (holder && *holder != p.id)
    return AlreadyExists(
        "a person with this ID number is already registered; find them instead of "
        "adding them again",
        "id_number");
  p.id_number_enc = env.cipher.Encrypt(*id_number);
  p.id_number_index = index;
  return {};
}

Result<std::optional<std::string>> CleanIdNumber(const std::optional<std::string>& in) {
  if (!in || Trim(*in).empty()) return std::optional<std::string>();
  LINLI_ASSIGN_OR_RETURN(auto id, domain::NormaliseIdNumber(*in));
  return std::optional<std::string>(std::move(id));
}

Status MapDuplicate(Status st) {
  if (!st && st.error().code == ErrorCode::kAlreadyExists && st.error().field.empty())
    return AlreadyExists("a person with this ID number is already registered", "id_number");
  return st;
}

}  // namespace

Result<PersonView> PeopleService::Create(const Principal& who, const PersonInput& in) {
  storage::PersonRecord p;
  p.name = std::string(Trim(in.name));
  LINLI_TRY(domain::CheckPersonName(p.name));
  LINLI_ASSIGN_OR_RETURN(p.phone, CleanPhone(in.phone));
  if (!in.unit_id)
    return InvalidArgument(
        "unit_id is required: the unit (usually the estate) the person belongs to", "unit_id");
  p.unit_id = *in.unit_id;
  p.household_id = in.household_id;
  LINLI_ASSIGN_OR_RETURN(auto id_number, CleanIdNumber(in.id_number));
  domain::PartyMembership party{in.party_member.value_or(false), in.party_org_id,
                                in.show_party_membership.value_or(false)};
  LINLI_TRY(domain::CheckPartyMembership(party));
  p.created_at = p.updated_at = env_.clock.Now();

  SensitiveRead read;
  std::string unit_path;
  LINLI_ASSIGN_OR_RETURN(auto view, env_.db.Write([&](storage::Tx& tx) -> Result<PersonView> {
    auto unit = LoadUnit(tx, p.unit_id);
    if (!unit) return NotFound(unit.error().message, "unit_id");
    LINLI_TRY(Require(who, Permission::kManageOrganisation, unit->path, "register people"));
    if (p.household_id) LINLI_TRY(CheckHousehold(tx, *unit, *p.household_id));
    if (party.party_org_id) LINLI_TRY(CheckMemberOrg(tx, *unit, *party.party_org_id));
    LINLI_TRY(SetIdNumber(tx, env_, p, id_number));
    p.party_enc = EncodePartyMembership(env_.cipher, party);
    auto id = storage::InsertPerson(tx, p);
    if (!id) return tl::unexpected(MapDuplicate(tl::unexpected(id.error())).error());
    p.id = *id;
    p.unit_path = unit->path;
    unit_path = unit->path;
    if (p.phone) LINLI_TRY(storage::LinkAccountsByPhone(tx, *p.phone, p.id));
    LINLI_TRY(RecordAudit(tx, env_, &who,
                          {"create", "person", p.id, unit->path, nullptr, PersonAuditJson(p)}));
    LINLI_ASSIGN_OR_RETURN(auto v, ViewPerson(env_, who, p, {}, read));
    LINLI_TRY(AuditSensitiveRead(tx, env_, who, unit->path, read, "create person"));
    return v;
  }));
  return view;
}

Result<PersonView> PeopleService::Update(const Principal& who, std::int64_t id,
                                         const PersonPatch& in) {
  std::optional<std::string> name;
  if (in.name) {
    name = std::string(Trim(*in.name));
    LINLI_TRY(domain::CheckPersonName(*name));
  }
  LINLI_ASSIGN_OR_RETURN(auto phone, CleanPhone(in.phone));
  LINLI_ASSIGN_OR_RETURN(auto id_number, CleanIdNumber(in.id_number));
  return env_.db.Write([&](storage::Tx& tx) -> Result<PersonView> {
    LINLI_ASSIGN_OR_RETURN(auto found, storage::FindPerson(tx, id));
    if (!found) return NotFound("person " + std::to_string(id) + " does not exist");
    LINLI_ASSIGN_OR_RETURN(auto unit, LoadUnit(tx, found->unit_id));
    LINLI_TRY(Require(who, Permission::kManageOrganisation, unit.path, "edit people"));
    storage::PersonRecord p = *found;
    if (name) p.name = *name;
    if (in.clear_phone || (in.phone && !phone)) p.phone.reset();
    if (phone) p.phone = phone;
    if (in.clear_household) p.household_id.reset();
    if (in.household_id) {
      LINLI_TRY(CheckHousehold(tx, unit, *in.household_id));
      p.household_id = in.household_id;
    }
    const bool id_changed =
        in.clear_id_number || id_number.has_value() || (in.id_number && !id_number);
    if (id_changed) LINLI_TRY(SetIdNumber(tx, env_, p, id_number));

    LINLI_ASSIGN_OR_RETURN(auto party, DecodePartyMembership(env_.cipher, p.party_enc));
    const domain::PartyMembership party_before = party;
    if (in.party_member) {
      party.member = *in.party_member;
      if (!party.member) {  // leaving: the organisation and the consent go with it
        party.party_org_id.reset();
        party.show_publicly = false;
      }
    }
    if (in.clear_party_org) party.party_org_id.reset();
    if (in.party_org_id) party.party_org_id = in.party_org_id;
    if (in.show_party_membership) party.show_publicly = *in.show_party_membership;
    LINLI_TRY(domain::CheckPartyMembership(party));
    if (in.party_org_id) LINLI_TRY(CheckMemberOrg(tx, unit, *in.party_org_id));
    const bool party_changed = party.member != party_before.member ||
                               party.party_org_id != party_before.party_org_id ||
                               party.show_publicly != party_before.show_publicly;
    if (party_changed) p.party_enc = EncodePartyMembership(env_.cipher, party);

    p.updated_at = env_.clock.Now();
    LINLI_TRY(MapDuplicate(storage::UpdatePerson(tx, p)));
    if (p.phone && p.phone != found->phone)
      LINLI_TRY(storage::LinkAccountsByPhone(tx, *p.phone, p.id));
    json::value after = PersonAuditJson(p);
    after.as_object()["id_number_changed"] = id_changed;
    after.as_object()["party_membership_changed"] = party_changed;
    LINLI_TRY(RecordAudit(tx, env_, &who,
                          {"update", "person", p.id, unit.path, PersonAuditJson(*found), after}));
    SensitiveRead read;
    LINLI_ASSIGN_OR_RETURN(auto v, ViewPerson(env_, who, p, {}, read));
    LINLI_TRY(AuditSensitiveRead(tx, env_, who, unit.path, read, "update person"));
    return v;
  });
}

Result<PersonView> PeopleService::Get(const Principal& who, std::int64_t id,
                                      bool reveal_id_number) {
  SensitiveRead read;
  std::string unit_path;
  LINLI_ASSIGN_OR_RETURN(auto view, env_.db.Read([&](storage::Tx& tx) -> Result<PersonView> {
    LINLI_ASSIGN_OR_RETURN(auto p, storage::FindPerson(tx, id));
    if (!p) return NotFound("person " + std::to_string(id) + " does not exist");
    LINLI_TRY(Require(who, Permission::kReadHouseholds, p->unit_path, "see people"));
    if (reveal_id_number)
      LINLI_TRY(Require(who, Permission::kReadIdNumbers, p->unit_path, "see full ID numbers"));
    unit_path = p->unit_path;
    return ViewPerson(env_, who, *p, {true, reveal_id_number}, read);
  }));
  // The answer leaves only once its audit entry is committed.
  if (!read.empty())
    LINLI_TRY(env_.db.Write([&](storage::Tx& tx) {
      return AuditSensitiveRead(tx, env_, who, unit_path, read, "get person " + std::to_string(id));
    }));
  return view;
}

Result<Paged<PersonView>> PeopleService::List(const Principal& who, std::int64_t unit_id,
                                              const std::string& q, Page page) {
  SensitiveRead read;
  std::string unit_path;
  std::string needle(Trim(q));
  LINLI_ASSIGN_OR_RETURN(auto out, env_.db.Read([&](storage::Tx& tx) -> Result<Paged<PersonView>> {
    auto unit = LoadUnit(tx, unit_id);
    if (!unit) return NotFound(unit.error().message, "unit_id");
    LINLI_TRY(Require(who, Permission::kReadHouseholds, unit->path, "see people"));
    unit_path = unit->path;
    storage::PeopleFilter f;
    f.unit_path = unit->path;
    f.name_like = needle;
    // Searching by phone would let a viewer of masked data test numbers one by one.
    if (Allows(who, Permission::kReadPersonalData, unit->path)) f.phone_like = needle;
    Paged<PersonView> paged;
    paged.page = page;
    LINLI_ASSIGN_OR_RETURN(paged.total, storage::CountPeople(tx, f));
    LINLI_ASSIGN_OR_RETURN(auto rows, storage::ListPeople(tx, f, page.page_size, page.Offset()));
    for (const auto& r : rows) {
      LINLI_ASSIGN_OR_RETURN(auto v, ViewPerson(env_, who, r, {}, read));
      paged.items.push_back(std::move(v));
    }
    return paged;
  }));
  if (!read.empty())
    LINLI_TRY(env_.db.Write([&](storage::Tx& tx) {
      return AuditSensitiveRead(tx, env_, who, unit_path, read,
                                "list people of unit " + std::to_string(unit_id));
    }));
  return out;
}

}  // namespace linli::app
