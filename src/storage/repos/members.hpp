// Storage of party members' registrations (报到), employers, the rules per unit, commitments and
// the entries the branch adds to a member's record. Written once for both backends.
// Thread-safety: functions act within the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace linli::storage {

struct EmployerRecord {
  std::int64_t id = 0;
  std::string name;
  std::string party_org_name;
  std::int64_t member_count = 0;
  std::int64_t created_at = 0;
};
Result<std::int64_t> InsertEmployer(Tx& tx, const EmployerRecord& e);
Result<std::optional<EmployerRecord>> FindEmployer(Tx& tx, std::int64_t id);
Result<std::optional<EmployerRecord>> FindEmployerByName(Tx& tx, const std::string& name);
// Employers whose name contains `q` (all when empty), by name.
Result<std::vector<EmployerRecord>> ListEmployers(Tx& tx, const std::string& q, std::int64_t limit);
Status UpdateEmployer(Tx& tx, const EmployerRecord& e);
Status LinkEmployerAccount(Tx& tx, std::int64_t employer_id, std::int64_t account_id);
Result<std::vector<std::int64_t>> EmployersOfAccount(Tx& tx, std::int64_t account_id);

// A unit's own rules as stored JSON (the use case parses them), and the nearest ancestor's.
Result<std::optional<std::string>> FindMemberRules(Tx& tx, std::int64_t unit_id);
Status SaveMemberRules(Tx& tx, std::int64_t unit_id, const std::string& json, std::int64_t now);
// The rules of the nearest unit on `unit_ids` (ordered from the unit itself up to the root) that
// has any: {unit_id, json}.
Result<std::optional<std::pair<std::int64_t, std::string>>> NearestMemberRules(
    Tx& tx, const std::vector<std::int64_t>& unit_ids);

struct RegistrationRecord {
  std::int64_t id = 0;
  std::int64_t person_id = 0;
  std::optional<std::int64_t> account_id;
  std::int64_t estate_id = 0;
  std::string estate_path;
  std::int64_t household_id = 0;
  std::optional<std::int64_t> branch_id;
  std::int64_t employer_id = 0;
  std::string employer_party_org;
  std::string skills;
  std::string services;
  std::string status;  // domain::RegistrationStatusName
  std::optional<std::string> receipt_no;
  std::int64_t submitted_at = 0;
  std::optional<std::int64_t> decided_at;
  std::optional<std::int64_t> decided_by;
  std::string decision_note;
  std::optional<std::int64_t> renewed_at;
  std::optional<std::int64_t> ended_at;
  // Joined for display.
  std::string person_name;
  std::string person_phone;
  std::string estate_name;
  std::string household_label;  // "3栋2单元501"
  std::string employer_name;
  std::string branch_name;
};
Result<std::int64_t> InsertRegistration(Tx& tx, const RegistrationRecord& r);
Result<std::optional<RegistrationRecord>> FindRegistration(Tx& tx, std::int64_t id);
// The person's registration that is pending or confirmed, if any.
Result<std::optional<RegistrationRecord>> FindActiveRegistrationOfPerson(Tx& tx,
                                                                         std::int64_t person_id);
Result<std::optional<RegistrationRecord>> FindConfirmedRegistration(Tx& tx, std::int64_t account_id,
                                                                    std::int64_t estate_id);
struct RegistrationFilter {
  std::optional<std::int64_t> estate_id;
  std::optional<std::string> path_prefix;  // estates under a unit
  std::optional<std::int64_t> employer_id;
  std::optional<std::int64_t> account_id;
  std::optional<std::string> status;
};
Result<std::vector<RegistrationRecord>> ListRegistrations(Tx& tx, const RegistrationFilter& f,
                                                          std::int64_t limit = 5000);
Status UpdateRegistration(Tx& tx, const RegistrationRecord& r);

struct CommitmentRecord {
  std::int64_t id = 0;
  std::int64_t registration_id = 0;
  int year = 0;
  bool required = false;
  int sort = 0;
  std::string text;
  std::string report;
  std::optional<std::int64_t> reported_at;
  std::string review;
  std::string review_note;
  std::optional<std::int64_t> reviewed_by;
  std::optional<std::int64_t> reviewed_at;
};
Result<std::int64_t> InsertCommitment(Tx& tx, const CommitmentRecord& c, std::int64_t now);
Result<std::optional<CommitmentRecord>> FindCommitment(Tx& tx, std::int64_t id);
Result<std::vector<CommitmentRecord>> ListCommitments(Tx& tx, std::int64_t registration_id,
                                                      int year);
// Every commitment of `year` by registrations of the estate.
Result<std::vector<CommitmentRecord>> ListEstateCommitments(Tx& tx, std::int64_t estate_id,
                                                            int year);
Status UpdateCommitment(Tx& tx, const CommitmentRecord& c);

struct ServiceEntryRecord {
  std::int64_t id = 0;
  std::int64_t registration_id = 0;
  std::string on_date;
  std::string kind;
  std::int64_t minutes = 0;
  std::int64_t points = 0;
  std::string note;
  std::optional<std::int64_t> created_by;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> voided_at;
};
Result<std::int64_t> InsertServiceEntry(Tx& tx, const ServiceEntryRecord& e);
Result<std::optional<ServiceEntryRecord>> FindServiceEntry(Tx& tx, std::int64_t id);
// Entries not voided, on dates in [from_date, to_date].
Result<std::vector<ServiceEntryRecord>> ListServiceEntries(Tx& tx, std::int64_t registration_id,
                                                           const std::string& from_date,
                                                           const std::string& to_date);
Status VoidServiceEntry(Tx& tx, std::int64_t id, std::int64_t now);

// Problems the member's account handled to resolution: assigned to it and now resolved or
// closed (a reopened problem drops out by itself), resolved within [from, to).
struct HandledAppeal {
  std::int64_t appeal_id = 0;
  std::string category;
  std::int64_t resolved_at = 0;
};
Result<std::vector<HandledAppeal>> AppealsHandledBy(Tx& tx, std::int64_t account_id,
                                                    std::int64_t estate_id, std::int64_t from,
                                                    std::int64_t to);

}  // namespace linli::storage
