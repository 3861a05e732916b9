// The elections repository on every backend: an election owning its vote, the preparatory
// group, candidates (one per owner per election), the marks of each ballot, the sums per
// candidate the tally is taken from, closing, publication, first meeting and filing.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "backends.hpp"
#include "domain/votes/election.hpp"
#include "storage/database.hpp"
#include "storage/repos/elections.hpp"
#include "storage/repos/units.hpp"
#include "storage/repos/votes.hpp"

namespace linli::storage {
namespace {

using domain::Choice;
using testing::BackendTest;

constexpr std::int64_t kNow = 1772326800;  // 2026-03-01T09:00:00+08:00
constexpr std::int64_t kDay = 86400;

using testing::Ok;

class ElectionsRepoTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto migrated = Migrate(db());
    ASSERT_TRUE(migrated) << migrated.error().message;
    auto built = db().Write([&](Tx& tx) -> Status {
      using K = domain::UnitKind;
      LINLI_ASSIGN_OR_RETURN(auto district, InsertUnit(tx, K::kDistrict, "区", std::nullopt, kNow));
      LINLI_ASSIGN_OR_RETURN(auto street, InsertUnit(tx, K::kStreet, "街道", district, kNow));
      LINLI_ASSIGN_OR_RETURN(auto community, InsertUnit(tx, K::kCommunity, "社区", street, kNow));
      LINLI_ASSIGN_OR_RETURN(estate_, InsertUnit(tx, K::kEstate, "秋实学府", community, kNow));
      int n = 0;
      for (const char* name : {"张一", "李二", "王三"}) {
        LINLI_ASSIGN_OR_RETURN(
            auto id, tx.InsertReturningId(
                         "INSERT INTO owners (estate_id, kind, name, identity_key, created_at) "
                         "VALUES (?, 'person', ?, ?, ?) RETURNING id",
                         {estate_.id, std::string(name), "k" + std::to_string(++n), kNow}));
        owners_.push_back(id);
      }
      VoteRecord v;
      v.estate_id = estate_.id;
      v.estate_path = estate_.path;
      v.kind = "election";
      v.title = "第一届业主委员会选举";
      v.matter = 3;
      v.notice_at = kNow;
      v.opens_at = kNow + 16 * kDay;
      v.closes_at = kNow + 20 * kDay;
      v.channels = {"online", "paper"};
      v.total = {30000, 3};
      v.roll_at = kNow;
      v.created_at = kNow;
      LINLI_ASSIGN_OR_RETURN(vote_, InsertVote(tx, v));
      return {};
    });
    ASSERT_TRUE(built) << built.error().message;
  }

  std::int64_t Ballot(std::int64_t entry, std::int64_t owner, std::int64_t area) {
    BallotRecord b;
    b.vote_id = vote_;
    b.entry_no = entry;
    b.owner_id = owner;
    b.channel = domain::Channel::kPaper;
    b.area = area;
    b.evidence = "票号" + std::to_string(entry);
    b.cast_at = kNow + 17 * kDay;
    return Ok(db().Write([&](Tx& tx) { return InsertBallot(tx, b); }));
  }

  domain::Unit estate_;
  std::vector<std::int64_t> owners_;
  std::int64_t vote_ = 0;
};

