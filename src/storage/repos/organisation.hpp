// Party organisations, committees, property companies and contracts in the store, and the
// small look-ups the organisation use cases need (which estate a building or household is in,
// an estate's service mode).
// Thread-safety: functions over a transaction owned by the caller.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/org/organisation.hpp"
#include "storage/database.hpp"

namespace linli::storage {

// ---- Party organisations ----
Result<std::optional<domain::PartyOrg>> FindPartyOrg(Tx& tx, std::int64_t id);
// Organisations attached to the unit at `unit_path` or below it, by id.
Result<std::vector<domain::PartyOrg>> ListPartyOrgsUnder(Tx& tx, const std::string& unit_path);
// A name already taken at the unit gives kAlreadyExists. Returns the new id.
Result<std::int64_t> InsertPartyOrg(Tx& tx, const domain::PartyOrg& org, std::int64_t now);
// Writes name, parent_id, function and building_id.
Status UpdatePartyOrg(Tx& tx, const domain::PartyOrg& org);

// ---- Committees ----
Result<std::optional<domain::Committee>> FindCommittee(Tx& tx, std::int64_t id);
Result<std::vector<domain::Committee>> ListCommittees(Tx& tx, std::int64_t estate_id);
// A name already used in the estate gives kAlreadyExists.
Result<std::int64_t> InsertCommittee(Tx& tx, const domain::Committee& c, std::int64_t now);

// ---- Property companies and contracts ----
Result<std::optional<domain::PropertyCompany>> FindCompany(Tx& tx, std::int64_t id);
// `name_like`: a substring of the name, or empty for all.
Result<std::vector<domain::PropertyCompany>> ListCompanies(Tx& tx, const std::string& name_like,
                                                           std::int64_t limit, std::int64_t offset);
Result<std::int64_t> CountCompanies(Tx& tx, const std::string& name_like);
// A name or non-empty credit code already used gives kAlreadyExists.
Result<std::int64_t> InsertCompany(Tx& tx, const domain::PropertyCompany& c, std::int64_t now);
// The estate's contracts with their company names, by start date.
Result<std::vector<domain::PropertyContract>> ListContracts(Tx& tx, std::int64_t estate_id);
Result<std::int64_t> InsertContract(Tx& tx, const domain::PropertyContract& c, std::int64_t now);

// ---- Look-ups ----
// The estate a building / household belongs to, nullopt when there is no such row.
Result<std::optional<std::int64_t>> BuildingEstate(Tx& tx, std::int64_t building_id);
Result<std::optional<std::int64_t>> HouseholdEstate(Tx& tx, std::int64_t household_id);
// estate_profiles.service_mode, "none" when the estate has no profile row.
Result<std::string> EstateServiceMode(Tx& tx, std::int64_t estate_id);

// `text` with LIKE's wildcards escaped (for `LIKE ? ESCAPE '\'`), wrapped in '%'.
std::string LikeContains(const std::string& text);

}  // namespace linli::storage
