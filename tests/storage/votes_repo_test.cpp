// The votes repository on every backend: voting rules with their defaults, a vote and its roll
// (entries, the owner index, replacing the roll, parking spaces left out), ballots one per roll
// entry (the unique key answers already_exists), the sums by choice the tally reads, the proxy
// count, refusals, closing once, and the votes an owner stands on.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "backends.hpp"
#include "domain/votes/roll.hpp"
#include "storage/database.hpp"
#include "storage/repos/estates.hpp"
#include "storage/repos/units.hpp"
#include "storage/repos/votes.hpp"

namespace linli::storage {
namespace {

using testing::BackendTest;

constexpr std::int64_t kNow = 1796090400;  // 2026-12-01T10:00:00+08:00

using testing::Ok;

class VotesRepoTest : public BackendTest {
 protected:
  // An estate with three flats and a parking space: 张一 holds flat 101 and the space, 李二 and
  // 王三 co-own 102, 103 has no owner on record.
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
      LINLI_ASSIGN_OR_RETURN(estate_, InsertUnit(tx, K::kEstate, "和谐小区", community, kNow));
      LINLI_ASSIGN_OR_RETURN(
          auto building,
          tx.InsertReturningId("INSERT INTO buildings (estate_id, name, created_at) VALUES (?, "
                               "'1栋', ?) RETURNING id",
                               {estate_.id, kNow}));
      LINLI_ASSIGN_OR_RETURN(
          auto entrance,
          tx.InsertReturningId(
              "INSERT INTO entrances (building_id, name) VALUES (?, '1单元') RETURNING id",
              {building}));
      auto household = [&](const char* room, std::int64_t area,
                           const char* use) -> Result<std::int64_t> {
        return tx.InsertReturningId(
            "INSERT INTO households (estate_id, building_id, entrance_id, floor, floor_label, "
            "room, area_centi, area_source, use_kind, created_at, updated_at) VALUES (?, ?, ?, "
            "1, '1', ?, ?, 'registry', ?, ?, ?) RETURNING id",
            {estate_.id, building, entrance, std::string(room), area, std::string(use), kNow,
             kNow});
      };
      auto owner = [&](const char* name, const char* phone) -> Result<std::int64_t> {
        return tx.InsertReturningId(
            "INSERT INTO owners (estate_id, kind, name, phone, identity_key, created_at) VALUES "
            "(?, 'person', ?, ?, ?, ?) RETURNING id",
            {estate_.id, std::string(name), std::string(phone), "p:" + std::string(phone), kNow});
      };
      LINLI_ASSIGN_OR_RETURN(auto h101, household("101", 10000, "home"));
      LINLI_ASSIGN_OR_RETURN(auto h102, household("102", 12000, "home"));
      LINLI_ASSIGN_OR_RETURN(auto h103, household("103", 8000, "home"));
      LINLI_ASSIGN_OR_RETURN(auto p01, household("P01", 1250, "parking"));
      (void)h103;
      LINLI_ASSIGN_OR_RETURN(zhang_, owner("张一", "13900000001"));
      LINLI_ASSIGN_OR_RETURN(li_, owner("李二", "13900000002"));
      LINLI_ASSIGN_OR_RETURN(wang_, owner("王三", "13900000003"));
      for (auto [h, o] : {std::pair{h101, zhang_}, {h102, li_}, {h102, wang_}, {p01, zhang_}})
        LINLI_TRY(tx.Exec("INSERT INTO ownerships (household_id, owner_id) VALUES (?, ?)", {h, o}));
      return {};
    });
    ASSERT_TRUE(built) << built.error().message;
  }

  VoteRecord Make() {
    VoteRecord v;
    v.estate_id = estate_.id;
    v.estate_path = estate_.path;
    v.title = "续聘物业";
    v.matter = 4;
    v.notice_at = kNow;
    v.opens_at = kNow + 16 * 86400;
    v.closes_at = kNow + 23 * 86400;
    v.proxy_cap = 3;
    v.channels = {"online", "paper"};
    v.roll_at = kNow;
    v.created_at = kNow;
    return v;
  }
  // Creates a vote and takes its roll as the use case does.
  std::int64_t WithRoll(bool count_parking) {
    return Ok(db().Write([&](Tx& tx) -> Result<std::int64_t> {
      VoteRecord v = Make();
      v.count_parking = count_parking;
      LINLI_ASSIGN_OR_RETURN(auto id, InsertVote(tx, v));
      LINLI_ASSIGN_OR_RETURN(auto units, LoadOwnerRoll(tx, estate_.id));
      LINLI_ASSIGN_OR_RETURN(auto names, LoadOwnerNames(tx, estate_.id));
      LINLI_TRY(ReplaceRoll(tx, id, domain::BuildVoteRoll(units, {}, count_parking), names, kNow));
      return id;
    }));
  }
  BallotRecord Ballot(std::int64_t vote, std::int64_t entry, std::int64_t owner,
                      domain::Choice choice, std::int64_t area) {
    BallotRecord b;
    b.vote_id = vote;
    b.entry_no = entry;
    b.owner_id = owner;
    b.choice = choice;
    b.channel = domain::Channel::kPaper;
    b.area = area;
    b.evidence = "纸质票";
    b.cast_at = kNow + 17 * 86400;
    return b;
  }

  domain::Unit estate_;
  std::int64_t zhang_ = 0, li_ = 0, wang_ = 0;
};

