#include "app/elections.hpp"

#include <algorithm>
#include <map>

#include <boost/json.hpp>

#include "app/audit.hpp"
#include "app/authz.hpp"
#include "app/units.hpp"
#include "app/vote_core.hpp"
#include "core/text.hpp"
#include "core/time_format.hpp"
#include "domain/org/household_import.hpp"
#include "storage/repos/appeals.hpp"
#include "storage/repos/votes.hpp"

namespace linli::app {
namespace json = boost::json;
using domain::Permission;
using storage::CandidateRecord;
using storage::ElectionRecord;
using storage::PrepMemberRecord;
using storage::VoteRecord;

namespace {

Result<ElectionRecord> LoadElection(storage::Tx& tx, std::int64_t id) {
  LINLI_ASSIGN_OR_RETURN(auto e, storage::FindElection(tx, id));
  if (!e) return NotFound("election " + std::to_string(id) + " does not exist", "id");
  return std::move(*e);
}

std::vector<domain::PrepMember> AsDomain(const std::vector<PrepMemberRecord>& list) {
  std::vector<domain::PrepMember> out;
  for (const auto& m : list) out.push_back({m.side, m.is_owner, m.is_leader});
  return out;
}

std::string StatusOf(const ElectionRecord& e, const VoteView& v) {
  if (v.vote.cancelled_at) return "cancelled";
  if (e.status != "announced") return e.status;
  return std::string(domain::VotePhaseName(v.phase));
}

Result<ElectionView> ViewOf(storage::Tx& tx, const Env& env, const Principal* who,
                            ElectionRecord e) {
  ElectionView out;
  LINLI_ASSIGN_OR_RETURN(auto v, votecore::LoadVote(tx, e.vote_id));
  LINLI_ASSIGN_OR_RETURN(out.vote, votecore::ViewOf(tx, env, who, std::move(v), true));
  const UnixSeconds now = env.clock.Now();
  out.locked = now >= out.vote.vote.opens_at;
  LINLI_ASSIGN_OR_RETURN(out.prep, storage::ListPrepMembers(tx, e.id));
  out.prep_check = domain::CheckPrepGroup(AsDomain(out.prep));
  LINLI_ASSIGN_OR_RETURN(auto candidates, storage::ListCandidates(tx, e.id));
  for (auto& c : candidates) {
    LINLI_ASSIGN_OR_RETURN(auto entries, storage::EntriesOfOwner(tx, e.vote_id, c.owner_id));
    out.candidates.push_back({std::move(c), !entries.empty()});
  }
  if (e.result_json) {
    boost::system::error_code ec;
    out.result = json::parse(*e.result_json, ec);
    if (ec) return Internal("stored result of election " + std::to_string(e.id) + " is unreadable");
  }
  if (e.elected_at) {
    LINLI_ASSIGN_OR_RETURN(auto cal, storage::LoadCalendar(tx));
    out.reminders = domain::ElectionReminders(*e.elected_at, e.term_years, e.first_meeting_at,
                                              e.filed_at, now, cal);
  }
  out.status = StatusOf(e, out.vote);
  out.election = std::move(e);
  return out;
}

// The election and its vote, with kManageVotes on the estate.
struct Managed {
  ElectionRecord election;
  VoteRecord vote;
};
Result<Managed> LoadManaged(storage::Tx& tx, const Principal& who, std::int64_t id,
                            std::string_view what) {
  LINLI_ASSIGN_OR_RETURN(auto e, LoadElection(tx, id));
  LINLI_ASSIGN_OR_RETURN(auto v, votecore::LoadVote(tx, e.vote_id));
  LINLI_TRY(Require(who, Permission::kManageVotes, v.estate_path, what));
  if (v.cancelled_at)
    return MakeError(ErrorCode::kFailedPrecondition, "the election was cancelled", "id");
  return Managed{std::move(e), std::move(v)};
}

Result<PrepMemberRecord> CheckPrepInput(const PrepMemberInput& in) {
  PrepMemberRecord m;
  m.name = std::string(Trim(in.name));
  if (!IsValidUtf8(m.name) || Utf8Length(m.name) < 2 || Utf8Length(m.name) > 50)
    return InvalidArgument("name must be the member's name, 2 to 50 characters", "name");
  const auto side = domain::ParsePrepSide(in.side);
  if (!side)
    return InvalidArgument(
        "side must be street, community_party, residents_committee, property_centre, police, "
        "owner, developer or other",
        "side");
  m.side = *side;
  m.organisation = std::string(Trim(in.organisation));
  if (!IsValidUtf8(m.organisation) || Utf8Length(m.organisation) > 100)
    return InvalidArgument("organisation must be at most 100 characters", "organisation");
  m.is_owner = in.is_owner || *side == domain::PrepSide::kOwner;
  m.is_leader = in.is_leader;
  m.owner_id = in.owner_id;
  return m;
}

json::value PrepAuditJson(const PrepMemberRecord& m) {
  return json::object{{"name", m.name},
                      {"side", std::string(domain::PrepSideName(m.side))},
                      {"organisation", m.organisation},
                      {"is_owner", m.is_owner},
                      {"is_leader", m.is_leader}};
}

json::value CandidateAuditJson(const CandidateRecord& c) {
  return json::object{{"owner_id", c.owner_id},
                      {"name", c.name},
                      {"nomination", std::string(domain::NominationName(c.nomination))},
                      {"nominated_by", c.nominated_by},
                      {"full_capacity", c.full_capacity},
                      {"no_property_interest", c.no_property_interest},
                      {"not_defaulter", c.not_defaulter}};
}

Status CheckOwnerOnEstate(storage::Tx& tx, std::int64_t owner_id, std::int64_t estate_id,
                          const char* field) {
  LINLI_ASSIGN_OR_RETURN(auto row,
                         tx.QueryOne("SELECT estate_id FROM owners WHERE id = ?", {owner_id}));
  if (!row || row->Int(0) != estate_id)
    return NotFound("owner " + std::to_string(owner_id) + " is not an owner of this estate", field);
  return {};
}

// Candidates may change only while the election is announced.
Status RequireBeforeVoting(const VoteRecord& v, UnixSeconds now) {
  if (now >= v.opens_at)
    return MakeError(ErrorCode::kFailedPrecondition,
                     "voting opened at " + FormatTime(v.opens_at) +
                         ": the candidate list was fixed then and can no longer change",
                     "id");
  return {};
}

Result<std::vector<domain::Mark>> ParseMarks(const ElectionBallotInput& in) {
  std::vector<domain::Mark> marks;
  for (size_t i = 0; i < in.marks.size(); ++i) {
    const auto choice = domain::ParseChoice(in.marks[i].choice);
    if (!choice)
      return InvalidArgument("choice must be agree, disagree or abstain",
                             "marks[" + std::to_string(i) + "].choice");
    marks.push_back({in.marks[i].candidate_id, *choice});
  }
  return marks;
}

std::vector<std::int64_t> CandidateIds(const std::vector<CandidateRecord>& list) {
  std::vector<std::int64_t> ids;
  for (const auto& c : list) ids.push_back(c.id);
  return ids;
}

// The stored result of an election (docs/ELECTIONS.md "Result").
json::object ResultJson(const ElectionRecord& e, const VoteRecord& v,
                        const domain::ElectionTallyResult& t,
                        const std::vector<CandidateRecord>& candidates, UnixSeconds at) {
  std::map<std::int64_t, const CandidateRecord*> by_id;
  for (const auto& c : candidates) by_id[c.id] = &c;
  json::object participation = votecore::ShareJson(t.participated);
  participation["met"] = t.participation_met;
  participation["area_met"] = t.participation_area_met;
  participation["heads_met"] = t.participation_heads_met;
  participation["threshold"] = "two_thirds";
  participation["threshold_label"] = "三分之二以上";
  json::array list;
  json::array elected;
  json::array tied;
  for (const auto& c : t.candidates) {
    const CandidateRecord* rec = by_id[c.candidate_id];
    json::object o{{"candidate_id", c.candidate_id},
                   {"owner_id", rec ? rec->owner_id : 0},
                   {"name", rec ? rec->name : ""},
                   {"nomination", rec ? std::string(domain::NominationName(rec->nomination)) : ""},
                   {"rank", c.rank},
                   {"agree", votecore::ShareJson(c.agree)},
                   {"disagree", votecore::ShareJson(c.disagree)},
                   {"abstain", votecore::ShareJson(c.abstain)},
                   {"area_met", c.area_met},
                   {"heads_met", c.heads_met},
                   {"qualified", c.qualified},
                   {"elected", c.elected},
                   {"tied", c.tied}};
    if (c.elected) elected.push_back(c.candidate_id);
    if (c.tied) tied.push_back(c.candidate_id);
    list.push_back(std::move(o));
  }
  return json::object{{"outcome", std::string(domain::ElectionOutcomeName(t.outcome))},
                      {"outcome_label", std::string(domain::ElectionOutcomeLabel(t.outcome))},
                      {"matter", v.matter},
                      {"matter_label", std::string(domain::MatterLabel(v.matter))},
                      {"seats", e.seats},
                      {"elected_count", t.elected},
                      {"seats_empty", t.seats_empty},
                      {"tie", t.outcome == domain::ElectionOutcome::kTie},
                      {"elected", std::move(elected)},
                      {"tied", std::move(tied)},
                      {"approval_threshold", "more_than_half"},
                      {"approval_threshold_label", "过半数（参与表决的专有面积和人数）"},
                      {"total", votecore::ShareJson(v.total)},
                      {"participation", std::move(participation)},
                      {"candidates", std::move(list)},
                      {"tallied_at", FormatTime(at)}};
}

}  // namespace

Result<ElectionView> ElectionService::Create(const Principal& who, const NewElection& in) {
  if (!in.seats)
    return InvalidArgument("seats (the committee's size: 5, 7, 9 or 11) is required", "seats");
  LINLI_TRY(domain::CheckCommitteeSeats(*in.seats));
  if (!in.term_years)
    return InvalidArgument("term_years (1 to 5, as the rules of procedure set it) is required",
                           "term_years");
  LINLI_TRY(domain::CheckTermYears(*in.term_years));
  NewVote nv;
  nv.estate_id = in.estate_id;
  nv.title = in.title;
  nv.description = in.description;
  nv.matter = domain::kElectionMatter;
  nv.opens_at = in.opens_at;
  nv.closes_at = in.closes_at;
  std::int64_t id = 0;
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto v,
                           votecore::AnnounceVote(tx, env_, who, nv, votecore::kKindElection));
    ElectionRecord e;
    e.estate_id = v.estate_id;
    e.vote_id = v.id;
    e.seats = *in.seats;
    e.term_years = *in.term_years;
    e.created_by = who.account_id;
    e.created_at = e.updated_at = env_.clock.Now();
    LINLI_ASSIGN_OR_RETURN(id, storage::InsertElection(tx, e));
    return RecordAudit(tx, env_, &who,
                       {"create", "election", id, v.estate_path, nullptr,
                        json::object{{"vote_id", v.id},
                                     {"title", v.title},
                                     {"seats", e.seats},
                                     {"term_years", e.term_years}}});
  }));
  return Get(who, id);
}

