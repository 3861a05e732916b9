#include "storage/repos/members.hpp"

namespace linli::storage {
namespace {

// --- employers ---

constexpr const char* kEmployerSelect =
    "SELECT id, name, party_org_name, member_count, created_at FROM employers";

EmployerRecord EmployerFromRow(const Row& r) {
  return EmployerRecord{r.Int(0), r.Text(1), r.Text(2), r.Int(3), r.Int(4)};
}

Result<std::optional<EmployerRecord>> OneEmployer(Tx& tx, const std::string& where,
                                                  const Params& p) {
  LINLI_ASSIGN_OR_RETURN(auto row, tx.QueryOne(std::string(kEmployerSelect) + where, p));
  if (!row) return std::optional<EmployerRecord>();
  return std::optional<EmployerRecord>(EmployerFromRow(*row));
}

// --- registrations ---

constexpr const char* kRegistrationSelect =
    "SELECT r.id, r.person_id, r.account_id, r.estate_id, r.estate_path, r.household_id, "
    "r.branch_id, r.employer_id, r.employer_party_org, r.skills, r.services, r.status, "
    "r.receipt_no, r.submitted_at, r.decided_at, r.decided_by, r.decision_note, r.renewed_at, "
    "r.ended_at, p.name, COALESCE(p.phone, ''), u.name, b.name || e.name || h.room, em.name, "
    "COALESCE(po.name, '') "
    "FROM member_registrations r JOIN people p ON p.id = r.person_id "
    "JOIN units u ON u.id = r.estate_id JOIN households h ON h.id = r.household_id "
    "JOIN buildings b ON b.id = h.building_id JOIN entrances e ON e.id = h.entrance_id "
    "JOIN employers em ON em.id = r.employer_id LEFT JOIN party_orgs po ON po.id = r.branch_id";

RegistrationRecord RegistrationFromRow(const Row& row) {
  RegistrationRecord r;
  r.id = row.Int(0);
  r.person_id = row.Int(1);
  r.account_id = row.OptInt(2);
  r.estate_id = row.Int(3);
  r.estate_path = row.Text(4);
  r.household_id = row.Int(5);
  r.branch_id = row.OptInt(6);
  r.employer_id = row.Int(7);
  r.employer_party_org = row.Text(8);
  r.skills = row.Text(9);
  r.services = row.Text(10);
  r.status = row.Text(11);
  r.receipt_no = row.OptText(12);
  r.submitted_at = row.Int(13);
  r.decided_at = row.OptInt(14);
  r.decided_by = row.OptInt(15);
  r.decision_note = row.Text(16);
  r.renewed_at = row.OptInt(17);
  r.ended_at = row.OptInt(18);
  r.person_name = row.Text(19);
  r.person_phone = row.Text(20);
  r.estate_name = row.Text(21);
  r.household_label = row.Text(22);
  r.employer_name = row.Text(23);
  r.branch_name = row.Text(24);
  return r;
}

Result<std::optional<RegistrationRecord>> OneRegistration(Tx& tx, const std::string& where,
                                                          const Params& p) {
  LINLI_ASSIGN_OR_RETURN(auto row, tx.QueryOne(std::string(kRegistrationSelect) + where, p));
  if (!row) return std::optional<RegistrationRecord>();
  return std::optional<RegistrationRecord>(RegistrationFromRow(*row));
}

// --- commitments ---

constexpr const char* kCommitmentSelect =
    "SELECT id, registration_id, year, required, sort, text, report, reported_at, review, "
    "review_note, reviewed_by, reviewed_at FROM commitments";

CommitmentRecord CommitmentFromRow(const Row& r) {
  CommitmentRecord c;
  c.id = r.Int(0);
  c.registration_id = r.Int(1);
  c.year = static_cast<int>(r.Int(2));
  c.required = r.Bool(3);
  c.sort = static_cast<int>(r.Int(4));
  c.text = r.Text(5);
  c.report = r.Text(6);
  c.reported_at = r.OptInt(7);
  c.review = r.Text(8);
  c.review_note = r.Text(9);
  c.reviewed_by = r.OptInt(10);
  c.reviewed_at = r.OptInt(11);
  return c;
}

Result<std::vector<CommitmentRecord>> Commitments(Tx& tx, const std::string& where,
                                                  const Params& p) {
  LINLI_ASSIGN_OR_RETURN(auto rows, tx.Query(std::string(kCommitmentSelect) + where, p));
  std::vector<CommitmentRecord> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(CommitmentFromRow(r));
  return out;
}

// --- service entries ---

constexpr const char* kEntrySelect =
    "SELECT id, registration_id, on_date, kind, minutes, points, note, created_by, created_at, "
    "voided_at FROM service_entries";

ServiceEntryRecord EntryFromRow(const Row& r) {
  return ServiceEntryRecord{r.Int(0), r.Int(1),  r.Text(2),   r.Text(3), r.Int(4),
                            r.Int(5), r.Text(6), r.OptInt(7), r.Int(8),  r.OptInt(9)};
}

}  // namespace

Result<std::int64_t> InsertEmployer(Tx& tx, const EmployerRecord& e) {
  return tx.InsertReturningId(
      "INSERT INTO employers (name, party_org_name, member_count, created_at) VALUES (?, ?, ?, ?) "
      "RETURNING id",
      {e.name, e.party_org_name, e.member_count, e.created_at});
}

Result<std::optional<EmployerRecord>> FindEmployer(Tx& tx, std::int64_t id) {
  return OneEmployer(tx, " WHERE id = ?", {id});
}

Result<std::optional<EmployerRecord>> FindEmployerByName(Tx& tx, const std::string& name) {
  return OneEmployer(tx, " WHERE name = ?", {name});
}

Result<std::vector<EmployerRecord>> ListEmployers(Tx& tx, const std::string& q,
                                                  std::int64_t limit) {
  std::string sql = kEmployerSelect;
  Params p;
  if (!q.empty()) {
    sql += " WHERE name LIKE ?";
    p.push_back("%" + q + "%");
  }
  sql += " ORDER BY name LIMIT ?";
  p.push_back(limit);
  LINLI_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, p));
  std::vector<EmployerRecord> out;
  for (const auto& r : rows) out.push_back(EmployerFromRow(r));
  return out;
}

