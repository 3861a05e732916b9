#include "storage/repos/organisation.hpp"

namespace linli::storage {
namespace {

domain::CivilDate DateOf(const std::string& text) {
  return domain::ParseCivilDate(text, "date").value_or(domain::CivilDate{});
}

constexpr const char* kOrgCols =
    "o.id, o.kind, o.name, o.unit_id, o.parent_id, o.function, o.building_id";

domain::PartyOrg OrgFromRow(const Row& r) {
  domain::PartyOrg o;
  o.id = r.Int(0);
  o.kind = domain::ParsePartyOrgKind(r.Text(1)).value_or(domain::PartyOrgKind::kBranch);
  o.name = r.Text(2);
  o.unit_id = r.Int(3);
  o.parent_id = r.OptInt(4);
  if (!r.IsNull(5)) o.function = domain::ParseBranchFunction(r.Text(5));
  o.building_id = r.OptInt(6);
  return o;
}

Value FunctionValue(const std::optional<domain::BranchFunction>& f) {
  return f ? Value(std::string(domain::BranchFunctionName(*f))) : Value(nullptr);
}

constexpr const char* kCommitteeCols = "id, estate_id, kind, name, term_start, term_end";

domain::Committee CommitteeFromRow(const Row& r) {
  domain::Committee c;
  c.id = r.Int(0);
  c.estate_id = r.Int(1);
  c.kind = domain::ParseCommitteeKind(r.Text(2)).value_or(domain::CommitteeKind::kOwnersCommittee);
  c.name = r.Text(3);
  c.term_start = DateOf(r.Text(4));
  c.term_end = DateOf(r.Text(5));
  return c;
}

domain::PropertyCompany CompanyFromRow(const Row& r) {
  return domain::PropertyCompany{r.Int(0), r.Text(1), r.Text(2), r.Text(3)};
}

}  // namespace

std::string LikeContains(const std::string& text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

// ---- Party organisations ----

Result<std::optional<domain::PartyOrg>> FindPartyOrg(Tx& tx, std::int64_t id) {
  LINLI_ASSIGN_OR_RETURN(
      auto row,
      tx.QueryOne(std::string("SELECT ") + kOrgCols + " FROM party_orgs o WHERE o.id = ?", {id}));
  if (!row) return std::optional<domain::PartyOrg>();
  return std::optional<domain::PartyOrg>(OrgFromRow(*row));
}

Result<std::vector<domain::PartyOrg>> ListPartyOrgsUnder(Tx& tx, const std::string& unit_path) {
  LINLI_ASSIGN_OR_RETURN(auto rows,
                         tx.Query(std::string("SELECT ") + kOrgCols +
                                      " FROM party_orgs o JOIN units u ON u.id = o.unit_id "
                                      "WHERE u.path LIKE ? ORDER BY o.id",
                                  {unit_path + "%"}));
  std::vector<domain::PartyOrg> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(OrgFromRow(r));
  return out;
}

Result<std::int64_t> InsertPartyOrg(Tx& tx, const domain::PartyOrg& o, std::int64_t now) {
  return tx.InsertReturningId(
      "INSERT INTO party_orgs (kind, name, unit_id, parent_id, function, building_id, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {std::string(domain::PartyOrgKindName(o.kind)), o.name, o.unit_id, OptionalInt(o.parent_id),
       FunctionValue(o.function), OptionalInt(o.building_id), now});
}

Status UpdatePartyOrg(Tx& tx, const domain::PartyOrg& o) {
  LINLI_TRY(tx.Exec(
      "UPDATE party_orgs SET name = ?, parent_id = ?, function = ?, building_id = ? WHERE id = ?",
      {o.name, OptionalInt(o.parent_id), FunctionValue(o.function), OptionalInt(o.building_id),
       o.id}));
  return {};
}

// ---- Committees ----

Result<std::optional<domain::Committee>> FindCommittee(Tx& tx, std::int64_t id) {
  LINLI_ASSIGN_OR_RETURN(
      auto row,
      tx.QueryOne(std::string("SELECT ") + kCommitteeCols + " FROM committees WHERE id = ?", {id}));
  if (!row) return std::optional<domain::Committee>();
  return std::optional<domain::Committee>(CommitteeFromRow(*row));
}

Result<std::vector<domain::Committee>> ListCommittees(Tx& tx, std::int64_t estate_id) {
  LINLI_ASSIGN_OR_RETURN(auto rows, tx.Query(std::string("SELECT ") + kCommitteeCols +
                                                 " FROM committees WHERE estate_id = ? "
                                                 "ORDER BY term_start DESC, id DESC",
                                             {estate_id}));
  std::vector<domain::Committee> out;
  for (const auto& r : rows) out.push_back(CommitteeFromRow(r));
  return out;
}

Result<std::int64_t> InsertCommittee(Tx& tx, const domain::Committee& c, std::int64_t now) {
  return tx.InsertReturningId(
      "INSERT INTO committees (estate_id, kind, name, term_start, term_end, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
      {c.estate_id, std::string(domain::CommitteeKindName(c.kind)), c.name, c.term_start.ToString(),
       c.term_end.ToString(), now});
}

// ---- Property companies and contracts ----

Result<std::optional<domain::PropertyCompany>> FindCompany(Tx& tx, std::int64_t id) {
  LINLI_ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT id, name, credit_code, phone FROM "
                                               "property_companies WHERE id = ?",
                                               {id}));
  if (!row) return std::optional<domain::PropertyCompany>();
  return std::optional<domain::PropertyCompany>(CompanyFromRow(*row));
}