Result<ElectionView> ElectionService::Get(const Principal& who, std::int64_t id) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<ElectionView> {
    LINLI_ASSIGN_OR_RETURN(auto e, LoadElection(tx, id));
    LINLI_ASSIGN_OR_RETURN(auto v, votecore::LoadVote(tx, e.vote_id));
    LINLI_TRY(votecore::RequireReader(tx, who, v));
    return ViewOf(tx, env_, &who, std::move(e));
  });
}

Result<std::vector<ElectionView>> ElectionService::List(const Principal& who,
                                                        std::int64_t estate_id) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<std::vector<ElectionView>> {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, estate_id));
    if (!Allows(who, Permission::kReadStructure, estate.path) &&
        !votecore::IsStaff(who, estate.path))
      return MakeError(ErrorCode::kPermissionDenied,
                       "only the estate's residents and staff may list its elections");
    LINLI_ASSIGN_OR_RETURN(auto list, storage::ListElections(tx, estate.id));
    std::vector<ElectionView> out;
    for (auto& e : list) {
      LINLI_ASSIGN_OR_RETURN(auto view, ViewOf(tx, env_, &who, std::move(e)));
      out.push_back(std::move(view));
    }
    return out;
  });
}

Result<std::vector<ElectionView>> ElectionService::Mine(const Principal& who) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<std::vector<ElectionView>> {
    LINLI_ASSIGN_OR_RETURN(auto owners, votecore::OwnersOfCaller(tx, who));
    LINLI_ASSIGN_OR_RETURN(auto votes, storage::ListVotesOfOwners(tx, owners));
    std::vector<ElectionView> out;
    for (const auto& v : votes) {
      if (v.kind != votecore::kKindElection) continue;
      LINLI_ASSIGN_OR_RETURN(auto e, storage::FindElectionOfVote(tx, v.id));
      if (!e) continue;
      LINLI_ASSIGN_OR_RETURN(auto view, ViewOf(tx, env_, &who, std::move(*e)));
      out.push_back(std::move(view));
    }
    return out;
  });
}

