#include "app/person_access.hpp"

#include <boost/json.hpp>

#include "app/audit.hpp"
#include "app/authz.hpp"
#include "core/mask.hpp"

namespace linli::app {
namespace json = boost::json;
using domain::Permission;

namespace {
// Longer than any encoding ({"m":true,"o":9223372036854775807,"s":false} is 46 bytes).
constexpr size_t kPartyPlainLength = 64;
}  // namespace

std::string EncodePartyMembership(const FieldCipher& cipher, const domain::PartyMembership& m) {
  json::object o{{"m", m.member},
                 {"o", m.party_org_id ? json::value(*m.party_org_id) : json::value(nullptr)},
                 {"s", m.show_publicly}};
  std::string plain = json::serialize(o);
  if (plain.size() < kPartyPlainLength) plain.append(kPartyPlainLength - plain.size(), ' ');
  return cipher.Encrypt(plain);
}

Result<domain::PartyMembership> DecodePartyMembership(const FieldCipher& cipher,
                                                      const std::string& enc) {
  domain::PartyMembership m;
  if (enc.empty()) return m;
  LINLI_ASSIGN_OR_RETURN(auto plain, cipher.Decrypt(enc));
  boost::system::error_code ec;
  auto v = json::parse(plain, ec);
  if (ec || !v.is_object()) return Internal("a stored party membership cannot be read");
  const auto& o = v.as_object();
  if (auto* x = o.if_contains("m"); x && x->is_bool()) m.member = x->as_bool();
  if (auto* x = o.if_contains("o"); x && x->is_int64()) m.party_org_id = x->as_int64();
  if (auto* x = o.if_contains("s"); x && x->is_bool()) m.show_publicly = x->as_bool();
  return m;
}

PersonAccess AccessTo(const Principal& who, std::string_view unit_path) {
  PersonAccess a;
  a.personal_data = Allows(who, Permission::kReadPersonalData, unit_path);
  a.id_numbers = Allows(who, Permission::kReadIdNumbers, unit_path);
  a.party = Allows(who, Permission::kReadPartyMembership, unit_path);
  a.manage = Allows(who, Permission::kManageOrganisation, unit_path);
  return a;
}

std::string VisibleName(const Principal& who, const storage::PersonRecord& p) {
  if (Allows(who, Permission::kReadPersonalData, p.unit_path)) return p.name;
  return MaskName(p.name);
}

Result<PersonView> ViewPerson(const Env& env, const Principal& who, const storage::PersonRecord& p,
                              ViewOptions options, SensitiveRead& read) {
  const PersonAccess access = AccessTo(who, p.unit_path);
  PersonView v;
  v.id = p.id;
  v.unit_id = p.unit_id;
  v.household_id = p.household_id;
  v.masked = !access.personal_data;
  v.name = access.personal_data ? p.name : MaskName(p.name);
  if (p.phone) v.phone = access.personal_data ? *p.phone : MaskPhone(*p.phone);

  LINLI_ASSIGN_OR_RETURN(auto party, DecodePartyMembership(env.cipher, p.party_enc));
  if (access.party) {
    v.party_member = party.member;
    v.party_org_id = party.party_org_id;
    v.show_party_membership = party.show_publicly;
    read.fields.insert("party_member");
    read.people.insert(p.id);
  } else if (party.member && party.show_publicly) {
    v.party_member = true;  // "亮身份": the member agreed; not a sensitive read
  }

  if (options.include_id_number && access.id_numbers && p.id_number_enc) {
    LINLI_ASSIGN_OR_RETURN(auto id_number, env.cipher.Decrypt(*p.id_number_enc));
    v.id_number_revealed = options.reveal_id_number;
    v.id_number = options.reveal_id_number ? id_number : MaskIdNumber(id_number);
    read.fields.insert(options.reveal_id_number ? "id_number" : "id_number_masked");
    read.people.insert(p.id);
  }
  return v;
}

Status AuditSensitiveRead(storage::Tx& tx, const Env& env, const Principal& who,
                          const std::string& unit_path, const SensitiveRead& read,
                          const std::string& what) {
  if (read.empty()) return {};
  json::array fields, people;
  for (const auto& f : read.fields) fields.push_back(json::value(f));
  for (auto id : read.people) people.push_back(id);
  std::optional<std::int64_t> entity_id;
  if (read.people.size() == 1) entity_id = *read.people.begin();
  return RecordAudit(
      tx, env, &who,
      {"read_sensitive", "person", entity_id, unit_path, nullptr,
       json::object{
           {"fields", std::move(fields)}, {"people", std::move(people)}, {"request", what}}});
}

}  // namespace linli::app