TEST_P(ElectionsRepoTest, ElectionPrepGroupCandidatesMarksAndDates) {
  ElectionRecord e;
  e.estate_id = estate_.id;
  e.vote_id = vote_;
  e.seats = 5;
  e.term_years = 3;
  e.created_at = e.updated_at = kNow;
  const auto id = Ok(db().Write([&](Tx& tx) { return InsertElection(tx, e); }));
  ASSERT_GT(id, 0);
  auto found = Ok(db().Read([&](Tx& tx) { return FindElectionOfVote(tx, vote_); }));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, id);
  EXPECT_EQ(found->seats, 5);
  EXPECT_EQ(found->status, "announced");
  EXPECT_FALSE(found->elected_at);

  // The preparatory group.
  PrepMemberRecord m;
  m.election_id = id;
  m.name = "街道代表";
  m.side = domain::PrepSide::kStreet;
  m.organisation = "和平街道办事处";
  m.is_leader = true;
  m.created_at = kNow;
  m.id = Ok(db().Write([&](Tx& tx) { return InsertPrepMember(tx, m); }));
  PrepMemberRecord o = m;
  o.name = "业主代表";
  o.side = domain::PrepSide::kOwner;
  o.is_owner = true;
  o.is_leader = false;
  o.owner_id = owners_[0];
  o.id = Ok(db().Write([&](Tx& tx) { return InsertPrepMember(tx, o); }));
  o.organisation = "1栋";
  Ok(db().Write([&](Tx& tx) { return UpdatePrepMember(tx, o); }));
  auto prep = Ok(db().Read([&](Tx& tx) { return ListPrepMembers(tx, id); }));
  ASSERT_EQ(prep.size(), 2u);
  EXPECT_EQ(prep[0].side, domain::PrepSide::kStreet);
  EXPECT_TRUE(prep[0].is_leader);
  EXPECT_EQ(prep[1].organisation, "1栋");
  EXPECT_EQ(prep[1].owner_id, owners_[0]);
  Ok(db().Write([&](Tx& tx) { return DeletePrepMember(tx, o.id); }));
  EXPECT_EQ(Ok(db().Read([&](Tx& tx) { return ListPrepMembers(tx, id); })).size(), 1u);

  // Candidates: one per owner.
  std::vector<std::int64_t> cands;
  for (size_t i = 0; i < owners_.size(); ++i) {
    CandidateRecord c;
    c.election_id = id;
    c.owner_id = owners_[i];
    c.name = "候选人" + std::to_string(i);
    c.nomination = i == 0 ? domain::Nomination::kPartyOrganisation : domain::Nomination::kSelf;
    c.full_capacity = c.no_property_interest = c.not_defaulter = true;
    c.created_at = c.updated_at = kNow;
    cands.push_back(Ok(db().Write([&](Tx& tx) { return InsertCandidate(tx, c); })));
  }
  CandidateRecord dup;
  dup.election_id = id;
  dup.owner_id = owners_[0];
  auto again = db().Write([&](Tx& tx) { return InsertCandidate(tx, dup); });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  auto c0 = Ok(db().Read([&](Tx& tx) { return FindCandidate(tx, cands[0]); }));
  ASSERT_TRUE(c0);
  EXPECT_EQ(c0->nomination, domain::Nomination::kPartyOrganisation);
  c0->statement = "愿为大家服务";
  c0->not_defaulter = false;
  Ok(db().Write([&](Tx& tx) { return UpdateCandidate(tx, *c0); }));
  c0 = Ok(db().Read([&](Tx& tx) { return FindCandidate(tx, cands[0]); }));
  EXPECT_EQ(c0->statement, "愿为大家服务");
  EXPECT_FALSE(c0->not_defaulter);

  // Ballots with marks: 100.00 m² agrees to 0 and 1; 120.00 m² agrees to 0, disagrees 2.
  const auto b1 = Ballot(1, owners_[0], 10000);
  const auto b2 = Ballot(2, owners_[1], 12000);
  Ok(db().Write([&](Tx& tx) {
    return InsertMarks(tx, b1, {{cands[0], Choice::kAgree}, {cands[1], Choice::kAgree}});
  }));
  Ok(db().Write([&](Tx& tx) {
    return InsertMarks(tx, b2, {{cands[0], Choice::kAgree}, {cands[2], Choice::kDisagree}});
  }));
  auto sums = Ok(db().Read([&](Tx& tx) { return SumMarks(tx, id); }));
  ASSERT_EQ(sums.size(), 3u);
  EXPECT_EQ(sums[0].candidate_id, cands[0]);
  EXPECT_EQ(sums[0].agree, (domain::Share{22000, 2}));
  EXPECT_EQ(sums[1].agree, (domain::Share{10000, 1}));
  EXPECT_EQ(sums[2].agree, (domain::Share{0, 0}));
  EXPECT_EQ(sums[2].disagree, (domain::Share{12000, 1}));
  auto marks = Ok(db().Read([&](Tx& tx) { return ListMarks(tx, vote_); }));
  ASSERT_EQ(marks.size(), 4u);
  EXPECT_EQ(marks[0].first, b1);

  // Closing, publication, the first meeting and the filing.
  Ok(db().Write([&](Tx& tx) {
    return MarkElectionClosed(tx, id, kNow + 21 * kDay, kNow + 20 * kDay, "{\"outcome\":\"x\"}");
  }));
  Ok(db().Write([&](Tx& tx) { return MarkElectionPublished(tx, id, kNow + 22 * kDay); }));
  Ok(db().Write([&](Tx& tx) { return SetFirstMeeting(tx, id, kNow + 23 * kDay, kNow); }));
  Ok(db().Write([&](Tx& tx) { return SetFiling(tx, id, kNow + 24 * kDay, "备字第1号", kNow); }));
  found = Ok(db().Read([&](Tx& tx) { return FindElection(tx, id); }));
  EXPECT_EQ(found->status, "published");
  EXPECT_EQ(found->elected_at, kNow + 20 * kDay);
  EXPECT_EQ(found->result_json, "{\"outcome\":\"x\"}");
  EXPECT_EQ(found->first_meeting_at, kNow + 23 * kDay);
  EXPECT_EQ(found->filed_at, kNow + 24 * kDay);
  EXPECT_EQ(found->filing_ref, "备字第1号");
  Ok(db().Write([&](Tx& tx) { return SetFirstMeeting(tx, id, std::nullopt, kNow); }));
  found = Ok(db().Read([&](Tx& tx) { return FindElection(tx, id); }));
  EXPECT_FALSE(found->first_meeting_at);
  EXPECT_EQ(Ok(db().Read([&](Tx& tx) { return ListElections(tx, estate_.id); })).size(), 1u);

  // A candidate without marks can be removed before voting.
  Ok(db().Write([&](Tx& tx) -> Status {
    LINLI_TRY(tx.Exec("DELETE FROM election_marks WHERE candidate_id = ?", {cands[2]}));
    return DeleteCandidate(tx, cands[2]);
  }));
  EXPECT_EQ(Ok(db().Read([&](Tx& tx) { return ListCandidates(tx, id); })).size(), 2u);
}

LINLI_INSTANTIATE_BACKEND_TEST(ElectionsRepoTest);

}  // namespace
}  // namespace linli::storage
