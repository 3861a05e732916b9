#include "domain/people/role.hpp"

namespace linli::domain {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kAdmin:
      return "admin";
    case Role::kOfficial:
      return "official";
    case Role::kBranch:
      return "branch";
    case Role::kCommittee:
      return "committee";
    case Role::kProperty:
      return "property";
    case Role::kMember:
      return "member";
    case Role::kBuildingLead:
      return "building_lead";
    case Role::kResident:
      return "resident";
  }
  return "resident";
}

std::optional<Role> ParseRole(std::string_view text) {
  for (auto r : {Role::kAdmin, Role::kOfficial, Role::kBranch, Role::kCommittee, Role::kProperty,
                 Role::kMember, Role::kBuildingLead, Role::kResident})
    if (RoleName(r) == text) return r;
  return std::nullopt;
}

bool RoleHas(Role role, Permission p) {
  using P = Permission;
  switch (role) {
    case Role::kAdmin:
      return true;
    case Role::kOfficial:
      return true;  // officials work the whole subtree, sensitive reads audited
    case Role::kBranch:
      // The branch is supervised by the community party organisation, it does not record the
      // supervision itself.
      return p != P::kManageUnits && p != P::kReadIdNumbers && p != P::kRecordSupervision;
    case Role::kCommittee:
      // The committee keeps the owner roll; it sees ID numbers for eligibility checks, but
      // party membership is not its business.
      return p == P::kReadStructure || p == P::kReadHouseholds || p == P::kManageHouseholds ||
             p == P::kReadPersonalData || p == P::kReadIdNumbers || p == P::kReadAudit ||
             p == P::kReportAppeals || p == P::kEnterAppeals || p == P::kReadAppeals ||
             p == P::kHandleAppeals || p == P::kReadAppealStats || p == P::kAcceptTasks ||
             p == P::kManageVotes || p == P::kEnterBallots || p == P::kManageMeetings ||
             p == P::kReadMeetings;
    case Role::kProperty:
      return p == P::kReadStructure || p == P::kReadHouseholds || p == P::kManageHouseholds ||
             p == P::kReadPersonalData || p == P::kReportAppeals || p == P::kEnterAppeals ||
             p == P::kReadAppeals || p == P::kHandleAppeals || p == P::kReadMeetings;
    case Role::kMember:
      return p == P::kReadStructure || p == P::kReadHouseholds || p == P::kReportAppeals ||
             p == P::kEnterAppeals || p == P::kReadAppeals || p == P::kRegisterMembership ||
             p == P::kClaimTasks || p == P::kRecordVisits;
    case Role::kBuildingLead:
      return p == P::kReadStructure || p == P::kReadHouseholds || p == P::kReportAppeals ||
             p == P::kEnterAppeals || p == P::kReadAppeals || p == P::kRecordVisits ||
             p == P::kEnterBallots;
    case Role::kResident:
      return p == P::kReadStructure || p == P::kReportAppeals || p == P::kRegisterMembership;
  }
  return false;
}

bool RoleHandles(Role role, std::string_view handler) {
  switch (role) {
    case Role::kAdmin:
    case Role::kOfficial:
    case Role::kBranch:
      return true;
    case Role::kCommittee:
      return handler == "committee";
    case Role::kProperty:
      return handler == "property";
    default:
      return false;
  }
}

bool MayGrant(Role granter, Role role) {
  switch (granter) {
    case Role::kAdmin:
      return true;
    case Role::kOfficial:
      return role != Role::kAdmin;
    case Role::kBranch:
      return role == Role::kMember || role == Role::kBuildingLead || role == Role::kResident;
    default:
      return false;
  }
}

}  // namespace linli::domain