// ---- The preparatory group ------------------------------------------------------------------

Result<ElectionView> ElectionService::AddPrepMember(const Principal& who, std::int64_t id,
                                                    const PrepMemberInput& in) {
  LINLI_ASSIGN_OR_RETURN(auto m, CheckPrepInput(in));
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto x, LoadManaged(tx, who, id, "form the preparatory group"));
    if (x.election.status != "announced")
      return MakeError(ErrorCode::kFailedPrecondition,
                       "the election is closed; its preparatory group can no longer change", "id");
    if (m.owner_id) LINLI_TRY(CheckOwnerOnEstate(tx, *m.owner_id, x.vote.estate_id, "owner_id"));
    m.election_id = id;
    m.created_at = env_.clock.Now();
    LINLI_ASSIGN_OR_RETURN(m.id, storage::InsertPrepMember(tx, m));
    return RecordAudit(
        tx, env_, &who,
        {"create", "election_prep_member", m.id, x.vote.estate_path, nullptr, PrepAuditJson(m)});
  }));
  return Get(who, id);
}

Result<ElectionView> ElectionService::UpdatePrepMember(const Principal& who, std::int64_t id,
                                                       std::int64_t member_id,
                                                       const PrepMemberInput& in) {
  LINLI_ASSIGN_OR_RETURN(auto m, CheckPrepInput(in));
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto x, LoadManaged(tx, who, id, "change the preparatory group"));
    if (x.election.status != "announced")
      return MakeError(ErrorCode::kFailedPrecondition,
                       "the election is closed; its preparatory group can no longer change", "id");
    LINLI_ASSIGN_OR_RETURN(auto before, storage::FindPrepMember(tx, member_id));
    if (!before || before->election_id != id)
      return NotFound(
          "member " + std::to_string(member_id) + " is not in this election's preparatory group",
          "member_id");
    if (m.owner_id) LINLI_TRY(CheckOwnerOnEstate(tx, *m.owner_id, x.vote.estate_id, "owner_id"));
    m.id = member_id;
    m.election_id = id;
    m.created_at = before->created_at;
    LINLI_TRY(storage::UpdatePrepMember(tx, m));
    return RecordAudit(tx, env_, &who,
                       {"update", "election_prep_member", m.id, x.vote.estate_path,
                        PrepAuditJson(*before), PrepAuditJson(m)});
  }));
  return Get(who, id);
}

