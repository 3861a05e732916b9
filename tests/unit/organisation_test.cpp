// The party tree, committees and property contracts: pure domain rules.
#include "domain/org/organisation.hpp"

#include <gtest/gtest.h>

namespace linli::domain {
namespace {

CivilDate D(const char* text) {
  auto d = ParseCivilDate(text, "date");
  EXPECT_TRUE(d) << text;
  return d.value_or(CivilDate{});
}

TEST(CivilDate, ParsesFormatsAndRefusesNonDates) {
  EXPECT_EQ(D("2026-03-01").ToString(), "2026-03-01");
  EXPECT_EQ(D("2024-02-29").ToString(), "2024-02-29");
  for (const char* bad : {"2026-3-1", "2026/03/01", "2026-02-29", "2026-13-01", "2026-00-10",
                          "1899-12-31", "20260301", "", "2026-03-01T00:00"}) {
    auto r = ParseCivilDate(bad, "term_start");
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().field, "term_start");
  }
  EXPECT_LT(D("2026-02-28"), D("2026-03-01"));
  EXPECT_EQ(D("1970-01-02").DayNumber(), 1);
  EXPECT_EQ(AddYears(D("2024-02-29"), 5).ToString(), "2029-02-28");
  EXPECT_EQ(AddYears(D("2026-03-01"), 5).ToString(), "2031-03-01");
}

TEST(PartyOrgKinds, NamesRoundTrip) {
  for (auto k : {PartyOrgKind::kWorkingCommittee, PartyOrgKind::kCommunityCommittee,
                 PartyOrgKind::kGeneralBranch, PartyOrgKind::kBranch, PartyOrgKind::kPartyGroup})
    EXPECT_EQ(ParsePartyOrgKind(PartyOrgKindName(k)), k);
  EXPECT_EQ(PartyOrgKindChinese(PartyOrgKind::kWorkingCommittee), "街道党工委");
  EXPECT_EQ(PartyOrgKindChinese(PartyOrgKind::kPartyGroup), "党小组");
  EXPECT_FALSE(ParsePartyOrgKind("cell"));
  for (auto f : {BranchFunction::kEstate, BranchFunction::kBuilding, BranchFunction::kCommittee,
                 BranchFunction::kProperty, BranchFunction::kWorkingMembers,
                 BranchFunction::kRetired, BranchFunction::kMobile})
    EXPECT_EQ(ParseBranchFunction(BranchFunctionName(f)), f);
  EXPECT_FALSE(ParseBranchFunction("other"));
}

TEST(PartyOrgPlacement, EachKindAtItsUnit) {
  EXPECT_TRUE(CheckPartyOrgUnit(PartyOrgKind::kWorkingCommittee, UnitKind::kStreet));
  EXPECT_TRUE(CheckPartyOrgUnit(PartyOrgKind::kCommunityCommittee, UnitKind::kCommunity));
  EXPECT_TRUE(CheckPartyOrgUnit(PartyOrgKind::kGeneralBranch, UnitKind::kEstate));
  EXPECT_TRUE(CheckPartyOrgUnit(PartyOrgKind::kBranch, UnitKind::kEstate));
  EXPECT_TRUE(CheckPartyOrgUnit(PartyOrgKind::kBranch, UnitKind::kCommunity));  // 社区党支部
  EXPECT_TRUE(CheckPartyOrgUnit(PartyOrgKind::kPartyGroup, UnitKind::kEstate));

  auto wrong = CheckPartyOrgUnit(PartyOrgKind::kBranch, UnitKind::kStreet);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().field, "unit_id");
  EXPECT_NE(wrong.error().message.find("estate"), std::string::npos);
  EXPECT_FALSE(CheckPartyOrgUnit(PartyOrgKind::kWorkingCommittee, UnitKind::kCommunity));
  EXPECT_FALSE(CheckPartyOrgUnit(PartyOrgKind::kCommunityCommittee, UnitKind::kEstate));
}

