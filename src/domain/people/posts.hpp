// Posts people hold in and around an estate (DOMAIN.md §1): branch secretary and committee
// members, 业委会 chair and members, 楼栋长/单元长/楼层长, 网格员, 居民小组长, 物业经理,
// 党员中心户, 社区党委书记; what each post must be linked to; and the cross-appointment figures
// (交叉任职, "一肩挑") leaders read, e.g. 6 of 9 业委会 members are party members [001].
// Pure domain code. Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "domain/org/organisation.hpp"
#include "domain/org/unit.hpp"

namespace linli::domain {

enum class PostKind {
  kBranchSecretary,          // 党支部书记
  kBranchDeputySecretary,    // 党支部副书记
  kBranchCommitteeMember,    // 党支部委员
  kCommitteeChair,           // 业委会(物管会)主任
  kCommitteeViceChair,       // 副主任
  kCommitteeMember,          // 委员
  kBuildingLead,             // 楼栋长
  kEntranceLead,             // 单元长
  kFloorLead,                // 楼层长
  kGridWorker,               // 网格员
  kResidentsGroupLeader,     // 居民小组长
  kPropertyManager,          // 物业经理
  kPartyCenterHousehold,     // 党员中心户
  kCommunityPartySecretary,  // 社区党委书记
};

std::string_view PostKindName(PostKind kind);     // "branch_secretary", ...
std::string_view PostKindChinese(PostKind kind);  // "党支部书记", ...
std::optional<PostKind> ParsePostKind(std::string_view text);
// Every kind, in the order above.
const std::vector<PostKind>& AllPostKinds();

// A seat on the 业委会/物管会 (chair, vice chair, member).
bool IsCommitteePost(PostKind kind);
// A seat on a branch committee (支委: secretary, deputy secretary, committee member).
bool IsBranchCommitteePost(PostKind kind);
// Holding the post presupposes party membership (branch committee seats, 党员中心户, 社区党委书记).
bool ImpliesPartyMembership(PostKind kind);
// At most one current holder per committee (chair) or per organisation (secretaries).
bool IsSingleHolderPost(PostKind kind);
// The kind of unit the post is held at: a community for 社区党委书记, an estate otherwise.
UnitKind PostUnitKind(PostKind kind);

struct PostLinks {
  std::optional<std::int64_t> party_org_id;
  std::optional<std::int64_t> committee_id;
  std::optional<std::int64_t> building_id;
};

// What the links of a post resolved to, loaded by the use case before checking.
struct PostPlace {
  UnitKind unit_kind = UnitKind::kEstate;
  std::int64_t unit_id = 0;
  std::optional<PartyOrgKind> org_kind;  // of links.party_org_id
  std::optional<std::int64_t> org_unit_id;
  std::optional<std::int64_t> committee_estate_id;  // of links.committee_id
  std::optional<std::int64_t> building_estate_id;   // of links.building_id
};

// Which links a post needs and which it may not have, without looking anything up:
//   committee posts        committee_id required; nothing else
//   branch committee posts party_org_id required; nothing else
//   building_lead          building_id required; nothing else
//   entrance/floor lead    building_id optional; nothing else
//   party_center_household party_org_id and building_id optional; no committee
//   community secretary    party_org_id optional; nothing else
//   others                 no links
// invalid_argument naming the field otherwise.
Status CheckPostLinks(PostKind kind, const PostLinks& links);
// CheckPostLinks, then where the links lead: the post sits at a unit of PostUnitKind; the
// committee belongs to that estate; the organisation is a branch or general branch attached to
// that unit (branch posts), a branch, general branch or party group there (党员中心户), or a
// community party committee there (社区党委书记); the building belongs to that estate.
Status CheckPostPlace(PostKind kind, const PostLinks& links, const PostPlace& place);

// A seat on the 业委会/物管会 starts within the committee's term, both ends included
// (invalid_argument on start_date naming the term otherwise).
Status CheckCommitteePostStart(const CivilDate& start, const Committee& committee);

// One current post, as the cross-appointment computation needs it.
struct Holding {
  std::int64_t person_id = 0;
  PostKind kind = PostKind::kCommitteeMember;
  bool in_estate = true;  // held at the estate the figures are for (else: held elsewhere)
};

struct PersonPosts {
  std::int64_t person_id = 0;
  std::vector<PostKind> posts;  // distinct kinds, in PostKind order
};

// The cross-appointment figures of one estate. All counts are of distinct people holding a
// current post at the estate.
struct CrossAppointments {
  int committee_members = 0;         // on the 业委会/物管会
  int committee_party_members = 0;   // of them, party members
  int branch_committee_members = 0;  // on a branch committee (支委)
  // Branch committee members who also sit on the 业委会/物管会: 交叉任职 in the strict sense.
  int branch_members_on_committee = 0;
  // People with posts of two or more kinds ("一肩挑"), counting their posts outside the estate
  // too (e.g. a community party secretary who chairs the 业委会). Ordered by person id.
  std::vector<PersonPosts> people_with_several_posts;
};

// `party_members`: people recorded as party members. Holding a post that implies membership
// counts as membership too.
CrossAppointments ComputeCrossAppointments(const std::vector<Holding>& holdings,
                                           const std::set<std::int64_t>& party_members);

}  // namespace linli::domain