Result<ElectionView> ElectionService::RemovePrepMember(const Principal& who, std::int64_t id,
                                                       std::int64_t member_id) {
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto x, LoadManaged(tx, who, id, "change the preparatory group"));
    if (x.election.status != "announced")
      return MakeError(ErrorCode::kFailedPrecondition,
                       "the election is closed; its preparatory group can no longer change", "id");
    LINLI_ASSIGN_OR_RETURN(auto before, storage::FindPrepMember(tx, member_id));
    if (!before || before->election_id != id)
      return NotFound(
          "member " + std::to_string(member_id) + " is not in this election's preparatory group",
          "member_id");
    LINLI_TRY(storage::DeletePrepMember(tx, member_id));
    return RecordAudit(tx, env_, &who,
                       {"delete", "election_prep_member", member_id, x.vote.estate_path,
                        PrepAuditJson(*before), nullptr});
  }));
  return Get(who, id);
}

// ---- Candidates -----------------------------------------------------------------------------

namespace {

// Validates the nomination and the checks into `c`.
Status ApplyCandidateInput(const CandidateInput& in, CandidateRecord& c) {
  const auto nomination = domain::ParseNomination(in.nomination);
  if (!nomination)
    return InvalidArgument(
        "nomination must be party_organisation, residents_committee, self or joint_owners",
        "nomination");
  c.nomination = *nomination;
  c.nominated_by = std::string(Trim(in.nominated_by));
  c.statement = std::string(Trim(in.statement));
  if (!IsValidUtf8(c.nominated_by) || Utf8Length(c.nominated_by) > 200)
    return InvalidArgument("nominated_by must be at most 200 characters", "nominated_by");
  if (c.nomination == domain::Nomination::kJointOwners && Utf8Length(c.nominated_by) < 2)
    return InvalidArgument("a joint nomination names the owners who signed it (nominated_by)",
                           "nominated_by");
  if (!IsValidUtf8(c.statement) || Utf8Length(c.statement) > 1000)
    return InvalidArgument("statement must be at most 1000 characters", "statement");
  for (auto [flag, name] : {std::pair{&in.full_capacity, "full_capacity"},
                            std::pair{&in.no_property_interest, "no_property_interest"},
                            std::pair{&in.not_defaulter, "not_defaulter"}})
    if (!flag->has_value())
      return InvalidArgument(
          std::string(name) + " (true or false) is required: record the eligibility check", name);
  c.full_capacity = *in.full_capacity;
  c.no_property_interest = *in.no_property_interest;
  c.not_defaulter = *in.not_defaulter;
  return {};
}

}  // namespace