TEST(PartyOrgPlacement, WhichKindSitsUnderWhich) {
  using K = PartyOrgKind;
  EXPECT_TRUE(CheckPartyOrgParent(K::kCommunityCommittee, K::kWorkingCommittee));
  EXPECT_TRUE(CheckPartyOrgParent(K::kGeneralBranch, K::kCommunityCommittee));
  EXPECT_TRUE(CheckPartyOrgParent(K::kBranch, K::kGeneralBranch));
  EXPECT_TRUE(CheckPartyOrgParent(K::kBranch, K::kCommunityCommittee));  // the 4-level variant
  EXPECT_TRUE(CheckPartyOrgParent(K::kPartyGroup, K::kBranch));
  EXPECT_TRUE(CheckPartyOrgParent(K::kBranch, K::kBranch));  // under a 社区党支部 (seed 004)
  // Upper levels may be missing from Linli; a party group never floats free.
  EXPECT_TRUE(CheckPartyOrgParent(K::kBranch, std::nullopt));
  auto orphan = CheckPartyOrgParent(K::kPartyGroup, std::nullopt);
  ASSERT_FALSE(orphan);
  EXPECT_EQ(orphan.error().field, "parent_id");

  for (auto [kind, parent] :
       std::vector<std::pair<K, K>>{{K::kPartyGroup, K::kGeneralBranch},
                                    {K::kBranch, K::kPartyGroup},
                                    {K::kWorkingCommittee, K::kCommunityCommittee},
                                    {K::kCommunityCommittee, K::kBranch}}) {
    auto r = CheckPartyOrgParent(kind, parent);
    ASSERT_FALSE(r) << PartyOrgKindName(kind) << " under " << PartyOrgKindName(parent);
    EXPECT_EQ(r.error().field, "parent_id");
  }
  EXPECT_TRUE(CheckPartyOrgParentPlace("/1/2/3/4/", "/1/2/3/"));
  EXPECT_TRUE(CheckPartyOrgParentPlace("/1/2/3/4/", "/1/2/3/4/"));
  EXPECT_FALSE(CheckPartyOrgParentPlace("/1/2/3/4/", "/1/2/9/"));
}

TEST(PartyOrgPlacement, FunctionAndBuilding) {
  EXPECT_TRUE(CheckPartyOrgFields(PartyOrgKind::kBranch, BranchFunction::kRetired, false));
  EXPECT_TRUE(CheckPartyOrgFields(PartyOrgKind::kPartyGroup, std::nullopt, true));
  EXPECT_TRUE(CheckPartyOrgFields(PartyOrgKind::kBranch, BranchFunction::kBuilding, true));
  auto f = CheckPartyOrgFields(PartyOrgKind::kPartyGroup, BranchFunction::kEstate, false);
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().field, "function");
  auto b = CheckPartyOrgFields(PartyOrgKind::kBranch, BranchFunction::kEstate, true);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().field, "building_id");
  EXPECT_FALSE(CheckPartyOrgFields(PartyOrgKind::kGeneralBranch, std::nullopt, true));
}

TEST(PartyOrgName, Limits) {
  EXPECT_TRUE(CheckPartyOrgName("幸福小区党支部"));
  EXPECT_FALSE(CheckPartyOrgName(" "));
  EXPECT_FALSE(CheckPartyOrgName(std::string(65, 'a')));
  EXPECT_FALSE(CheckPartyOrgName("第一\n党支部"));
}

TEST(Committee, TermIsAtMostFiveYearsAndEndsAfterItStarts) {
  EXPECT_TRUE(CheckCommitteeTerm(D("2026-03-01"), D("2031-03-01")));
  EXPECT_TRUE(CheckCommitteeTerm(D("2026-03-01"), D("2029-02-28")));
  auto too_long = CheckCommitteeTerm(D("2026-03-01"), D("2031-03-02"));
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().field, "term_end");
  EXPECT_NE(too_long.error().message.find("2031-03-01"), std::string::npos);
  EXPECT_FALSE(CheckCommitteeTerm(D("2026-03-01"), D("2026-03-01")));
  EXPECT_FALSE(CheckCommitteeTerm(D("2026-03-01"), D("2025-03-01")));
  // Started on 29 February: five years end on 28 February.
  EXPECT_TRUE(CheckCommitteeTerm(D("2024-02-29"), D("2029-02-28")));
  EXPECT_FALSE(CheckCommitteeTerm(D("2024-02-29"), D("2029-03-01")));
}

TEST(Committee, SizeIsAWarningForEvenOrOutOfRange) {
  for (int n : {5, 7, 9, 11})
    EXPECT_FALSE(CommitteeSizeWarning(CommitteeKind::kOwnersCommittee, n)) << n;
  for (int n : {0, 1, 3, 4, 6, 8, 10, 12, 13}) {
    auto w = CommitteeSizeWarning(CommitteeKind::kOwnersCommittee, n);
    ASSERT_TRUE(w) << n;
    EXPECT_NE(w->message.find("业委会 has " + std::to_string(n)), std::string::npos) << w->message;
  }
  EXPECT_NE(CommitteeSizeWarning(CommitteeKind::kManagementCommittee, 2)->message.find("物管会"),
            std::string::npos);
}

TEST(Committee, SizeWarningsHaveCodes) {
  auto code = [](int n) { return CommitteeSizeWarning(CommitteeKind::kOwnersCommittee, n)->code; };
  for (int n : {0, 1, 2, 3, 4}) EXPECT_EQ(code(n), "too_few_members") << n;
  for (int n : {6, 8, 10}) EXPECT_EQ(code(n), "even_member_count") << n;
  for (int n : {12, 13, 20}) EXPECT_EQ(code(n), "too_many_members") << n;
  EXPECT_EQ(ParseCommitteeKind("owners_committee"), CommitteeKind::kOwnersCommittee);
  EXPECT_EQ(ParseCommitteeKind("management_committee"), CommitteeKind::kManagementCommittee);
  EXPECT_FALSE(ParseCommitteeKind("board"));
}

