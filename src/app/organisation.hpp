// Use cases of the organisations around an estate: party organisations (the party tree),
// the 业委会/物管会 with their members, property companies and their contracts with estates.
// Reading needs kReadStructure where the thing is attached (property companies: anywhere);
// writing needs kManageOrganisation there. Every write is audited in its transaction.
// Thread-safety: OrganisationService is thread-safe (stateless over Env).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "domain/org/organisation.hpp"
#include "domain/people/posts.hpp"

namespace linli::app {

struct PartyOrgInput {
  std::string kind;
  std::string name;
  std::optional<std::int64_t> unit_id;
  std::optional<std::int64_t> parent_id;
  std::optional<std::string> function;
  std::optional<std::int64_t> building_id;
};

// A PATCH: only the fields present change. `clear_*` set when the field was sent as null.
struct PartyOrgPatch {
  std::optional<std::string> name;
  std::optional<std::int64_t> parent_id;
  bool clear_parent = false;
  std::optional<std::string> function;
  bool clear_function = false;
  std::optional<std::int64_t> building_id;
  bool clear_building = false;
};

struct CommitteeInput {
  std::string kind;
  std::string name;
  std::string term_start;
  std::string term_end;
};

struct CommitteeMemberView {
  std::int64_t post_id = 0;
  std::int64_t person_id = 0;
  std::string name;  // masked unless the viewer may read personal data
  domain::PostKind post = domain::PostKind::kCommitteeMember;
};

struct CommitteeView {
  domain::Committee committee;
  std::vector<CommitteeMemberView> members;       // chair first, then vice chairs, then members
  int member_count = 0;                           // distinct people
  std::optional<domain::Warning> member_warning;  // size rule (RULES.md §4), never a refusal
  bool current = false;                           // today within the term
};

struct CompanyInput {
  std::string name;
  std::optional<std::string> credit_code;
  std::optional<std::string> phone;
};

struct ContractInput {
  std::optional<std::int64_t> company_id;
  std::string scope;
  std::string start_date;
  std::string end_date;
};

struct ContractView {
  domain::PropertyContract contract;
  bool in_force = false;  // today within the dates
};

struct ContractsView {
  std::vector<ContractView> items;
  std::string service_mode;
  std::optional<domain::Warning> service_mode_warning;  // contracts against the profile
};

class OrganisationService {
 public:
  explicit OrganisationService(Env env) : env_(env) {}

  // Organisations attached to the unit or below it.
  Result<std::vector<domain::PartyOrg>> ListPartyOrgs(const Principal& who, std::int64_t unit_id);
  Result<domain::PartyOrg> CreatePartyOrg(const Principal& who, const PartyOrgInput& in);
  Result<domain::PartyOrg> UpdatePartyOrg(const Principal& who, std::int64_t id,
                                          const PartyOrgPatch& in);

  Result<std::vector<CommitteeView>> ListCommittees(const Principal& who, std::int64_t estate_id);
  Result<CommitteeView> CreateCommittee(const Principal& who, std::int64_t estate_id,
                                        const CommitteeInput& in);

  Result<Paged<domain::PropertyCompany>> ListCompanies(const Principal& who, const std::string& q,
                                                       Page page);
  Result<domain::PropertyCompany> CreateCompany(const Principal& who, const CompanyInput& in);
  Result<ContractsView> ListContracts(const Principal& who, std::int64_t estate_id);
  Result<ContractView> CreateContract(const Principal& who, std::int64_t estate_id,
                                      const ContractInput& in);

 private:
  domain::CivilDate Today() const;
  Env env_;
};

}  // namespace linli::app