Result<ElectionView> ElectionService::AddCandidate(const Principal& who, std::int64_t id,
                                                   const CandidateInput& in) {
  if (!in.owner_id)
    return InvalidArgument("owner_id (the owner who stands) is required", "owner_id");
  CandidateRecord c;
  LINLI_TRY(ApplyCandidateInput(in, c));
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto x, LoadManaged(tx, who, id, "set the candidate list"));
    const UnixSeconds now = env_.clock.Now();
    LINLI_TRY(RequireBeforeVoting(x.vote, now));
    LINLI_ASSIGN_OR_RETURN(auto prep, storage::ListPrepMembers(tx, id));
    const auto check = domain::CheckPrepGroup(AsDomain(prep));
    if (!check.ok)
      return MakeError(ErrorCode::kFailedPrecondition,
                       "the preparatory group publishes the candidate list, and it is not yet "
                       "composed as the rules require: " +
                           (check.problems.empty() ? std::string() : check.problems.front()),
                       "prep_group");
    LINLI_ASSIGN_OR_RETURN(auto entries, storage::EntriesOfOwner(tx, x.vote.id, *in.owner_id));
    LINLI_TRY(domain::CheckEligibility(
        {!entries.empty(), c.full_capacity, c.no_property_interest, c.not_defaulter}));
    LINLI_ASSIGN_OR_RETURN(auto name,
                           tx.QueryOne("SELECT name FROM owners WHERE id = ?", {*in.owner_id}));
    c.election_id = id;
    c.owner_id = *in.owner_id;
    c.name = name ? name->Text(0) : "";
    c.created_at = c.updated_at = now;
    LINLI_ASSIGN_OR_RETURN(c.id, storage::InsertCandidate(tx, c));
    return RecordAudit(
        tx, env_, &who,
        {"create", "election_candidate", c.id, x.vote.estate_path, nullptr, CandidateAuditJson(c)});
  }));
  return Get(who, id);
}

