// The polls repository on every backend: a poll with its options in order, the list and the
// audience filter, one response per voter key (the unique key refuses a second one and leaves
// the counts alone), the counts kept on the options, anonymous responses without their choices,
// closing once.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "backends.hpp"
#include "domain/polls/poll.hpp"
#include "storage/database.hpp"
#include "storage/repos/polls.hpp"
#include "storage/repos/units.hpp"

namespace linli::storage {
namespace {

using testing::BackendTest;

constexpr std::int64_t kNow = 1772326800;  // 2026-03-01T09:00:00+08:00
constexpr std::int64_t kDay = 86400;

class PollsRepoTest : public BackendTest {
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
      for (const char* phone : {"13900000001", "13900000002"}) {
        LINLI_ASSIGN_OR_RETURN(
            auto a, tx.InsertReturningId("INSERT INTO accounts (phone, name, password_hash, "
                                         "created_at) VALUES (?, '张三', 'x', ?) RETURNING id",
                                         {std::string(phone), kNow}));
        accounts_.push_back(a);
      }
      return {};
    });
    ASSERT_TRUE(built) << built.error().message;
  }

  PollRecord Make(domain::PollAudience audience = domain::PollAudience::kResidents) {
    PollRecord p;
    p.estate_id = estate_.id;
    p.estate_path = estate_.path;
    p.title = "小区八景命名";
    p.audience = audience;
    p.max_choices = 2;
    p.opens_at = kNow;
    p.closes_at = kNow + 7 * kDay;
    p.created_at = kNow;
    for (const char* o : {"翠湖春晓", "银杏秋韵", "松风听涛"}) p.options.push_back({0, o, 0});
    return p;
  }

  std::int64_t Insert(const PollRecord& p) {
    auto id = db().Write([&](Tx& tx) { return InsertPoll(tx, p); });
    EXPECT_TRUE(id) << id.error().message;
    return id ? *id : 0;
  }

  Result<std::int64_t> Respond(std::int64_t poll, const std::string& key, std::int64_t account,
                               std::vector<std::int64_t> choices, bool anonymous = false) {
    PollResponseRecord r;
    r.poll_id = poll;
    r.voter_key = key;
    r.account_id = account;
    if (!anonymous) r.choices = choices;
    r.cast_at = kNow + 60;
    return db().Write([&](Tx& tx) { return InsertPollResponse(tx, r, choices); });
  }

  PollRecord Load(std::int64_t id) {
    auto p = db().Read([&](Tx& tx) { return FindPoll(tx, id); });
    EXPECT_TRUE(p && *p);
    return p && *p ? **p : PollRecord{};
  }

  domain::Unit estate_;
  std::vector<std::int64_t> accounts_;
};

TEST_P(PollsRepoTest, APollKeepsItsOptionsInOrder) {
  const auto id = Insert(Make());
  const auto p = Load(id);
  EXPECT_EQ(p.title, "小区八景命名");
  EXPECT_EQ(p.estate_name, "秋实学府");
  EXPECT_EQ(p.max_choices, 2);
  EXPECT_EQ(p.counting, domain::PollCounting::kPerHousehold);
  ASSERT_EQ(p.options.size(), 3u);
  EXPECT_EQ(p.options[0].option_no, 1);
  EXPECT_EQ(p.options[2].label, "松风听涛");
  EXPECT_EQ(p.responses, 0);

  Insert(Make(domain::PollAudience::kMembers));
  auto listed = db().Read([&](Tx& tx) { return ListPolls(tx, estate_.id, std::nullopt, 10, 0); });
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_GT((*listed)[0].id, (*listed)[1].id);  // newest first
  EXPECT_EQ((*listed)[1].options.size(), 3u);
  auto members = db().Read(
      [&](Tx& tx) { return ListPollsFor(tx, {estate_.id}, domain::PollAudience::kMembers); });
  ASSERT_TRUE(members);
  EXPECT_EQ(members->size(), 1u);
  EXPECT_EQ(*db().Read([&](Tx& tx) { return CountPolls(tx, estate_.id, std::nullopt); }), 2);
  const auto residents = domain::PollAudience::kResidents;
  EXPECT_EQ(*db().Read([&](Tx& tx) { return CountPolls(tx, estate_.id, residents); }), 1);
  auto only = db().Read([&](Tx& tx) { return ListPolls(tx, estate_.id, residents, 10, 0); });
  ASSERT_TRUE(only);
  ASSERT_EQ(only->size(), 1u);
  EXPECT_EQ((*only)[0].audience, residents);
}

TEST_P(PollsRepoTest, OneResponsePerVoterKeyAndCountsKeptOnTheOptions) {
  const auto id = Insert(Make());
  ASSERT_TRUE(Respond(id, "h:1", accounts_[0], {1, 3}));
  ASSERT_TRUE(Respond(id, "h:2", accounts_[1], {3}));
  // The same household again, from another account: the unique key refuses it.
  auto again = Respond(id, "h:1", accounts_[1], {2});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  const auto p = Load(id);
  EXPECT_EQ(p.responses, 2);
  EXPECT_EQ(p.options[0].votes, 1);
  EXPECT_EQ(p.options[1].votes, 0);  // the refused response counted nothing
  EXPECT_EQ(p.options[2].votes, 2);

  auto mine = db().Read([&](Tx& tx) { return ResponsesOfAccount(tx, id, accounts_[0]); });
  ASSERT_TRUE(mine);
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].choices, (std::vector<std::int64_t>{1, 3}));
  EXPECT_EQ((*mine)[0].account_name, "张三");
  auto found = db().Read([&](Tx& tx) { return FindPollResponse(tx, id, "h:2"); });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->account_id, accounts_[1]);
  auto none = db().Read([&](Tx& tx) { return FindPollResponse(tx, id, "h:3"); });
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
}

TEST_P(PollsRepoTest, AnonymousResponsesKeepNoChoicesButCount) {
  auto draft = Make();
  draft.anonymous = true;
  const auto id = Insert(draft);
  ASSERT_TRUE(Respond(id, "a:" + std::to_string(accounts_[0]), accounts_[0], {2}, true));
  auto list = db().Read([&](Tx& tx) { return ListPollResponses(tx, id); });
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_TRUE((*list)[0].choices.empty());
  EXPECT_EQ(Load(id).options[1].votes, 1);
}

TEST_P(PollsRepoTest, AnUnknownOptionWritesNothing) {
  const auto id = Insert(Make());
  auto bad = Respond(id, "h:1", accounts_[0], {1, 9});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  const auto p = Load(id);
  EXPECT_EQ(p.responses, 0);
  EXPECT_EQ(p.options[0].votes, 0);
  auto list = db().Read([&](Tx& tx) { return ListPollResponses(tx, id); });
  EXPECT_TRUE(list && list->empty());
}

TEST_P(PollsRepoTest, ClosingOnceThenPublishing) {
  const auto id = Insert(Make());
  ASSERT_TRUE(db().Write([&](Tx& tx) { return MarkPollClosed(tx, id, kNow + kDay); }));
  auto twice = db().Write([&](Tx& tx) { return MarkPollClosed(tx, id, kNow + kDay); });
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kAborted);
  ASSERT_TRUE(db().Write([&](Tx& tx) { return MarkPollPublished(tx, id, kNow + 2 * kDay); }));
  const auto p = Load(id);
  EXPECT_EQ(p.closed_at, kNow + kDay);
  EXPECT_EQ(p.published_at, kNow + 2 * kDay);
}

LINLI_INSTANTIATE_BACKEND_TEST(PollsRepoTest);

}  // namespace
}  // namespace linli::storage
