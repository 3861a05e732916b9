#include "domain/votes/tally.hpp"

#include <array>

namespace linli::domain {

std::string_view ThresholdName(Threshold t) {
  return t == Threshold::kThreeQuarters ? "three_quarters" : "more_than_half";
}
std::string_view ThresholdLabel(Threshold t) {
  return t == Threshold::kThreeQuarters ? "四分之三以上" : "过半数";
}

Result<Threshold> ThresholdOfMatter(int matter) {
  if (matter < kMinMatter || matter > kMaxMatter)
    return InvalidArgument(
        "matter must be the number (1-9) of the Civil Code art. 278 matter the motion decides, "
        "e.g. 4 for hiring or dismissing the property company, 5 for using the maintenance fund",
        "matter");
  return matter == 6 || matter == 7 || matter == 8 ? Threshold::kThreeQuarters
                                                   : Threshold::kMoreThanHalf;
}

std::string_view MatterLabel(int matter) {
  static constexpr std::array<std::string_view, 9> kLabels = {
      "制定和修改业主大会议事规则",           "制定和修改管理规约",
      "选举业主委员会或者更换业主委员会成员", "选聘和解聘物业服务企业或者其他管理人",
      "使用建筑物及其附属设施的维修资金",     "筹集建筑物及其附属设施的维修资金",
      "改建、重建建筑物及其附属设施",         "改变共有部分的用途或者利用共有部分从事经营活动",
      "有关共有和共同管理权利的其他重大事项",
  };
  if (matter < kMinMatter || matter > kMaxMatter) return "";
  return kLabels[static_cast<size_t>(matter - 1)];
}

std::string_view ChoiceName(Choice c) {
  switch (c) {
    case Choice::kAgree:
      return "agree";
    case Choice::kDisagree:
      return "disagree";
    case Choice::kAbstain:
      return "abstain";
  }
  return "abstain";
}
std::optional<Choice> ParseChoice(std::string_view text) {
  for (auto c : {Choice::kAgree, Choice::kDisagree, Choice::kAbstain})
    if (ChoiceName(c) == text) return c;
  return std::nullopt;
}
std::string_view ChoiceLabel(Choice c) {
  switch (c) {
    case Choice::kAgree:
      return "同意";
    case Choice::kDisagree:
      return "反对";
    case Choice::kAbstain:
      return "弃权";
  }
  return "弃权";
}

std::string_view ChannelName(Channel c) {
  switch (c) {
    case Channel::kOnline:
      return "online";
    case Channel::kPaper:
      return "paper";
    case Channel::kBallotBox:
      return "ballot_box";
    case Channel::kPhone:
      return "phone";
    case Channel::kProxy:
      return "proxy";
  }
  return "online";
}
std::optional<Channel> ParseChannel(std::string_view text) {
  for (auto c :
       {Channel::kOnline, Channel::kPaper, Channel::kBallotBox, Channel::kPhone, Channel::kProxy})
    if (ChannelName(c) == text) return c;
  return std::nullopt;
}
std::string_view ChannelLabel(Channel c) {
  switch (c) {
    case Channel::kOnline:
      return "线上";
    case Channel::kPaper:
      return "纸质票";
    case Channel::kBallotBox:
      return "流动票箱";
    case Channel::kPhone:
      return "电话";
    case Channel::kProxy:
      return "委托投票";
  }
  return "线上";
}
bool EnteredByStaff(Channel c) { return c != Channel::kOnline; }

Share operator+(Share a, Share b) { return Share{a.area + b.area, a.heads + b.heads}; }

bool AtLeast(std::int64_t part, std::int64_t whole, int num, int den) {
  return static_cast<__int128>(part) * den >= static_cast<__int128>(whole) * num;
}
bool MoreThan(std::int64_t part, std::int64_t whole, int num, int den) {
  return static_cast<__int128>(part) * den > static_cast<__int128>(whole) * num;
}

namespace {

struct Met {
  bool area = false;
  bool heads = false;
};

Met Approves(Share yes, Share base, Threshold t) {
  if (t == Threshold::kThreeQuarters)
    return {AtLeast(yes.area, base.area, 3, 4), AtLeast(yes.heads, base.heads, 3, 4)};
  return {MoreThan(yes.area, base.area, 1, 2), MoreThan(yes.heads, base.heads, 1, 2)};
}

}  // namespace

std::string_view OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kPassed:
      return "passed";
    case Outcome::kRejected:
      return "rejected";
    case Outcome::kVoid:
      return "void";
  }
  return "void";
}
std::string_view OutcomeLabel(Outcome o) {
  switch (o) {
    case Outcome::kPassed:
      return "通过";
    case Outcome::kRejected:
      return "未通过";
    case Outcome::kVoid:
      return "无效（参与表决未达三分之二）";
  }
  return "";
}

TallyResult Tally(const TallyInput& in) {
  TallyResult r;
  r.threshold = in.threshold;
  r.participated = in.agree + in.disagree + in.abstain;
  r.approved = in.agree;
  if (in.total.heads > 0) {
    r.participation_area_met = AtLeast(r.participated.area, in.total.area, 2, 3);
    r.participation_heads_met = AtLeast(r.participated.heads, in.total.heads, 2, 3);
  }
  r.participation_met = r.participation_area_met && r.participation_heads_met;
  if (r.participated.heads > 0) {
    const Met m = Approves(in.agree, r.participated, in.threshold);
    r.approval_area_met = m.area;
    r.approval_heads_met = m.heads;
  }
  r.approval_met = r.approval_area_met && r.approval_heads_met;
  r.outcome = !r.participation_met ? Outcome::kVoid
              : r.approval_met     ? Outcome::kPassed
                                   : Outcome::kRejected;

  NonVoterFigures& nv = r.nonvoters;
  nv.enabled = in.nonvoters_with_majority;
  if (nv.enabled && r.participation_met) {
    nv.added = Share{in.total.area - r.participated.area, in.total.heads - r.participated.heads};
    if (in.agree.area > in.disagree.area && in.agree.heads > in.disagree.heads)
      nv.side = Choice::kAgree;
    else if (in.disagree.area > in.agree.area && in.disagree.heads > in.agree.heads)
      nv.side = Choice::kDisagree;
    nv.applied = nv.side.has_value();
    if (nv.applied) {
      const Share yes = *nv.side == Choice::kAgree ? in.agree + nv.added : in.agree;
      const Met m = Approves(yes, in.total, in.threshold);
      nv.approval_met = m.area && m.heads;
    }
  }
  return r;
}

}  // namespace linli::domain