Status UpdateEmployer(Tx& tx, const EmployerRecord& e) {
  LINLI_TRY(
      tx.Exec("UPDATE employers SET name = ?, party_org_name = ?, member_count = ? WHERE "
              "id = ?",
              {e.name, e.party_org_name, e.member_count, e.id}));
  return {};
}

Status LinkEmployerAccount(Tx& tx, std::int64_t employer_id, std::int64_t account_id) {
  LINLI_TRY(
      tx.Exec("INSERT INTO employer_accounts (account_id, employer_id) VALUES (?, ?) ON "
              "CONFLICT DO NOTHING",
              {account_id, employer_id}));
  return {};
}

Result<std::vector<std::int64_t>> EmployersOfAccount(Tx& tx, std::int64_t account_id) {
  LINLI_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT employer_id FROM employer_accounts WHERE "
                                             "account_id = ? ORDER BY employer_id",
                                             {account_id}));
  std::vector<std::int64_t> out;
  for (const auto& r : rows) out.push_back(r.Int(0));
  return out;
}

Result<std::optional<std::string>> FindMemberRules(Tx& tx, std::int64_t unit_id) {
  LINLI_ASSIGN_OR_RETURN(
      auto row, tx.QueryOne("SELECT rules_json FROM member_rules WHERE unit_id = ?", {unit_id}));
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(row->Text(0));
}

Status SaveMemberRules(Tx& tx, std::int64_t unit_id, const std::string& json, std::int64_t now) {
  LINLI_TRY(
      tx.Exec("INSERT INTO member_rules (unit_id, rules_json, updated_at) VALUES (?, ?, ?) "
              "ON CONFLICT (unit_id) DO UPDATE SET rules_json = excluded.rules_json, "
              "updated_at = excluded.updated_at",
              {unit_id, json, now}));
  return {};
}

