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
  // Residents' problems (诉求)
  kReportAppeals,    // file a problem of one's own
  kEnterAppeals,     // enter problems heard from residents (door-knocking, phone, mailbox)
  kReadAppeals,      // the estate's problems (reporters masked unless kReadPersonalData)
  kHandleAppeals,    // accept, start, resolve, return, extend those routed to one's side
  kRouteAppeals,     // assign, escalate, merge, close; the estate's dispatcher
  kManageCatalogue,  // the estate's categories and deadlines, the holiday calendar
  kReadAppealStats,  // the figures and charts
  // Party members in their estate (在职党员回小区报到)
  kRegisterMembership,  // register oneself with the branch of the estate one lives in
  kManageMembers,       // confirm registrations, rules, pairing, rounds, tasks, reviews, entries
  kReadMembers,         // who is registered, records and figures (membership is sensitive)
  kClaimTasks,          // claim the branch's tasks and report on them
  kAcceptTasks,         // owners' representatives accept or send back a task's result
  kRecordVisits,        // record door-knocking visits
  // Owners decide (业主共同决定)
  kManageVotes,   // announce votes, take the roll, answer objections, close, publish, rules
  kEnterBallots,  // enter ballots received on paper, in the mobile box, by phone or by proxy
  // Meetings and supervision (议事协商, 四必; docs/MEETINGS.md)
  kManageMeetings,     // schedule meetings, record minutes, decisions, action items, publish
  kReadMeetings,       // meetings with minutes and attendance, action items, the 四必 report
  kRecordSupervision,  // the community party organisation's records: spot-checks, projects
};

std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view text);
bool RoleHas(Role role, Permission permission);
// Whether a holder of `role` handles problems routed to `handler` (a HandlerKind name):
// property staff what goes to the property company, the committee what goes to it; branch,
// officials and admins anything. (An assignee may always act on what is assigned to them.)
bool RoleHandles(Role role, std::string_view handler);
// Whether a holder of `granter` may grant `role` (within the granter's subtree).
bool MayGrant(Role granter, Role role);

}  // namespace linli::domain