Result<ElectionView> ElectionService::UpdateCandidate(const Principal& who, std::int64_t id,
                                                      std::int64_t candidate_id,
                                                      const CandidateInput& in) {
  CandidateRecord c;
  LINLI_TRY(ApplyCandidateInput(in, c));
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto x, LoadManaged(tx, who, id, "change the candidate list"));
    const UnixSeconds now = env_.clock.Now();
    LINLI_TRY(RequireBeforeVoting(x.vote, now));
    LINLI_ASSIGN_OR_RETURN(auto before, storage::FindCandidate(tx, candidate_id));
    if (!before || before->election_id != id)
      return NotFound(
          "candidate " + std::to_string(candidate_id) + " does not stand in this election",
          "candidate_id");
    if (in.owner_id && *in.owner_id != before->owner_id)
      return InvalidArgument(
          "a candidate's owner cannot change; remove the candidate and add the other owner",
          "owner_id");
    LINLI_ASSIGN_OR_RETURN(auto entries, storage::EntriesOfOwner(tx, x.vote.id, before->owner_id));
    LINLI_TRY(domain::CheckEligibility(
        {!entries.empty(), c.full_capacity, c.no_property_interest, c.not_defaulter}));
    c.id = candidate_id;
    c.election_id = id;
    c.owner_id = before->owner_id;
    c.name = before->name;
    c.created_at = before->created_at;
    c.updated_at = now;
    LINLI_TRY(storage::UpdateCandidate(tx, c));
    return RecordAudit(tx, env_, &who,
                       {"update", "election_candidate", c.id, x.vote.estate_path,
                        CandidateAuditJson(*before), CandidateAuditJson(c)});
  }));
  return Get(who, id);
}

Result<ElectionView> ElectionService::RemoveCandidate(const Principal& who, std::int64_t id,
                                                      std::int64_t candidate_id) {
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto x, LoadManaged(tx, who, id, "change the candidate list"));
    LINLI_TRY(RequireBeforeVoting(x.vote, env_.clock.Now()));
    LINLI_ASSIGN_OR_RETURN(auto before, storage::FindCandidate(tx, candidate_id));
    if (!before || before->election_id != id)
      return NotFound(
          "candidate " + std::to_string(candidate_id) + " does not stand in this election",
          "candidate_id");
    LINLI_TRY(storage::DeleteCandidate(tx, candidate_id));
    return RecordAudit(tx, env_, &who,
                       {"delete", "election_candidate", candidate_id, x.vote.estate_path,
                        CandidateAuditJson(*before), nullptr});
  }));
  return Get(who, id);
}

// ---- Ballots --------------------------------------------------------------------------------

Result<ElectionBallotView> ElectionService::Cast(const Principal& who, std::int64_t id,
                                                 const ElectionBallotInput& in) {
  LINLI_ASSIGN_OR_RETURN(auto marks, ParseMarks(in));
  // Checked first against the candidate list (fixed once voting opens) for a clear answer.
  std::int64_t vote_id = 0;
  LINLI_TRY(env_.db.Read([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto e, LoadElection(tx, id));
    vote_id = e.vote_id;
    LINLI_ASSIGN_OR_RETURN(auto candidates, storage::ListCandidates(tx, id));
    return domain::CheckElectionBallot(marks, e.seats, CandidateIds(candidates));
  }));
  auto extra = [&](storage::Tx& tx, const VoteRecord&,
                   const storage::BallotRecord& b) -> Result<json::value> {
    LINLI_ASSIGN_OR_RETURN(auto e, LoadElection(tx, id));
    LINLI_ASSIGN_OR_RETURN(auto candidates, storage::ListCandidates(tx, id));
    LINLI_TRY(domain::CheckElectionBallot(marks, e.seats, CandidateIds(candidates)));
    LINLI_TRY(storage::InsertMarks(tx, b.id, marks));
    json::array out;
    for (const auto& m : marks)
      out.push_back(json::object{{"candidate_id", m.candidate_id},
                                 {"choice", std::string(domain::ChoiceName(m.choice))}});
    return json::value(std::move(out));
  };
  LINLI_ASSIGN_OR_RETURN(
      auto ballot, votecore::CastBallot(env_, who, vote_id, in.ballot, domain::Choice::kAbstain,
                                        votecore::kKindElection, extra));
  std::sort(marks.begin(), marks.end(), [](const domain::Mark& a, const domain::Mark& b) {
    return a.candidate_id < b.candidate_id;
  });
  return ElectionBallotView{std::move(ballot), std::move(marks)};
}

