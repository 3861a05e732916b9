// Owners' joint decisions under Civil Code art. 278 (RULES.md §0-2): the matter of a motion and
// the threshold that follows from it, ballots and their channels, and the tally.
//
// The law, exactly:
//   - participation, for every matter: owners holding >= 2/3 of the total exclusive area AND
//     >= 2/3 of the total number of owners took part; otherwise the vote is void;
//   - approval, with those who took part as the denominators: matters (6) (7) (8) need >= 3/4
//     of the participating area AND >= 3/4 of the participating owners; every other matter
//     needs > 1/2 of each;
//   - abstentions take part but do not approve; area and heads are tested separately and both
//     must pass.
// All comparisons are by cross-multiplication on integers (areas in 0.01 m²), never floating
// point. The optional non-voter rule (Guiding Rules 2009 art. 26.2) is computed apart and never
// changes the legal outcome or helps reach participation.
//
// Pure domain code. Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/error.hpp"

namespace linli::domain {

// ---- Matters and thresholds ----------------------------------------------------------------

inline constexpr int kMinMatter = 1;
inline constexpr int kMaxMatter = 9;

enum class Threshold { kMoreThanHalf, kThreeQuarters };
std::string_view ThresholdName(Threshold t);   // "more_than_half", "three_quarters"
std::string_view ThresholdLabel(Threshold t);  // "过半数", "四分之三以上"

// The approval threshold of an art. 278 matter (1..9); invalid_argument naming `matter` for any
// other number. It cannot be set by hand.
Result<Threshold> ThresholdOfMatter(int matter);
// The matter as the law words it, e.g. 5 -> "使用建筑物及其附属设施的维修资金".
std::string_view MatterLabel(int matter);

// ---- Ballots --------------------------------------------------------------------------------

enum class Choice { kAgree, kDisagree, kAbstain };
std::string_view ChoiceName(Choice c);  // "agree", "disagree", "abstain"
std::optional<Choice> ParseChoice(std::string_view text);
std::string_view ChoiceLabel(Choice c);  // 同意, 反对, 弃权

enum class Channel { kOnline, kPaper, kBallotBox, kPhone, kProxy };
std::string_view ChannelName(Channel c);  // "online", "paper", "ballot_box", "phone", "proxy"
std::optional<Channel> ParseChannel(std::string_view text);
std::string_view ChannelLabel(Channel c);  // 线上, 纸质票, 流动票箱, 电话, 委托
// The channels that staff enter on an owner's behalf, with evidence (all but online and proxy's
// own authorisation, which is evidence too).
bool EnteredByStaff(Channel c);

// ---- Tally ----------------------------------------------------------------------------------

// Exclusive area (0.01 m²) and head count.
struct Share {
  std::int64_t area = 0;
  std::int64_t heads = 0;
  friend bool operator==(const Share&, const Share&) = default;
};
Share operator+(Share a, Share b);

// part >= num/den of whole, and part > num/den of whole, exactly (128-bit products).
bool AtLeast(std::int64_t part, std::int64_t whole, int num, int den);
bool MoreThan(std::int64_t part, std::int64_t whole, int num, int den);

struct TallyInput {
  Share total;  // the whole roll
  Share agree;  // sums over the ballots cast, one per roll entry
  Share disagree;
  Share abstain;
  Threshold threshold = Threshold::kMoreThanHalf;
  bool nonvoters_with_majority = false;  // the estate's rules adopt Guiding Rules art. 26.2
};

enum class Outcome { kPassed, kRejected, kVoid };
std::string_view OutcomeName(Outcome o);   // "passed", "rejected", "void"
std::string_view OutcomeLabel(Outcome o);  // 通过, 未通过, 无效（参与不足）

struct NonVoterFigures {
  bool enabled = false;        // the estate's rules adopt it
  bool applied = false;        // participation was met and one side led by area and by heads
  std::optional<Choice> side;  // the majority the non-voters were added to
  Share added;                 // the non-voters' area and heads
  bool approval_met = false;   // approval with them added, over the whole roll
};

struct TallyResult {
  Share participated;  // agree + disagree + abstain
  bool participation_area_met = false;
  bool participation_heads_met = false;
  bool participation_met = false;
  Share approved;  // = agree
  bool approval_area_met = false;
  bool approval_heads_met = false;
  bool approval_met = false;
  Threshold threshold = Threshold::kMoreThanHalf;
  Outcome outcome = Outcome::kVoid;
  NonVoterFigures nonvoters;
};

// The legal tally. An empty roll (no heads) is void.
TallyResult Tally(const TallyInput& in);

}  // namespace linli::domain