Result<std::optional<std::pair<std::int64_t, std::string>>> NearestMemberRules(
    Tx& tx, const std::vector<std::int64_t>& unit_ids) {
  using Out = std::optional<std::pair<std::int64_t, std::string>>;
  for (auto id : unit_ids) {
    LINLI_ASSIGN_OR_RETURN(auto json, FindMemberRules(tx, id));
    if (json) return Out(std::make_pair(id, std::move(*json)));
  }
  return Out();
}

Result<std::int64_t> InsertRegistration(Tx& tx, const RegistrationRecord& r) {
  return tx.InsertReturningId(
      "INSERT INTO member_registrations (person_id, account_id, estate_id, estate_path, "
      "household_id, branch_id, employer_id, employer_party_org, skills, services, status, "
      "submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {r.person_id, OptionalInt(r.account_id), r.estate_id, r.estate_path, r.household_id,
       OptionalInt(r.branch_id), r.employer_id, r.employer_party_org, r.skills, r.services,
       r.status, r.submitted_at});
}

Result<std::optional<RegistrationRecord>> FindRegistration(Tx& tx, std::int64_t id) {
  return OneRegistration(tx, " WHERE r.id = ?", {id});
}

Result<std::optional<RegistrationRecord>> FindActiveRegistrationOfPerson(Tx& tx,
                                                                         std::int64_t person_id) {
  return OneRegistration(
      tx, " WHERE r.person_id = ? AND r.status IN ('pending', 'confirmed') ORDER BY r.id DESC",
      {person_id});
}

Result<std::optional<RegistrationRecord>> FindConfirmedRegistration(Tx& tx, std::int64_t account_id,
                                                                    std::int64_t estate_id) {
  return OneRegistration(tx,
                         " WHERE r.account_id = ? AND r.estate_id = ? AND r.status = 'confirmed'",
                         {account_id, estate_id});
}

Result<std::vector<RegistrationRecord>> ListRegistrations(Tx& tx, const RegistrationFilter& f,
                                                          std::int64_t limit) {
  std::string sql = std::string(kRegistrationSelect) + " WHERE 1 = 1";
  Params p;
  if (f.estate_id) {
    sql += " AND r.estate_id = ?";
    p.push_back(*f.estate_id);
  }
  if (f.path_prefix) {
    sql += " AND r.estate_path >= ? AND r.estate_path < ?";
    p.push_back(*f.path_prefix);
    p.push_back(*f.path_prefix + "\x7f");
  }
  if (f.employer_id) {
    sql += " AND r.employer_id = ?";
    p.push_back(*f.employer_id);
  }
  if (f.account_id) {
    sql += " AND r.account_id = ?";
    p.push_back(*f.account_id);
  }
  if (f.status) {
    sql += " AND r.status = ?";
    p.push_back(*f.status);
  }
  sql += " ORDER BY r.id LIMIT ?";
  p.push_back(limit);
  LINLI_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, p));
  std::vector<RegistrationRecord> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(RegistrationFromRow(r));
  return out;
}

Status UpdateRegistration(Tx& tx, const RegistrationRecord& r) {
  LINLI_TRY(
      tx.Exec("UPDATE member_registrations SET household_id = ?, branch_id = ?, employer_id = ?, "
              "employer_party_org = ?, skills = ?, services = ?, status = ?, receipt_no = ?, "
              "decided_at = ?, decided_by = ?, decision_note = ?, renewed_at = ?, ended_at = ? "
              "WHERE id = ?",
              {r.household_id, OptionalInt(r.branch_id), r.employer_id, r.employer_party_org,
               r.skills, r.services, r.status, OptionalText(r.receipt_no),
               OptionalInt(r.decided_at), OptionalInt(r.decided_by), r.decision_note,
               OptionalInt(r.renewed_at), OptionalInt(r.ended_at), r.id}));
  return {};
}

Result<std::int64_t> InsertCommitment(Tx& tx, const CommitmentRecord& c, std::int64_t now) {
  return tx.InsertReturningId(
      "INSERT INTO commitments (registration_id, year, required, sort, text, created_at) VALUES "
      "(?, ?, ?, ?, ?, ?) RETURNING id",
      {c.registration_id, std::int64_t{c.year}, std::int64_t{c.required ? 1 : 0},
       std::int64_t{c.sort}, c.text, now});
}