TEST(Property, CreditCodeCheckCharacter) {
  EXPECT_EQ(NormaliseCreditCode("91350100M000100Y43").value(), "91350100M000100Y43");
  EXPECT_EQ(NormaliseCreditCode("91110108551385082q").value(), "91110108551385082Q");
  EXPECT_EQ(NormaliseCreditCode("").value(), "");
  for (const char* bad :
       {"91350100M000100Y44", "91350100M000100Y4", "91350100M000100I43", "hello"}) {
    auto r = NormaliseCreditCode(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().field, "credit_code");
  }
  EXPECT_TRUE(CheckCompanyPhone("023-68001234"));
  EXPECT_TRUE(CheckCompanyPhone(""));
  EXPECT_FALSE(CheckCompanyPhone("call us"));
}

TEST(Property, ContractScopesAndDates) {
  for (auto s : {ContractScope::kWhole, ContractScope::kCleaning, ContractScope::kGreening,
                 ContractScope::kRepair, ContractScope::kSecurity})
    EXPECT_EQ(ParseContractScope(ContractScopeName(s)), s);
  EXPECT_FALSE(ParseContractScope("parking"));
  EXPECT_TRUE(CheckContractDates(D("2026-01-01"), D("2026-12-31")));
  auto r = CheckContractDates(D("2026-01-01"), D("2026-01-01"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "end_date");
}

PropertyContract Contract(ContractScope scope, const char* start, const char* end) {
  PropertyContract c;
  c.scope = scope;
  c.start_date = D(start);
  c.end_date = D(end);
  return c;
}

TEST(Property, OverlappingContracts) {
  std::vector<PropertyContract> existing = {
      Contract(ContractScope::kCleaning, "2026-01-01", "2026-12-31")};
  // Another item beside it is itemised outsourcing: fine.
  EXPECT_TRUE(CheckContractOverlap(Contract(ContractScope::kGreening, "2026-03-01", "2027-02-28"),
                                   existing));
  // The same item after it ends: fine. During it: refused.
  EXPECT_TRUE(CheckContractOverlap(Contract(ContractScope::kCleaning, "2027-01-01", "2027-12-31"),
                                   existing));
  auto same = CheckContractOverlap(Contract(ContractScope::kCleaning, "2026-06-01", "2027-05-31"),
                                   existing);
  ASSERT_FALSE(same);
  EXPECT_EQ(same.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(same.error().field, "start_date");
  // A whole-estate contract cannot run beside an item.
  EXPECT_FALSE(
      CheckContractOverlap(Contract(ContractScope::kWhole, "2026-06-01", "2027-05-31"), existing));
}

TEST(Property, ServiceModeWarnings) {
  const auto today = D("2026-03-01");
  std::vector<PropertyContract> whole = {
      Contract(ContractScope::kWhole, "2026-01-01", "2028-12-31")};
  std::vector<PropertyContract> items = {
      Contract(ContractScope::kCleaning, "2026-01-01", "2026-12-31")};
  std::vector<PropertyContract> expired = {
      Contract(ContractScope::kWhole, "2020-01-01", "2025-12-31")};
  auto code = [&](const char* mode, const std::vector<PropertyContract>& contracts) {
    auto w = ServiceModeContractWarning(mode, contracts, today);
    EXPECT_TRUE(!w || !w->message.empty());
    return w ? w->code : std::string();
  };
  EXPECT_EQ(code("whole", whole), "");
  EXPECT_EQ(code("whole", expired), "no_whole_contract_but_mode_whole");
  EXPECT_EQ(code("itemised", items), "");
  EXPECT_EQ(code("itemised", whole), "whole_contract_but_mode_itemised");
  EXPECT_EQ(code("itemised", expired), "no_item_contract_but_mode_itemised");
  EXPECT_EQ(code("self_managed", whole), "whole_contract_but_mode_self_managed");
  EXPECT_EQ(code("self_managed", items), "");
  EXPECT_EQ(code("none", items), "contracts_but_mode_none");
  EXPECT_EQ(code("none", {}), "");
  EXPECT_EQ(code("community_company", whole), "");
}

TEST(Wording, IndefiniteArticleBeforeVowels) {
  EXPECT_EQ(WithIndefiniteArticle("estate"), "an estate");
  EXPECT_EQ(WithIndefiniteArticle("owners_committee"), "an owners_committee");
  EXPECT_EQ(WithIndefiniteArticle("itemised contract"), "an itemised contract");
  EXPECT_EQ(WithIndefiniteArticle("community"), "a community");
  EXPECT_EQ(WithIndefiniteArticle("whole contract"), "a whole contract");
  EXPECT_EQ(WithIndefiniteArticle("party_group (党小组)"), "a party_group (党小组)");
  // A working committee belongs to a street: the message names the estate it was offered.
  auto r = CheckPartyOrgUnit(PartyOrgKind::kWorkingCommittee, UnitKind::kEstate);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("not to an estate"), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().message.find("a estate"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace linli::domain