TEST_P(VotesRepoTest, RulesHaveDefaultsUntilSaved) {
  auto rules = Ok(db().Read([&](Tx& tx) { return LoadVoteRules(tx, estate_.id); }));
  EXPECT_FALSE(rules.updated_at);
  EXPECT_EQ(rules.proxy_cap, 3);
  EXPECT_EQ(rules.channels.size(), 5u);
  rules.proxy_cap = 1;
  rules.channels = {"paper"};
  rules.count_parking = true;
  Ok(db().Write([&](Tx& tx) { return SaveVoteRules(tx, estate_.id, rules, kNow); }));
  Ok(db().Write([&](Tx& tx) { return SaveVoteRules(tx, estate_.id, rules, kNow + 1); }));
  auto saved = Ok(db().Read([&](Tx& tx) { return LoadVoteRules(tx, estate_.id); }));
  EXPECT_EQ(saved.proxy_cap, 1);
  EXPECT_EQ(saved.channels, (std::vector<std::string>{"paper"}));
  EXPECT_TRUE(saved.count_parking);
  EXPECT_EQ(saved.updated_at, kNow + 1);
}

TEST_P(VotesRepoTest, TheRollGroupsOwnersAndLeavesParkingOutUnlessCounted) {
  const auto id = WithRoll(false);
  auto vote = Ok(db().Read([&](Tx& tx) { return FindVote(tx, id); }));
  ASSERT_TRUE(vote);
  EXPECT_EQ(vote->total, (domain::Share{30000, 3}));
  EXPECT_EQ(vote->estate_name, "和谐小区");
  EXPECT_EQ(vote->channels, (std::vector<std::string>{"online", "paper"}));
  auto roll = Ok(db().Read([&](Tx& tx) { return ListRoll(tx, id); }));
  ASSERT_EQ(roll.size(), 3u);
  EXPECT_EQ(roll[0].names, "张一");
  EXPECT_EQ(roll[0].area, 10000);
  EXPECT_EQ(roll[1].names, "李二、王三");
  EXPECT_EQ(roll[1].owner_ids.size(), 2u);
  EXPECT_EQ(roll[2].kind, "unowned");
  EXPECT_EQ(Ok(db().Read([&](Tx& tx) { return EntriesOfOwner(tx, id, wang_); })),
            (std::vector<std::int64_t>{2}));
  // Counting parking: 张一's space joins their flat.
  const auto with = WithRoll(true);
  auto counted = Ok(db().Read([&](Tx& tx) { return FindVote(tx, with); }));
  EXPECT_EQ(counted->total, (domain::Share{31250, 3}));
  EXPECT_TRUE(counted->count_parking);
  // The votes an owner stands on.
  auto mine = Ok(db().Read([&](Tx& tx) { return ListVotesOfOwners(tx, {li_}); }));
  EXPECT_EQ(mine.size(), 2u);
}

TEST_P(VotesRepoTest, OneBallotPerEntryAndSumsByChoice) {
  const auto id = WithRoll(false);
  Ok(db().Write([&](Tx& tx) {
    return InsertBallot(tx, Ballot(id, 1, zhang_, domain::Choice::kAgree, 10000));
  }));
  Ok(db().Write([&](Tx& tx) {
    return InsertBallot(tx, Ballot(id, 2, li_, domain::Choice::kDisagree, 12000));
  }));
  // 王三 co-owns entry 2: the key refuses a second ballot for it.
  auto twice = db().Write([&](Tx& tx) {
    return InsertBallot(tx, Ballot(id, 2, wang_, domain::Choice::kAgree, 12000));
  });
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kAlreadyExists);
  auto sums = Ok(db().Read([&](Tx& tx) { return SumBallots(tx, id); }));
  EXPECT_EQ(sums.agree, (domain::Share{10000, 1}));
  EXPECT_EQ(sums.disagree, (domain::Share{12000, 1}));
  EXPECT_EQ(sums.abstain, (domain::Share{0, 0}));
  auto ballots = Ok(db().Read([&](Tx& tx) { return ListBallots(tx, id); }));
  ASSERT_EQ(ballots.size(), 2u);
  EXPECT_EQ(ballots[1].names, "李二、王三");
  EXPECT_EQ(Ok(db().Read([&](Tx& tx) { return CountBallots(tx, id); })), 2);

  Ok(db().Write([&](Tx& tx) {
    return InsertRefusal(tx, {0, id, wang_, "online", "already_voted", std::nullopt, kNow});
  }));
  auto refusals = Ok(db().Read([&](Tx& tx) { return ListRefusals(tx, id); }));
  ASSERT_EQ(refusals.size(), 1u);
  EXPECT_EQ(refusals[0].reason, "already_voted");

  Ok(db().Write([&](Tx& tx) { return MarkVoteClosed(tx, id, kNow + 30 * 86400, "{}"); }));
  auto again = db().Write([&](Tx& tx) { return MarkVoteClosed(tx, id, kNow + 31 * 86400, "{}"); });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAborted);
}

TEST_P(VotesRepoTest, ProxiesAreCountedByTheirKey) {
  const auto id = WithRoll(false);
  auto proxy = [&](std::int64_t entry, std::int64_t owner, const char* key) {
    BallotRecord b = Ballot(id, entry, owner, domain::Choice::kAgree, 10000);
    b.channel = domain::Channel::kProxy;
    b.proxy_name = "孙代理";
    b.proxy_key = key;
    return db().Write([&](Tx& tx) { return InsertBallot(tx, b); });
  };
  Ok(proxy(1, zhang_, "p:13911110000"));
  Ok(proxy(2, li_, "p:13911110000"));
  EXPECT_EQ(Ok(db().Read([&](Tx& tx) { return CountProxyBallots(tx, id, "p:13911110000"); })), 2);
  EXPECT_EQ(Ok(db().Read([&](Tx& tx) { return CountProxyBallots(tx, id, "n:孙代理"); })), 0);
}

LINLI_INSTANTIATE_BACKEND_TEST(VotesRepoTest);

}  // namespace
}  // namespace linli::storage