Result<std::vector<domain::PropertyCompany>> ListCompanies(Tx& tx, const std::string& name_like,
                                                           std::int64_t limit,
                                                           std::int64_t offset) {
  LINLI_ASSIGN_OR_RETURN(auto rows,
                         tx.Query("SELECT id, name, credit_code, phone FROM property_companies "
                                  "WHERE name LIKE ? ESCAPE '\\' ORDER BY id LIMIT ? OFFSET ?",
                                  {LikeContains(name_like), limit, offset}));
  std::vector<domain::PropertyCompany> out;
  for (const auto& r : rows) out.push_back(CompanyFromRow(r));
  return out;
}

Result<std::int64_t> CountCompanies(Tx& tx, const std::string& name_like) {
  LINLI_ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT COUNT(*) FROM property_companies "
                                               "WHERE name LIKE ? ESCAPE '\\'",
                                               {LikeContains(name_like)}));
  return row->Int(0);
}

Result<std::int64_t> InsertCompany(Tx& tx, const domain::PropertyCompany& c, std::int64_t now) {
  return tx.InsertReturningId(
      "INSERT INTO property_companies (name, credit_code, phone, created_at) VALUES (?, ?, ?, ?) "
      "RETURNING id",
      {c.name, c.credit_code, c.phone, now});
}

Result<std::vector<domain::PropertyContract>> ListContracts(Tx& tx, std::int64_t estate_id) {
  LINLI_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT c.id, c.estate_id, c.company_id, p.name, c.scope, c.start_date, "
                          "c.end_date FROM property_contracts c JOIN property_companies p ON "
                          "p.id = c.company_id WHERE c.estate_id = ? ORDER BY c.start_date, c.id",
                          {estate_id}));
  std::vector<domain::PropertyContract> out;
  for (const auto& r : rows) {
    domain::PropertyContract c;
    c.id = r.Int(0);
    c.estate_id = r.Int(1);
    c.company_id = r.Int(2);
    c.company_name = r.Text(3);
    c.scope = domain::ParseContractScope(r.Text(4)).value_or(domain::ContractScope::kWhole);
    c.start_date = DateOf(r.Text(5));
    c.end_date = DateOf(r.Text(6));
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::int64_t> InsertContract(Tx& tx, const domain::PropertyContract& c, std::int64_t now) {
  return tx.InsertReturningId(
      "INSERT INTO property_contracts (estate_id, company_id, scope, start_date, end_date, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
      {c.estate_id, c.company_id, std::string(domain::ContractScopeName(c.scope)),
       c.start_date.ToString(), c.end_date.ToString(), now});
}

// ---- Look-ups ----

Result<std::optional<std::int64_t>> BuildingEstate(Tx& tx, std::int64_t building_id) {
  LINLI_ASSIGN_OR_RETURN(
      auto row, tx.QueryOne("SELECT estate_id FROM buildings WHERE id = ?", {building_id}));
  if (!row) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(row->Int(0));
}

Result<std::optional<std::int64_t>> HouseholdEstate(Tx& tx, std::int64_t household_id) {
  LINLI_ASSIGN_OR_RETURN(
      auto row, tx.QueryOne("SELECT estate_id FROM households WHERE id = ?", {household_id}));
  if (!row) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(row->Int(0));
}

Result<std::string> EstateServiceMode(Tx& tx, std::int64_t estate_id) {
  LINLI_ASSIGN_OR_RETURN(
      auto row,
      tx.QueryOne("SELECT service_mode FROM estate_profiles WHERE unit_id = ?", {estate_id}));
  if (!row) return std::string("none");
  return row->Text(0);
}

}  // namespace linli::storage