Result<std::vector<ElectionBallotView>> ElectionService::Ballots(const Principal& who,
                                                                 std::int64_t id) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<std::vector<ElectionBallotView>> {
    LINLI_ASSIGN_OR_RETURN(auto e, LoadElection(tx, id));
    LINLI_ASSIGN_OR_RETURN(auto v, votecore::LoadVote(tx, e.vote_id));
    if (!votecore::IsStaff(who, v.estate_path))
      return MakeError(ErrorCode::kPermissionDenied,
                       "only those who run the election or enter ballots may see the ballots");
    LINLI_ASSIGN_OR_RETURN(auto ballots, storage::ListBallots(tx, v.id));
    LINLI_ASSIGN_OR_RETURN(auto marks, storage::ListMarks(tx, v.id));
    std::map<std::int64_t, std::vector<domain::Mark>> by_ballot;
    for (auto& [ballot_id, m] : marks) by_ballot[ballot_id].push_back(m);
    std::vector<ElectionBallotView> out;
    for (auto& b : ballots) {
      auto m = std::move(by_ballot[b.id]);
      out.push_back({std::move(b), std::move(m)});
    }
    return out;
  });
}

// ---- Result ---------------------------------------------------------------------------------

Result<ElectionView> ElectionService::Close(const Principal& who, std::int64_t id) {
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto x, LoadManaged(tx, who, id, "close this election"));
    const UnixSeconds now = env_.clock.Now();
    if (x.vote.closed_at)
      return MakeError(ErrorCode::kFailedPrecondition,
                       "the election was closed at " + FormatTime(*x.vote.closed_at), "id");
    if (now < x.vote.opens_at)
      return MakeError(ErrorCode::kFailedPrecondition,
                       "voting has not opened yet (it opens at " + FormatTime(x.vote.opens_at) +
                           "); cancel the election instead",
                       "id");
    LINLI_ASSIGN_OR_RETURN(auto sums, storage::SumBallots(tx, x.vote.id));
    LINLI_ASSIGN_OR_RETURN(auto marks, storage::SumMarks(tx, id));
    LINLI_ASSIGN_OR_RETURN(auto candidates, storage::ListCandidates(tx, id));
    const auto tally = domain::TallyElection(
        {x.vote.total, sums.agree + sums.disagree + sums.abstain, x.election.seats, marks});
    const auto result = ResultJson(x.election, x.vote, tally, candidates, now);
    const std::string text = json::serialize(result);
    // Legally elected when voting ended (the tally only counts what was cast by then).
    std::optional<std::int64_t> elected_at;
    if (tally.elected > 0) elected_at = domain::VotingEnded(x.vote.closes_at, now);
    LINLI_TRY(storage::MarkVoteClosed(tx, x.vote.id, now, text));
    LINLI_TRY(storage::MarkElectionClosed(tx, id, now, elected_at, text));
    return RecordAudit(tx, env_, &who,
                       {"close", "election", id, x.vote.estate_path, nullptr, json::value(result)});
  }));
  return Get(who, id);
}

