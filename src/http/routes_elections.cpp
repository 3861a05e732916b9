// The owners' committee election (业委会选举): announcing it (its vote and roll), the
// preparatory group with its composition check, candidates with nomination and eligibility, the
// multi-seat ballot, closing, the result with who is elected and the reminders that follow,
// publication, and the first meeting and filing (docs/openapi-parts/elections.json; the rules
// and the flow are in docs/ELECTIONS.md). The roll and its objections are the vote's routes.
#include <algorithm>

#include "app/elections.hpp"
#include "core/time_format.hpp"
#include "domain/org/household_import.hpp"
#include "http/api.hpp"
#include "http/json_util.hpp"
#include "http/votes_json.hpp"

namespace linli::http {
namespace {

json::value TimeJson(std::optional<UnixSeconds> t) {
  return t ? json::value(FormatTime(*t)) : json::value(nullptr);
}

json::object PrepJson(const storage::PrepMemberRecord& m) {
  return json::object{{"id", m.id},
                      {"name", m.name},
                      {"side", std::string(domain::PrepSideName(m.side))},
                      {"side_label", std::string(domain::PrepSideLabel(m.side))},
                      {"organisation", m.organisation},
                      {"is_owner", m.is_owner},
                      {"is_leader", m.is_leader},
                      {"owner_id", OptJson(m.owner_id)}};
}

json::object CandidateJson(const app::CandidateView& v) {
  const auto& c = v.candidate;
  const bool eligible = v.on_roll && c.full_capacity && c.no_property_interest && c.not_defaulter;
  return json::object{{"id", c.id},
                      {"owner_id", c.owner_id},
                      {"name", c.name},
                      {"nomination", std::string(domain::NominationName(c.nomination))},
                      {"nomination_label", std::string(domain::NominationLabel(c.nomination))},
                      {"nominated_by", c.nominated_by},
                      {"statement", c.statement},
                      {"eligibility", json::object{{"on_roll", v.on_roll},
                                                   {"full_capacity", c.full_capacity},
                                                   {"no_property_interest", c.no_property_interest},
                                                   {"not_defaulter", c.not_defaulter}}},
                      {"eligible", eligible}};
}

json::object ElectionJson(const app::ElectionView& v) {
  const auto& e = v.election;
  json::array prep;
  for (const auto& m : v.prep) prep.push_back(PrepJson(m));
  json::array problems;
  for (const auto& p : v.prep_check.problems) problems.push_back(json::value(p));
  json::array candidates;
  for (const auto& c : v.candidates) candidates.push_back(CandidateJson(c));
  json::array reminders;
  for (const auto& r : v.reminders)
    reminders.push_back(json::object{{"kind", std::string(domain::ReminderKindName(r.kind))},
                                     {"label", std::string(domain::ReminderKindLabel(r.kind))},
                                     {"due", FormatTime(r.due)},
                                     {"done_at", TimeJson(r.done_at)},
                                     {"warn_from", TimeJson(r.warn_from)},
                                     {"late", r.late},
                                     {"warning", r.warning}});
  return json::object{
      {"id", e.id},
      {"estate_id", e.estate_id},
      {"vote_id", e.vote_id},
      {"title", v.vote.vote.title},
      {"seats", e.seats},
      {"term_years", e.term_years},
      {"status", v.status},
      {"locked", v.locked},
      {"vote", VoteJson(v.vote)},
      {"prep_group", std::move(prep)},
      {"prep_check", json::object{{"members", v.prep_check.members},
                                  {"owners", v.prep_check.owners},
                                  {"odd", v.prep_check.odd},
                                  {"owners_half", v.prep_check.owners_half},
                                  {"led_by_street", v.prep_check.led_by_street},
                                  {"has_community_party", v.prep_check.has_community_party},
                                  {"ok", v.prep_check.ok},
                                  {"problems", std::move(problems)}}},
      {"candidates", std::move(candidates)},
      {"result", v.result},
      {"elected_at", TimeJson(e.elected_at)},
      {"first_meeting_at", TimeJson(e.first_meeting_at)},
      {"filed_at", TimeJson(e.filed_at)},
      {"filing_ref", e.filing_ref},
      {"reminders", std::move(reminders)},
      {"created_at", FormatTime(e.created_at)}};
}

json::object ElectionList(const std::vector<app::ElectionView>& list) {
  json::array items;
  for (const auto& e : list) items.push_back(ElectionJson(e));
  return json::object{{"items", std::move(items)}};
}

json::object ElectionBallotJson(const app::ElectionBallotView& b) {
  json::object o = BallotJson(b.ballot);
  o.erase("choice");
  o.erase("choice_label");
  json::array marks;
  for (const auto& m : b.marks)
    marks.push_back(json::object{{"candidate_id", m.candidate_id},
                                 {"choice", std::string(domain::ChoiceName(m.choice))}});
  o["marks"] = std::move(marks);
  return o;
}

Result<app::NewElection> ParseNewElection(const json::object& body) {
  app::NewElection in;
  LINLI_ASSIGN_OR_RETURN(in.title, RequiredString(body, "title"));
  LINLI_ASSIGN_OR_RETURN(auto description, OptionalString(body, "description"));
  in.description = description.value_or("");
  LINLI_ASSIGN_OR_RETURN(auto seats, OptionalInt(body, "seats"));
  if (seats) in.seats = static_cast<int>(std::clamp<std::int64_t>(*seats, -1, 1000));
  LINLI_ASSIGN_OR_RETURN(auto term, OptionalInt(body, "term_years"));
  if (term) in.term_years = static_cast<int>(std::clamp<std::int64_t>(*term, -1, 1000));
  LINLI_ASSIGN_OR_RETURN(in.opens_at, RequiredString(body, "opens_at"));
  LINLI_ASSIGN_OR_RETURN(in.closes_at, RequiredString(body, "closes_at"));
  return in;
}

Result<app::PrepMemberInput> ParsePrep(const json::object& body) {
  app::PrepMemberInput in;
  LINLI_ASSIGN_OR_RETURN(in.name, RequiredString(body, "name"));
  LINLI_ASSIGN_OR_RETURN(in.side, RequiredString(body, "side"));
  LINLI_ASSIGN_OR_RETURN(auto org, OptionalString(body, "organisation"));
  in.organisation = org.value_or("");
  LINLI_ASSIGN_OR_RETURN(auto owner, OptionalBool(body, "is_owner"));
  in.is_owner = owner.value_or(false);
  LINLI_ASSIGN_OR_RETURN(auto leader, OptionalBool(body, "is_leader"));
  in.is_leader = leader.value_or(false);
  LINLI_ASSIGN_OR_RETURN(in.owner_id, OptionalInt(body, "owner_id"));
  return in;
}

Result<app::CandidateInput> ParseCandidate(const json::object& body) {
  app::CandidateInput in;
  LINLI_ASSIGN_OR_RETURN(in.owner_id, OptionalInt(body, "owner_id"));
  LINLI_ASSIGN_OR_RETURN(in.nomination, RequiredString(body, "nomination"));
  LINLI_ASSIGN_OR_RETURN(auto by, OptionalString(body, "nominated_by"));
  in.nominated_by = by.value_or("");
  LINLI_ASSIGN_OR_RETURN(auto statement, OptionalString(body, "statement"));
  in.statement = statement.value_or("");
  LINLI_ASSIGN_OR_RETURN(in.full_capacity, OptionalBool(body, "full_capacity"));
  LINLI_ASSIGN_OR_RETURN(in.no_property_interest, OptionalBool(body, "no_property_interest"));
  LINLI_ASSIGN_OR_RETURN(in.not_defaulter, OptionalBool(body, "not_defaulter"));
  return in;
}

Result<app::ElectionBallotInput> ParseElectionBallot(const json::object& body) {
  app::ElectionBallotInput in;
  LINLI_ASSIGN_OR_RETURN(in.ballot.owner_id, OptionalInt(body, "owner_id"));
  LINLI_ASSIGN_OR_RETURN(in.ballot.household_id, OptionalInt(body, "household_id"));
  LINLI_ASSIGN_OR_RETURN(in.ballot.channel, RequiredString(body, "channel"));
  for (auto [key, dst] :
       {std::pair{"evidence", &in.ballot.evidence}, std::pair{"proxy_name", &in.ballot.proxy_name},
        std::pair{"proxy_phone", &in.ballot.proxy_phone},
        std::pair{"guardian_name", &in.ballot.guardian_name}}) {
    LINLI_ASSIGN_OR_RETURN(auto v, OptionalString(body, key));
    *dst = v.value_or("");
  }
  auto it = body.find("marks");
  if (it == body.end() || !it->value().is_array())
    return InvalidArgument(
        "marks must be an array of {\"candidate_id\", \"choice\": \"agree|disagree|abstain\"}",
        "marks");
  const auto& arr = it->value().as_array();
  for (size_t i = 0; i < arr.size(); ++i) {
    const std::string field = "marks[" + std::to_string(i) + "]";
    if (!arr[i].is_object())
      return InvalidArgument(field + " must be an object {\"candidate_id\", \"choice\"}", field);
    const auto& o = arr[i].as_object();
    const auto* id = o.if_contains("candidate_id");
    if (!id || !id->is_int64())
      return InvalidArgument(field + ".candidate_id must be an integer id",
                             field + ".candidate_id");
    const auto* choice = o.if_contains("choice");
    if (!choice || !choice->is_string())
      return InvalidArgument(field + ".choice must be agree, disagree or abstain",
                             field + ".choice");
    in.marks.push_back({id->as_int64(), std::string(choice->as_string())});
  }
  return in;
}

Result<std::pair<std::string, std::string>> TwoFields(const Request& req, const char* a,
                                                      const char* b) {
  if (req.body.empty()) return std::pair<std::string, std::string>();
  LINLI_ASSIGN_OR_RETURN(auto body, ParseObject(req));
  LINLI_ASSIGN_OR_RETURN(auto x, OptionalString(body, a));
  LINLI_ASSIGN_OR_RETURN(auto y, OptionalString(body, b));
  return std::pair{x.value_or(""), y.value_or("")};
}

}  // namespace

void RegisterElectionRoutes(Router& r, Api& api) {
  auto svc = [&api] { return app::ElectionService(api.env); };

  r.Add("GET", "/api/v1/estates/{id}/elections",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(svc().List(who, *id), ElectionList);
        }));
  r.Add("POST", "/api/v1/estates/{id}/elections",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto in = ParseNewElection(*body);
          if (!in) return ErrorOf(in.error());
          in->estate_id = *id;
          return Reply(svc().Create(who, *in), ElectionJson, 201);
        }));
  r.Add("GET", "/api/v1/elections/{id}",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(svc().Get(who, *id), ElectionJson);
        }));
  r.Add("GET", "/api/v1/me/elections", Authed(api, [svc](Request&, const app::Principal& who) {
          return Reply(svc().Mine(who), ElectionList);
        }));

  r.Add("POST", "/api/v1/elections/{id}/prep-members",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto in = ParsePrep(*body);
          if (!in) return ErrorOf(in.error());
          return Reply(svc().AddPrepMember(who, *id, *in), ElectionJson, 201);
        }));
  r.Add("PUT", "/api/v1/elections/{id}/prep-members/{member_id}",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto member = PathId(req, "member_id");
          if (!member) return ErrorOf(member.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto in = ParsePrep(*body);
          if (!in) return ErrorOf(in.error());
          return Reply(svc().UpdatePrepMember(who, *id, *member, *in), ElectionJson);
        }));
  r.Add("DELETE", "/api/v1/elections/{id}/prep-members/{member_id}",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto member = PathId(req, "member_id");
          if (!member) return ErrorOf(member.error());
          return Reply(svc().RemovePrepMember(who, *id, *member), ElectionJson);
        }));

  r.Add("POST", "/api/v1/elections/{id}/candidates",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto in = ParseCandidate(*body);
          if (!in) return ErrorOf(in.error());
          return Reply(svc().AddCandidate(who, *id, *in), ElectionJson, 201);
        }));
  r.Add("PUT", "/api/v1/elections/{id}/candidates/{candidate_id}",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto cand = PathId(req, "candidate_id");
          if (!cand) return ErrorOf(cand.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto in = ParseCandidate(*body);
          if (!in) return ErrorOf(in.error());
          return Reply(svc().UpdateCandidate(who, *id, *cand, *in), ElectionJson);
        }));
  r.Add("DELETE", "/api/v1/elections/{id}/candidates/{candidate_id}",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto cand = PathId(req, "candidate_id");
          if (!cand) return ErrorOf(cand.error());
          return Reply(svc().RemoveCandidate(who, *id, *cand), ElectionJson);
        }));

  r.Add("POST", "/api/v1/elections/{id}/ballots",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto in = ParseElectionBallot(*body);
          if (!in) return ErrorOf(in.error());
          return Reply(svc().Cast(who, *id, *in), ElectionBallotJson, 201);
        }));
  r.Add("GET", "/api/v1/elections/{id}/ballots",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(svc().Ballots(who, *id), [](const std::vector<app::ElectionBallotView>& l) {
            json::array items;
            for (const auto& b : l) items.push_back(ElectionBallotJson(b));
            return json::object{{"items", std::move(items)}};
          });
        }));
  r.Add("POST", "/api/v1/elections/{id}/close",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(svc().Close(who, *id), ElectionJson);
        }));
  r.Add("POST", "/api/v1/elections/{id}/publish",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(svc().Publish(who, *id), ElectionJson);
        }));
  r.Add("PUT", "/api/v1/elections/{id}/first-meeting",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto f = TwoFields(req, "held_at", "held_at");
          if (!f) return ErrorOf(f.error());
          return Reply(svc().RecordFirstMeeting(who, *id, f->first), ElectionJson);
        }));
  r.Add("PUT", "/api/v1/elections/{id}/filing",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto f = TwoFields(req, "filed_at", "reference");
          if (!f) return ErrorOf(f.error());
          return Reply(svc().RecordFiling(who, *id, f->first, f->second), ElectionJson);
        }));
}

}  // namespace linli::http
