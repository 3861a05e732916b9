// Simple polls outside art. 278 (docs/POLLS.md): the draft's checks (options, max_choices, the
// window), the phases, the window for responses, the chosen options, and the shares in integer
// permille.
#include <gtest/gtest.h>

#include "core/time_format.hpp"
#include "domain/polls/poll.hpp"

namespace linli::domain {
namespace {

constexpr UnixSeconds kNow = 1'800'000'000;
constexpr UnixSeconds kDay = 86400;

PollDraft Draft() {
  PollDraft d;
  d.title = "  小区八景命名  ";
  d.options = {" 翠湖春晓 ", "银杏秋韵", "松风听涛"};
  d.max_choices = 2;
  d.opens_at = kNow;
  d.closes_at = kNow + 14 * kDay;
  return d;
}

std::string FieldOf(const Status& s) { return s ? "" : s.error().field; }

TEST(Polls, AGoodDraftIsTrimmedAndAccepted) {
  auto d = Draft();
  ASSERT_TRUE(CheckPollDraft(d, kNow));
  EXPECT_EQ(d.title, "小区八景命名");
  EXPECT_EQ(d.options[0], "翠湖春晓");
}

TEST(Polls, OptionsAreTwoToTwentyDistinctAndShort) {
  auto d = Draft();
  d.options = {"唯一"};
  EXPECT_EQ(FieldOf(CheckPollDraft(d, kNow)), "options");
  d.options.assign(21, "x");
  for (int i = 0; i < 21; ++i) d.options[static_cast<size_t>(i)] = "选项" + std::to_string(i);
  EXPECT_EQ(FieldOf(CheckPollDraft(d, kNow)), "options");
  d.options.resize(20);
  d.max_choices = 20;
  EXPECT_TRUE(CheckPollDraft(d, kNow));

  d = Draft();
  d.options[1] = " 翠湖春晓";  // the same once trimmed
  auto s = CheckPollDraft(d, kNow);
  EXPECT_EQ(FieldOf(s), "options[1]");
  EXPECT_NE(s.error().message.find("repeats option 1"), std::string::npos);

  d = Draft();
  d.options[2] = "   ";
  EXPECT_EQ(FieldOf(CheckPollDraft(d, kNow)), "options[2]");
  d = Draft();
  d.options[2] = std::string(60 * 3, 'a').substr(0, 60);  // 60 ASCII characters: fine
  EXPECT_TRUE(CheckPollDraft(d, kNow));
  std::string long_cjk;
  for (int i = 0; i < 61; ++i) long_cjk += "景";
  d.options[2] = long_cjk;
  EXPECT_EQ(FieldOf(CheckPollDraft(d, kNow)), "options[2]");
}

TEST(Polls, MaxChoicesIsOneToTheOptionCount) {
  auto d = Draft();
  d.max_choices = 0;
  EXPECT_EQ(FieldOf(CheckPollDraft(d, kNow)), "max_choices");
  d.max_choices = 4;
  EXPECT_EQ(FieldOf(CheckPollDraft(d, kNow)), "max_choices");
  d.max_choices = 3;
  EXPECT_TRUE(CheckPollDraft(d, kNow));
}

TEST(Polls, TheWindowIsInTheFutureAndAtMostNinetyDays) {
  auto d = Draft();
  d.opens_at = kNow - kPollOpeningSlack;  // the form took a few minutes
  EXPECT_TRUE(CheckPollDraft(d, kNow));
  d.opens_at = kNow - kPollOpeningSlack - 1;
  EXPECT_EQ(FieldOf(CheckPollDraft(d, kNow)), "opens_at");
  d = Draft();
  d.closes_at = d.opens_at;
  EXPECT_EQ(FieldOf(CheckPollDraft(d, kNow)), "closes_at");
  d.closes_at = d.opens_at + 90 * kDay;
  EXPECT_TRUE(CheckPollDraft(d, kNow));
  d.closes_at += 1;
  EXPECT_EQ(FieldOf(CheckPollDraft(d, kNow)), "closes_at");
  // No notice period: a poll may open at once (unlike an art. 278 vote).
  d = Draft();
  d.opens_at = kNow + 60;
  EXPECT_TRUE(CheckPollDraft(d, kNow));
}

TEST(Polls, TitleIsTwoToHundredCharacters) {
  auto d = Draft();
  d.title = "八";
  EXPECT_EQ(FieldOf(CheckPollDraft(d, kNow)), "title");
  d.title = std::string("\xff\xfe");
  EXPECT_EQ(FieldOf(CheckPollDraft(d, kNow)), "title");
}

TEST(Polls, PhasesAndTheResponseWindow) {
  const UnixSeconds o = kNow, c = kNow + kDay;
  EXPECT_EQ(PhaseOfPoll(o, c, std::nullopt, std::nullopt, o - 1), PollPhase::kScheduled);
  EXPECT_EQ(PhaseOfPoll(o, c, std::nullopt, std::nullopt, o), PollPhase::kOpen);
  EXPECT_EQ(PhaseOfPoll(o, c, std::nullopt, std::nullopt, c), PollPhase::kEnded);
  EXPECT_EQ(PhaseOfPoll(o, c, o + 5, std::nullopt, o + 6), PollPhase::kClosed);
  EXPECT_EQ(PhaseOfPoll(o, c, o + 5, o + 9, o + 10), PollPhase::kPublished);
  EXPECT_EQ(PollPhaseLabel(PollPhase::kOpen), "进行中");

  EXPECT_EQ(FieldOf(CheckPollOpen(o, c, std::nullopt, o - 1)), "poll");
  EXPECT_TRUE(CheckPollOpen(o, c, std::nullopt, o));
  EXPECT_TRUE(CheckPollOpen(o, c, std::nullopt, c - 1));
  auto late = CheckPollOpen(o, c, std::nullopt, c);
  EXPECT_EQ(late.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(late.error().message.find("closed at"), std::string::npos);
  EXPECT_FALSE(CheckPollOpen(o, c, o + 1, o + 2));
}

TEST(Polls, ChoicesAreCheckedAgainstThePoll) {
  EXPECT_TRUE(CheckChoices({2}, 3, 1));
  EXPECT_TRUE(CheckChoices({3, 1}, 3, 2));
  EXPECT_EQ(FieldOf(CheckChoices({}, 3, 1)), "choices");
  EXPECT_EQ(FieldOf(CheckChoices({1, 2}, 3, 1)), "choices");
  EXPECT_EQ(FieldOf(CheckChoices({1, 2, 3}, 3, 2)), "choices");
  EXPECT_EQ(FieldOf(CheckChoices({1, 4}, 3, 2)), "choices[1]");
  EXPECT_EQ(FieldOf(CheckChoices({0}, 3, 1)), "choices[0]");
  EXPECT_EQ(FieldOf(CheckChoices({2, 2}, 3, 2)), "choices[1]");
}

TEST(Polls, SharesAreIntegerPermilleRoundedHalfUp) {
  EXPECT_EQ(SharePermille(0, 0), 0);
  EXPECT_EQ(SharePermille(1, 3), 333);
  EXPECT_EQ(SharePermille(2, 3), 667);
  EXPECT_EQ(SharePermille(1, 8), 125);
  EXPECT_EQ(SharePermille(1, 16), 63);  // 62.5 rounds up
  EXPECT_EQ(SharePermille(3, 3), 1000);
  EXPECT_EQ(FormatPermille(375), "37.5%");
  EXPECT_EQ(FormatPermille(1000), "100.0%");
  EXPECT_EQ(FormatPermille(5), "0.5%");
  // Counting names.
  EXPECT_EQ(*ParsePollCounting("household"), PollCounting::kPerHousehold);
  EXPECT_FALSE(ParsePollCounting("family"));
  EXPECT_EQ(*ParsePollAudience("members"), PollAudience::kMembers);
  EXPECT_FALSE(ParsePollAudience("everyone"));
}

}  // namespace
}  // namespace linli::domain
