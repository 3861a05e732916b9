// Posts and cross-appointments (PeopleService; the person register is in people.cpp).
#include <algorithm>
#include <boost/json.hpp>
#include <map>

#include "app/audit.hpp"
#include "app/authz.hpp"
#include "app/people.hpp"
#include "app/person_access.hpp"
#include "app/units.hpp"
#include "core/time_format.hpp"
#include "storage/repos/organisation.hpp"
#include "storage/repos/people.hpp"

namespace linli::app {
namespace json = boost::json;
using domain::Permission;

namespace {

json::value OptId(const std::optional<std::int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::value PostAuditJson(const storage::PostRecord& p) {
  return json::object{{"post", std::string(domain::PostKindName(p.kind))},
                      {"person_id", p.person_id},
                      {"unit_id", p.unit_id},
                      {"party_org_id", OptId(p.links.party_org_id)},
                      {"committee_id", OptId(p.links.committee_id)},
                      {"building_id", OptId(p.links.building_id)},
                      {"start_date", p.start_date},
                      {"end_date", p.end_date ? json::value(*p.end_date) : json::value(nullptr)}};
}

int KindOrder(domain::PostKind k) {
  const auto& all = domain::AllPostKinds();
  return static_cast<int>(std::find(all.begin(), all.end(), k) - all.begin());
}

// Views of posts with their holders, as `who` may see them.
Result<std::vector<PostView>> ViewPosts(storage::Tx& tx, const Env& env, const Principal& who,
                                        const std::vector<storage::PostRecord>& posts,
                                        SensitiveRead& read) {
  std::vector<std::int64_t> ids;
  for (const auto& p : posts) ids.push_back(p.person_id);
  LINLI_ASSIGN_OR_RETURN(auto people, storage::FindPeople(tx, ids));
  std::map<std::int64_t, PersonView> views;
  for (const auto& person : people) {
    LINLI_ASSIGN_OR_RETURN(auto v, ViewPerson(env, who, person, {}, read));
    views.emplace(person.id, std::move(v));
  }
  std::vector<PostView> out;
  for (const auto& p : posts) {
    auto it = views.find(p.person_id);
    if (it == views.end()) continue;
    out.push_back(PostView{p.id, p.kind, p.unit_id, it->second, p.links, p.start_date, p.end_date});
  }
  return out;
}

std::string TodayText(const Env& env) { return FormatDate(env.clock.Now()); }

// The refusal of a second holder of a single-holder post: names the holder (masked per viewer)
// and says where the post is listed and how to end it.
tl::unexpected<Error> TakenPost(const Principal& who, const storage::PostRecord& held,
                                const std::optional<storage::PersonRecord>& holder_record,
                                const domain::Unit& unit) {
  const std::string holder =
      holder_record ? VisibleName(who, *holder_record) : "person " + std::to_string(held.person_id);
  const std::string id = std::to_string(held.id);
  return MakeError(ErrorCode::kFailedPrecondition,
                   "someone else holds the post " +
                       std::string(domain::PostKindChinese(held.kind)) + " at " + unit.name +
                       " now: " + holder + ", since " + held.start_date + " (post " + id +
                       "). End that post first: it is listed by GET /api/v1/units/" +
                       std::to_string(unit.id) + "/posts and ended by DELETE /api/v1/posts/" + id,
                   "post");
}

// Current posts held at `unit`, ordered by kind then id, as `who` may see them; the sensitive
// data read is audited in a transaction of its own (the listing itself is a read).
Result<std::vector<PostView>> ListPostsAt(const Env& env, const Principal& who,
                                          std::int64_t unit_id, bool estate_only) {
  SensitiveRead read;
  std::string path;
  LINLI_ASSIGN_OR_RETURN(
      auto out, env.db.Read([&](storage::Tx& tx) -> Result<std::vector<PostView>> {
        LINLI_ASSIGN_OR_RETURN(auto unit,
                               estate_only ? LoadEstate(tx, unit_id) : LoadUnit(tx, unit_id));
        LINLI_TRY(Require(who, Permission::kReadStructure, unit.path,
                          estate_only ? "see this estate" : "see this unit"));
        path = unit.path;
        LINLI_ASSIGN_OR_RETURN(auto posts, storage::CurrentPostsAtUnit(tx, unit_id));
        std::stable_sort(posts.begin(), posts.end(), [](const auto& a, const auto& b) {
          return KindOrder(a.kind) < KindOrder(b.kind);
        });
        return ViewPosts(tx, env, who, posts, read);
      }));
  if (!read.empty())
    LINLI_TRY(env.db.Write([&](storage::Tx& tx) {
      return AuditSensitiveRead(
          tx, env, who, path, read,
          (estate_only ? "posts of estate " : "posts of unit ") + std::to_string(unit_id));
    }));
  return out;
}

}  // namespace

Result<PostView> PeopleService::CreatePost(const Principal& who, const PostInput& in) {
  if (!in.person_id) return InvalidArgument("person_id is required", "person_id");
  auto kind = domain::ParsePostKind(in.post);
  if (!kind) {
    std::string names;
    for (auto k : domain::AllPostKinds())
      names += (names.empty() ? "" : ", ") + std::string(domain::PostKindName(k));
    return InvalidArgument("post '" + in.post + "' is unknown; use one of " + names, "post");
  }
  if (!in.unit_id)
    return InvalidArgument("unit_id is required: the estate (or community) where the post is held",
                           "unit_id");
  LINLI_TRY(domain::CheckPostLinks(*kind, in.links));
  storage::PostRecord post;
  post.person_id = *in.person_id;
  post.kind = *kind;
  post.unit_id = *in.unit_id;
  post.links = in.links;
  LINLI_ASSIGN_OR_RETURN(
      const auto start,
      domain::ParseCivilDate(in.start_date ? *in.start_date : TodayText(env_), "start_date"));
  post.start_date = start.ToString();

  return env_.db.Write([&](storage::Tx& tx) -> Result<PostView> {
    auto unit = LoadUnit(tx, post.unit_id);
    if (!unit) return NotFound(unit.error().message, "unit_id");
    LINLI_TRY(Require(who, Permission::kManageOrganisation, unit->path, "appoint people to posts"));
    LINLI_ASSIGN_OR_RETURN(auto person, storage::FindPerson(tx, post.person_id));
    if (!person)
      return NotFound("person " + std::to_string(post.person_id) + " does not exist", "person_id");
    if (!domain::PathWithin(person->unit_path, unit->path) &&
        !domain::PathWithin(unit->path, person->unit_path))
      return InvalidArgument(
          "the person belongs to another area: register them in this estate or "
          "community first",
          "person_id");

    domain::PostPlace place;
    place.unit_kind = unit->kind;
    place.unit_id = unit->id;
    if (post.links.party_org_id) {
      LINLI_ASSIGN_OR_RETURN(auto org, storage::FindPartyOrg(tx, *post.links.party_org_id));
      if (!org)
        return NotFound(
            "party organisation " + std::to_string(*post.links.party_org_id) + " does not exist",
            "party_org_id");
      place.org_kind = org->kind;
      place.org_unit_id = org->unit_id;
    }
    std::optional<domain::Committee> committee;
    if (post.links.committee_id) {
      LINLI_ASSIGN_OR_RETURN(committee, storage::FindCommittee(tx, *post.links.committee_id));
      if (!committee)
        return NotFound("committee " + std::to_string(*post.links.committee_id) + " does not exist",
                        "committee_id");
      place.committee_estate_id = committee->estate_id;
    }
    if (post.links.building_id) {
      LINLI_ASSIGN_OR_RETURN(place.building_estate_id,
                             storage::BuildingEstate(tx, *post.links.building_id));
      if (!place.building_estate_id)
        return NotFound("building " + std::to_string(*post.links.building_id) + " does not exist",
                        "building_id");
    }
    LINLI_TRY(domain::CheckPostPlace(post.kind, post.links, place));
    if (committee) LINLI_TRY(domain::CheckCommitteePostStart(start, *committee));

    if (domain::ImpliesPartyMembership(post.kind)) {
      LINLI_ASSIGN_OR_RETURN(auto party, DecodePartyMembership(env_.cipher, person->party_enc));
      if (!party.member)
        return FailedPrecondition(
            "the post " + std::string(domain::PostKindChinese(post.kind)) +
                " is for party members, and this person is not recorded as one; "
                "set party_member on the person first",
            "person_id");
    }
    LINLI_ASSIGN_OR_RETURN(auto same,
                           storage::CurrentPostsLike(tx, post.kind, post.unit_id, post.links));
    for (const auto& s : same)
      if (s.person_id == post.person_id)
        return AlreadyExists("the person already holds this post", "post");
    if (domain::IsSingleHolderPost(post.kind) && !same.empty()) {
      LINLI_ASSIGN_OR_RETURN(auto holder, storage::FindPerson(tx, same.front().person_id));
      return TakenPost(who, same.front(), holder, *unit);
    }

    LINLI_ASSIGN_OR_RETURN(post.id, storage::InsertPost(tx, post, env_.clock.Now()));
    LINLI_TRY(RecordAudit(tx, env_, &who,
                          {"create", "post", post.id, unit->path, nullptr, PostAuditJson(post)}));
    SensitiveRead read;
    LINLI_ASSIGN_OR_RETURN(auto views, ViewPosts(tx, env_, who, {post}, read));
    LINLI_TRY(AuditSensitiveRead(tx, env_, who, unit->path, read, "create post"));
    if (views.empty()) return Internal("the new post's holder vanished");
    return std::move(views.front());
  });
}

Result<PostView> PeopleService::EndPost(const Principal& who, std::int64_t id) {
  return env_.db.Write([&](storage::Tx& tx) -> Result<PostView> {
    LINLI_ASSIGN_OR_RETURN(auto found, storage::FindPost(tx, id));
    if (!found) return NotFound("post " + std::to_string(id) + " does not exist");
    LINLI_ASSIGN_OR_RETURN(auto unit, LoadUnit(tx, found->unit_id));
    LINLI_TRY(Require(who, Permission::kManageOrganisation, unit.path, "end posts"));
    if (found->end_date)
      return FailedPrecondition("the post ended on " + *found->end_date + " already");
    storage::PostRecord post = *found;
    post.end_date = TodayText(env_);
    LINLI_TRY(storage::EndPost(tx, id, *post.end_date));
    LINLI_TRY(
        RecordAudit(tx, env_, &who,
                    {"end", "post", id, unit.path, PostAuditJson(*found), PostAuditJson(post)}));
    SensitiveRead read;
    LINLI_ASSIGN_OR_RETURN(auto views, ViewPosts(tx, env_, who, {post}, read));
    LINLI_TRY(AuditSensitiveRead(tx, env_, who, unit.path, read, "end post"));
    if (views.empty()) return Internal("the post's holder vanished");
    return std::move(views.front());
  });
}

Result<std::vector<PostView>> PeopleService::EstatePosts(const Principal& who,
                                                         std::int64_t estate_id) {
  return ListPostsAt(env_, who, estate_id, true);
}

Result<std::vector<PostView>> PeopleService::UnitPosts(const Principal& who, std::int64_t unit_id) {
  return ListPostsAt(env_, who, unit_id, false);
}

Result<CrossAppointmentsView> PeopleService::CrossAppointments(const Principal& who,
                                                               std::int64_t estate_id) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<CrossAppointmentsView> {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, estate_id));
    LINLI_TRY(Require(who, Permission::kReadStructure, estate.path, "see this estate"));
    LINLI_ASSIGN_OR_RETURN(auto here, storage::CurrentPostsAtUnit(tx, estate_id));
    std::vector<std::int64_t> ids;
    for (const auto& p : here) ids.push_back(p.person_id);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    // Their posts anywhere: "一肩挑" often spans the community and the estate.
    LINLI_ASSIGN_OR_RETURN(auto all, storage::CurrentPostsOfPeople(tx, ids));
    LINLI_ASSIGN_OR_RETURN(auto people, storage::FindPeople(tx, ids));

    std::vector<domain::Holding> holdings;
    for (const auto& p : all)
      holdings.push_back(domain::Holding{p.person_id, p.kind, p.unit_id == estate_id});
    // Membership is decoded only to count: the figures are aggregates and are not audited.
    std::set<std::int64_t> members;
    std::map<std::int64_t, const storage::PersonRecord*> by_id;
    for (const auto& person : people) {
      by_id[person.id] = &person;
      LINLI_ASSIGN_OR_RETURN(auto party, DecodePartyMembership(env_.cipher, person.party_enc));
      if (party.member) members.insert(person.id);
    }
    CrossAppointmentsView out;
    out.figures = domain::ComputeCrossAppointments(holdings, members);
    for (const auto& several : out.figures.people_with_several_posts) {
      auto it = by_id.find(several.person_id);
      if (it == by_id.end()) continue;
      out.people_with_several_posts.push_back(
          SeveralPostsView{several.person_id, VisibleName(who, *it->second), several.posts});
    }
    return out;
  });
}

}  // namespace linli::app
