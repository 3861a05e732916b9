#include "domain/people/posts.hpp"

#include <map>

namespace linli::domain {
namespace {

std::string Label(PostKind k) {
  return std::string(PostKindName(k)) + " (" + std::string(PostKindChinese(k)) + ")";
}

Status Forbid(PostKind kind, const std::optional<std::int64_t>& link, const char* field) {
  if (!link) return {};
  return InvalidArgument(
      std::string(field) + " does not apply to the post " + Label(kind) + "; leave it empty",
      field);
}

Status Need(PostKind kind, const std::optional<std::int64_t>& link, const char* field,
            const char* what) {
  if (link) return {};
  return InvalidArgument("the post " + Label(kind) + " needs " + field + ": " + what, field);
}

}  // namespace

const std::vector<PostKind>& AllPostKinds() {
  static const std::vector<PostKind> kAll = {PostKind::kBranchSecretary,
                                             PostKind::kBranchDeputySecretary,
                                             PostKind::kBranchCommitteeMember,
                                             PostKind::kCommitteeChair,
                                             PostKind::kCommitteeViceChair,
                                             PostKind::kCommitteeMember,
                                             PostKind::kBuildingLead,
                                             PostKind::kEntranceLead,
                                             PostKind::kFloorLead,
                                             PostKind::kGridWorker,
                                             PostKind::kResidentsGroupLeader,
                                             PostKind::kPropertyManager,
                                             PostKind::kPartyCenterHousehold,
                                             PostKind::kCommunityPartySecretary};
  return kAll;
}

std::string_view PostKindName(PostKind kind) {
  switch (kind) {
    case PostKind::kBranchSecretary:
      return "branch_secretary";
    case PostKind::kBranchDeputySecretary:
      return "branch_deputy_secretary";
    case PostKind::kBranchCommitteeMember:
      return "branch_committee_member";
    case PostKind::kCommitteeChair:
      return "committee_chair";
    case PostKind::kCommitteeViceChair:
      return "committee_vice_chair";
    case PostKind::kCommitteeMember:
      return "committee_member";
    case PostKind::kBuildingLead:
      return "building_lead";
    case PostKind::kEntranceLead:
      return "entrance_lead";
    case PostKind::kFloorLead:
      return "floor_lead";
    case PostKind::kGridWorker:
      return "grid_worker";
    case PostKind::kResidentsGroupLeader:
      return "residents_group_leader";
    case PostKind::kPropertyManager:
      return "property_manager";
    case PostKind::kPartyCenterHousehold:
      return "party_center_household";
    case PostKind::kCommunityPartySecretary:
      return "community_party_secretary";
  }
  return "committee_member";
}

std::string_view PostKindChinese(PostKind kind) {
  switch (kind) {
    case PostKind::kBranchSecretary:
      return "党支部书记";
    case PostKind::kBranchDeputySecretary:
      return "党支部副书记";
    case PostKind::kBranchCommitteeMember:
      return "党支部委员";
    case PostKind::kCommitteeChair:
      return "业委会主任";
    case PostKind::kCommitteeViceChair:
      return "业委会副主任";
    case PostKind::kCommitteeMember:
      return "业委会委员";
    case PostKind::kBuildingLead:
      return "楼栋长";
    case PostKind::kEntranceLead:
      return "单元长";
    case PostKind::kFloorLead:
      return "楼层长";
    case PostKind::kGridWorker:
      return "网格员";
    case PostKind::kResidentsGroupLeader:
      return "居民小组长";
    case PostKind::kPropertyManager:
      return "物业经理";
    case PostKind::kPartyCenterHousehold:
      return "党员中心户";
    case PostKind::kCommunityPartySecretary:
      return "社区党委书记";
  }
  return "业委会委员";
}

std::optional<PostKind> ParsePostKind(std::string_view text) {
  for (auto k : AllPostKinds())
    if (PostKindName(k) == text) return k;
  return std::nullopt;
}

bool IsCommitteePost(PostKind kind) {
  return kind == PostKind::kCommitteeChair || kind == PostKind::kCommitteeViceChair ||
         kind == PostKind::kCommitteeMember;
}

bool IsBranchCommitteePost(PostKind kind) {
  return kind == PostKind::kBranchSecretary || kind == PostKind::kBranchDeputySecretary ||
         kind == PostKind::kBranchCommitteeMember;
}

bool ImpliesPartyMembership(PostKind kind) {
  return IsBranchCommitteePost(kind) || kind == PostKind::kPartyCenterHousehold ||
         kind == PostKind::kCommunityPartySecretary;
}

bool IsSingleHolderPost(PostKind kind) {
  return kind == PostKind::kBranchSecretary || kind == PostKind::kCommitteeChair ||
         kind == PostKind::kCommunityPartySecretary;
}

UnitKind PostUnitKind(PostKind kind) {
  return kind == PostKind::kCommunityPartySecretary ? UnitKind::kCommunity : UnitKind::kEstate;
}

Status CheckPostLinks(PostKind kind, const PostLinks& l) {
  if (IsCommitteePost(kind)) {
    LINLI_TRY(Need(kind, l.committee_id, "committee_id", "the 业委会 or 物管会 of the estate"));
    LINLI_TRY(Forbid(kind, l.party_org_id, "party_org_id"));
    return Forbid(kind, l.building_id, "building_id");
  }
  if (IsBranchCommitteePost(kind)) {
    LINLI_TRY(Need(kind, l.party_org_id, "party_org_id", "the branch (党支部 or 党总支)"));
    LINLI_TRY(Forbid(kind, l.committee_id, "committee_id"));
    return Forbid(kind, l.building_id, "building_id");
  }
  switch (kind) {
    case PostKind::kBuildingLead:
      LINLI_TRY(Need(kind, l.building_id, "building_id", "the building (楼栋) led"));
      [[fallthrough]];
    case PostKind::kEntranceLead:
    case PostKind::kFloorLead:
      LINLI_TRY(Forbid(kind, l.party_org_id, "party_org_id"));
      return Forbid(kind, l.committee_id, "committee_id");
    case PostKind::kPartyCenterHousehold:
      return Forbid(kind, l.committee_id, "committee_id");
    case PostKind::kCommunityPartySecretary:
      LINLI_TRY(Forbid(kind, l.committee_id, "committee_id"));
      return Forbid(kind, l.building_id, "building_id");
    default:
      LINLI_TRY(Forbid(kind, l.party_org_id, "party_org_id"));
      LINLI_TRY(Forbid(kind, l.committee_id, "committee_id"));
      return Forbid(kind, l.building_id, "building_id");
  }
}

Status CheckPostPlace(PostKind kind, const PostLinks& links, const PostPlace& p) {
  LINLI_TRY(CheckPostLinks(kind, links));
  if (p.unit_kind != PostUnitKind(kind))
    return InvalidArgument("the post " + Label(kind) + " is held at " +
                               WithIndefiniteArticle(UnitKindName(PostUnitKind(kind))) +
                               "; unit_id names " +
                               WithIndefiniteArticle(UnitKindName(p.unit_kind)),
                           "unit_id");
  if (links.committee_id && p.committee_estate_id != p.unit_id)
    return InvalidArgument("committee_id must name a committee of this estate", "committee_id");
  if (links.building_id && p.building_estate_id != p.unit_id)
    return InvalidArgument("building_id must name a building of this estate", "building_id");
  if (links.party_org_id) {
    if (p.org_unit_id != p.unit_id)
      return InvalidArgument("party_org_id must name a party organisation attached to unit " +
                                 std::to_string(p.unit_id),
                             "party_org_id");
    const auto k = p.org_kind;
    bool ok = false;
    const char* want = "";
    if (IsBranchCommitteePost(kind)) {
      ok = k == PartyOrgKind::kBranch || k == PartyOrgKind::kGeneralBranch;
      want = "a branch (党支部) or general branch (党总支)";
    } else if (kind == PostKind::kPartyCenterHousehold) {
      ok = k == PartyOrgKind::kBranch || k == PartyOrgKind::kGeneralBranch ||
           k == PartyOrgKind::kPartyGroup;
      want = "a branch, general branch or party group";
    } else if (kind == PostKind::kCommunityPartySecretary) {
      // A small community's organisation may be a general branch or a branch (社区党支部).
      ok = k == PartyOrgKind::kCommunityCommittee || k == PartyOrgKind::kGeneralBranch ||
           k == PartyOrgKind::kBranch;
      want = "a community party committee (社区党委), general branch or branch";
    }
    if (!ok)
      return InvalidArgument("for the post " + Label(kind) + ", party_org_id must name " + want,
                             "party_org_id");
  }
  return {};
}

Status CheckCommitteePostStart(const CivilDate& start, const Committee& committee) {
  if (committee.term_start <= start && start <= committee.term_end) return {};
  const std::string term = committee.term_start.ToString() + " to " + committee.term_end.ToString();
  return InvalidArgument("start_date " + start.ToString() + " is outside the term of " +
                             committee.name + " (" + term +
                             "): a seat on the committee starts within its term; choose a "
                             "start_date from " +
                             term + ", or appoint the person to the committee of that time",
                         "start_date");
}

CrossAppointments ComputeCrossAppointments(const std::vector<Holding>& holdings,
                                           const std::set<std::int64_t>& party_members) {
  std::set<std::int64_t> on_committee, on_branch_committee, members = party_members;
  std::map<std::int64_t, std::set<PostKind>> kinds;
  std::set<std::int64_t> in_estate;
  for (const auto& h : holdings) {
    kinds[h.person_id].insert(h.kind);
    if (ImpliesPartyMembership(h.kind)) members.insert(h.person_id);
    if (!h.in_estate) continue;
    in_estate.insert(h.person_id);
    if (IsCommitteePost(h.kind)) on_committee.insert(h.person_id);
    if (IsBranchCommitteePost(h.kind)) on_branch_committee.insert(h.person_id);
  }
  CrossAppointments out;
  out.committee_members = static_cast<int>(on_committee.size());
  out.branch_committee_members = static_cast<int>(on_branch_committee.size());
  for (auto id : on_committee) {
    if (members.count(id)) ++out.committee_party_members;
    if (on_branch_committee.count(id)) ++out.branch_members_on_committee;
  }
  for (const auto& [person, set] : kinds) {
    if (!in_estate.count(person) || set.size() < 2) continue;
    out.people_with_several_posts.push_back(PersonPosts{person, {set.begin(), set.end()}});
  }
  return out;
}

}  // namespace linli::domain