Result<std::optional<CommitmentRecord>> FindCommitment(Tx& tx, std::int64_t id) {
  LINLI_ASSIGN_OR_RETURN(auto all, Commitments(tx, " WHERE id = ?", {id}));
  if (all.empty()) return std::optional<CommitmentRecord>();
  return std::optional<CommitmentRecord>(std::move(all.front()));
}

Result<std::vector<CommitmentRecord>> ListCommitments(Tx& tx, std::int64_t registration_id,
                                                      int year) {
  return Commitments(tx, " WHERE registration_id = ? AND year = ? ORDER BY sort, id",
                     {registration_id, std::int64_t{year}});
}

Result<std::vector<CommitmentRecord>> ListEstateCommitments(Tx& tx, std::int64_t estate_id,
                                                            int year) {
  return Commitments(tx,
                     " WHERE year = ? AND registration_id IN (SELECT id FROM "
                     "member_registrations WHERE estate_id = ?) ORDER BY registration_id, sort, id",
                     {std::int64_t{year}, estate_id});
}

Status UpdateCommitment(Tx& tx, const CommitmentRecord& c) {
  LINLI_TRY(
      tx.Exec("UPDATE commitments SET report = ?, reported_at = ?, review = ?, "
              "review_note = ?, reviewed_by = ?, reviewed_at = ? WHERE id = ?",
              {c.report, OptionalInt(c.reported_at), c.review, c.review_note,
               OptionalInt(c.reviewed_by), OptionalInt(c.reviewed_at), c.id}));
  return {};
}

Result<std::int64_t> InsertServiceEntry(Tx& tx, const ServiceEntryRecord& e) {
  return tx.InsertReturningId(
      "INSERT INTO service_entries (registration_id, on_date, kind, minutes, points, note, "
      "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {e.registration_id, e.on_date, e.kind, e.minutes, e.points, e.note, OptionalInt(e.created_by),
       e.created_at});
}

Result<std::optional<ServiceEntryRecord>> FindServiceEntry(Tx& tx, std::int64_t id) {
  LINLI_ASSIGN_OR_RETURN(auto row, tx.QueryOne(std::string(kEntrySelect) + " WHERE id = ?", {id}));
  if (!row) return std::optional<ServiceEntryRecord>();
  return std::optional<ServiceEntryRecord>(EntryFromRow(*row));
}

Result<std::vector<ServiceEntryRecord>> ListServiceEntries(Tx& tx, std::int64_t registration_id,
                                                           const std::string& from_date,
                                                           const std::string& to_date) {
  LINLI_ASSIGN_OR_RETURN(
      auto rows, tx.Query(std::string(kEntrySelect) +
                              " WHERE registration_id = ? AND voided_at IS NULL AND on_date >= ? "
                              "AND on_date <= ? ORDER BY on_date, id",
                          {registration_id, from_date, to_date}));
  std::vector<ServiceEntryRecord> out;
  for (const auto& r : rows) out.push_back(EntryFromRow(r));
  return out;
}

Status VoidServiceEntry(Tx& tx, std::int64_t id, std::int64_t now) {
  LINLI_TRY(tx.Exec("UPDATE service_entries SET voided_at = ? WHERE id = ? AND voided_at IS NULL",
                    {now, id}));
  return {};
}

Result<std::vector<HandledAppeal>> AppealsHandledBy(Tx& tx, std::int64_t account_id,
                                                    std::int64_t estate_id, std::int64_t from,
                                                    std::int64_t to) {
  LINLI_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT id, category, resolved_at FROM appeals WHERE assignee_account_id = ? AND "
               "estate_id = ? AND status IN ('resolved', 'closed') AND resolved_at >= ? AND "
               "resolved_at < ? ORDER BY resolved_at, id",
               {account_id, estate_id, from, to}));
  std::vector<HandledAppeal> out;
  for (const auto& r : rows) out.push_back(HandledAppeal{r.Int(0), r.Text(1), r.Int(2)});
  return out;
}

}  // namespace linli::storage
