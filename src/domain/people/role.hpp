// Roles granted on a node of the administrative tree, and what each may do there. A grant reaches
// the whole subtree below its node; a grant without a node (admin created from the command line)
// reaches everything. This table is the single place that says who may do what.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string_view>

namespace linli::domain {

enum class Role {
  kAdmin,         // runs the deployment
  kOfficial,      // community/street/district staff
  kBranch,        // estate party branch
  kCommittee,     // owners' committee (业委会) / property-management committee (物管会)
  kProperty,      // property company staff
  kMember,        // party member
  kBuildingLead,  // 楼栋长
  kResident,
};

enum class Permission {
  kReadStructure,        // units, buildings, counts: what the estate looks like
  kManageUnits,          // create and rename units of the administrative tree
  kReadHouseholds,       // the household list with owners (masked unless kReadPersonalData)
  kManageHouseholds,     // import and edit households and owners, estate profile
  kReadPersonalData,     // names and phones unmasked
  kReadIdNumbers,        // sensitive (RULES.md §9): ID numbers; each read audited
  kReadPartyMembership,  // sensitive (RULES.md §9): who is a party member; each read audited
  kManageOrganisation,   // party orgs, committees, property contracts, people, posts
  kManageAccounts,       // create accounts, grant roles within the subtree
  kReadAudit,
};

std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view text);
bool RoleHas(Role role, Permission permission);
// Whether a holder of `granter` may grant `role` (within the granter's subtree).
bool MayGrant(Role granter, Role role);

}  // namespace linli::domain