Result<ElectionView> ElectionService::Publish(const Principal& who, std::int64_t id) {
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto x, LoadManaged(tx, who, id, "publish this election's result"));
    if (!x.vote.closed_at)
      return MakeError(ErrorCode::kFailedPrecondition,
                       "close the election first: the published result is the tally taken at "
                       "closing",
                       "id");
    if (x.vote.published_at)
      return MakeError(ErrorCode::kFailedPrecondition,
                       "already published at " + FormatTime(*x.vote.published_at), "id");
    const UnixSeconds now = env_.clock.Now();
    LINLI_TRY(storage::MarkVotePublished(tx, x.vote.id, now));
    LINLI_TRY(storage::MarkElectionPublished(tx, id, now));
    return RecordAudit(tx, env_, &who,
                       {"publish", "election", id, x.vote.estate_path, nullptr,
                        json::object{{"published_at", FormatTime(now)}}});
  }));
  return Get(who, id);
}

namespace {

// An optional RFC 3339 time: empty clears; otherwise after the election and not in the future.
Result<std::optional<UnixSeconds>> ParseRecordedTime(const std::string& text, const char* field,
                                                     UnixSeconds elected_at, UnixSeconds now) {
  if (Trim(text).empty()) return std::optional<UnixSeconds>();
  const auto t = ParseTime(Trim(text));
  if (!t)
    return InvalidArgument(
        std::string(field) + " must be an RFC 3339 time such as 2027-01-02T19:00:00+08:00", field);
  if (*t < elected_at)
    return InvalidArgument(std::string(field) + " is before the committee was elected (" +
                               FormatTime(elected_at) + ")",
                           field);
  if (*t > now)
    return InvalidArgument(std::string(field) + " is in the future; record it once it happened",
                           field);
  return std::optional<UnixSeconds>(*t);
}

}  // namespace

Result<ElectionView> ElectionService::RecordFirstMeeting(const Principal& who, std::int64_t id,
                                                         const std::string& held_at) {
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto x,
                           LoadManaged(tx, who, id, "record the committee's first meeting"));
    if (!x.election.elected_at)
      return MakeError(ErrorCode::kFailedPrecondition,
                       "nobody has been elected in this election yet", "id");
    const UnixSeconds now = env_.clock.Now();
    LINLI_ASSIGN_OR_RETURN(auto at,
                           ParseRecordedTime(held_at, "held_at", *x.election.elected_at, now));
    LINLI_TRY(storage::SetFirstMeeting(tx, id, at, now));
    return RecordAudit(tx, env_, &who,
                       {"first_meeting", "election", id, x.vote.estate_path,
                        json::object{{"first_meeting_at",
                                      x.election.first_meeting_at
                                          ? json::value(FormatTime(*x.election.first_meeting_at))
                                          : json::value(nullptr)}},
                        json::object{{"first_meeting_at",
                                      at ? json::value(FormatTime(*at)) : json::value(nullptr)}}});
  }));
  return Get(who, id);
}

Result<ElectionView> ElectionService::RecordFiling(const Principal& who, std::int64_t id,
                                                   const std::string& filed_at,
                                                   const std::string& reference) {
  const std::string ref(Trim(reference));
  if (!IsValidUtf8(ref) || Utf8Length(ref) > 100)
    return InvalidArgument("reference must be at most 100 characters", "reference");
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto x, LoadManaged(tx, who, id, "record the committee's filing"));
    if (!x.election.elected_at)
      return MakeError(ErrorCode::kFailedPrecondition,
                       "nobody has been elected in this election yet", "id");
    const UnixSeconds now = env_.clock.Now();
    LINLI_ASSIGN_OR_RETURN(auto at,
                           ParseRecordedTime(filed_at, "filed_at", *x.election.elected_at, now));
    LINLI_TRY(storage::SetFiling(tx, id, at, ref, now));
    return RecordAudit(
        tx, env_, &who,
        {"filing", "election", id, x.vote.estate_path,
         json::object{
             {"filed_at", x.election.filed_at ? json::value(FormatTime(*x.election.filed_at))
                                              : json::value(nullptr)},
             {"reference", x.election.filing_ref}},
         json::object{{"filed_at", at ? json::value(FormatTime(*at)) : json::value(nullptr)},
                      {"reference", ref}}});
  }));
  return Get(who, id);
}

}  // namespace linli::app
