// The household CSV import, as the person uploading the file sees it: what lands in the plan,
// and for a bad file, which line and column each problem names and what it says.
#include "domain/org/household_import.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace linli::domain {
namespace {

constexpr std::string_view kHeader =
    "building,unit,floor,room,area_m2,area_source,owner_name,owner_phone,owner_kind,delivered";

// Lines joined with LF, header first.
std::string Csv(std::initializer_list<std::string_view> rows, std::string_view header = kHeader) {
  std::string out(header);
  out += '\n';
  for (auto r : rows) {
    out += r;
    out += '\n';
  }
  return out;
}

std::string Describe(const Error& e) {
  std::string out = e.message;
  for (const auto& r : e.rows)
    out += "\n  line " + std::to_string(r.line) + " [" + r.column + "] " + r.problem;
  return out;
}

ImportPlan PlanOf(std::string_view csv) {
  auto r = ParseHouseholdCsv(csv);
  EXPECT_TRUE(r.has_value()) << Describe(r.error());
  return r ? *r : ImportPlan{};
}

Error ErrorOf(std::string_view csv) {
  auto r = ParseHouseholdCsv(csv);
  EXPECT_FALSE(r.has_value()) << "the file was accepted";
  return r ? Error{} : r.error();
}

// True when some problem is on `line`, in `column`, and its sentence contains `text`.
::testing::AssertionResult HasProblem(const Error& e, int line, std::string_view column,
                                      std::string_view text) {
  for (const auto& r : e.rows)
    if (r.line == line && r.column == column && r.problem.find(text) != std::string::npos)
      return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "no problem at line " << line << " [" << column << "] containing '" << text << "' in:\n"
         << Describe(e);
}

// ---------------------------------------------------------------------------------------------
// Clean files

TEST(HouseholdImport, ReadsRoomsOwnersAndCounts) {
  ImportPlan plan = PlanOf(Csv({
      "1栋,1单元,1,101,89.45,registry,张测试,13800000001,person,yes",
      "1栋,1单元,1,102,90,survey,李示例,13800000002,person,yes",
      "1栋,2单元,3,301,90.5,contract,王样例,,person,no",
      "2栋,1单元,B1,B101,120.00,registry,赵演示,13800000003,organisation,yes",
  }));
  ASSERT_EQ(plan.households.size(), 4u);
  const ImportHousehold& h = plan.households[0];
  EXPECT_EQ(h.building, "1栋");
  EXPECT_EQ(h.unit, "1单元");
  EXPECT_EQ(h.floor, 1);
  EXPECT_EQ(h.floor_label, "1");
  EXPECT_EQ(h.room, "101");
  EXPECT_EQ(h.area_m2_x100, 8945);
  EXPECT_EQ(h.area_source, AreaSource::kRegistry);
  EXPECT_TRUE(h.delivered);
  EXPECT_EQ(h.line, 2);
  ASSERT_EQ(h.owners.size(), 1u);
  EXPECT_EQ(plan.owners[h.owners[0]].name, "张测试");
  EXPECT_EQ(plan.owners[h.owners[0]].phone, "13800000001");
  EXPECT_EQ(plan.owners[h.owners[0]].kind, OwnerKind::kPerson);

  EXPECT_EQ(plan.households[1].area_m2_x100, 9000);
  EXPECT_EQ(plan.households[1].area_source, AreaSource::kSurvey);
  EXPECT_EQ(plan.households[2].area_m2_x100, 9050);
  EXPECT_EQ(plan.households[2].area_source, AreaSource::kContract);
  EXPECT_FALSE(plan.households[2].delivered);
  EXPECT_EQ(plan.owners[plan.households[2].owners[0]].phone, "");
  EXPECT_EQ(plan.households[3].floor, -1);
  EXPECT_EQ(plan.households[3].floor_label, "B1");
  EXPECT_EQ(plan.owners[plan.households[3].owners[0]].kind, OwnerKind::kOrganisation);

  EXPECT_EQ(plan.counts.records, 4);
  EXPECT_EQ(plan.counts.buildings, 2);
  EXPECT_EQ(plan.counts.entrances, 3);
  EXPECT_EQ(plan.counts.households, 4);
  EXPECT_EQ(plan.counts.delivered_households, 3);
  EXPECT_EQ(plan.counts.owners, 4);
  EXPECT_EQ(plan.counts.area_m2_x100, 8945 + 9000 + 9050 + 12000);
}

TEST(HouseholdImport, AcceptsBomAndCrlfAsTheSameFile) {
  std::string plain = Csv({"1栋,1,1,101,89.45,registry,张测试,13800000001,person,yes",
                           "1栋,1,2,201,70.1,registry,李示例,,person,no"});
  std::string windows = "\xEF\xBB\xBF";
  for (char c : plain) {
    if (c == '\n')
      windows += "\r\n";
    else
      windows += c;
  }
  ImportPlan a = PlanOf(plain);
  ImportPlan b = PlanOf(windows);
  ASSERT_EQ(b.households.size(), 2u);
  EXPECT_EQ(b.households[0].building, "1栋");  // the BOM is not part of the first column
  EXPECT_EQ(b.households[1].room, "201");      // no stray CR at the end of a value
  EXPECT_FALSE(b.households[1].delivered);
  EXPECT_EQ(b.households[1].area_m2_x100, 7010);
  EXPECT_EQ(a.counts.area_m2_x100, b.counts.area_m2_x100);
  EXPECT_EQ(b.households[1].line, 3);
}

TEST(HouseholdImport, CrlfFileReportsPhysicalLines) {
  Error e = ErrorOf(
      "\xEF\xBB\xBF" + std::string(kHeader) +
      "\r\n1栋,1,1,101,89.45,registry,张测试,,person,yes\r\n\r\n1栋,1,1,102,abc,registry,李示例,,"
      "person,yes\r\n");
  EXPECT_TRUE(HasProblem(e, 4, "area_m2", "'abc' is not a number"));
}

TEST(HouseholdImport, HeaderInAnyOrderAnyCaseWithSpaces) {
  ImportPlan plan = PlanOf(
      Csv({"张测试, 89.45 ,101,1, 1栋 ,Registry,1单元,person,13800000001"},
          " Owner_Name ,AREA_M2,room,floor,Building,area_source,Unit,owner_kind,owner_phone"));
  ASSERT_EQ(plan.households.size(), 1u);
  EXPECT_EQ(plan.households[0].building, "1栋");
  EXPECT_EQ(plan.households[0].unit, "1单元");
  EXPECT_EQ(plan.households[0].area_m2_x100, 8945);
  EXPECT_TRUE(plan.households[0].delivered);  // no delivered column: delivered
  EXPECT_EQ(plan.owners[0].name, "张测试");
}

TEST(HouseholdImport, QuotedValuesWithCommasQuotesAndLineBreaks) {
  std::string csv = Csv({
      "\"3栋, A座\",1,1,101,\"89.45\",registry,\"张\"\"测试\"\"\",,person,yes",
      "4栋,1,1,101,70,registry,\"李示例\nsecond line\",,person,yes",
      "4栋,1,1,102,bad,registry,王样例,,person,yes",
  });
  Error e = ErrorOf(csv);
  // The multi-line value starts on line 3; the next record starts on physical line 5.
  EXPECT_TRUE(HasProblem(e, 3, "owner_name", "line break"));
  EXPECT_TRUE(HasProblem(e, 5, "area_m2", "'bad' is not a number"));
  EXPECT_EQ(e.rows.size(), 2u) << Describe(e);

  ImportPlan plan = PlanOf(Csv({
      "\"3栋, A座\",1,1,101,\"89.45\",registry,\"张\"\"测试\"\"\",,person,yes",
  }));
  EXPECT_EQ(plan.households[0].building, "3栋, A座");
  EXPECT_EQ(plan.owners[0].name, "张\"测试\"");
}

TEST(HouseholdImport, SkipsBlankLinesAndRowsOfEmptyCells) {
  std::string csv = std::string(kHeader) +
                    "\n\n1栋,1,1,101,89.45,registry,张测试,,person,yes\n,,,,,,,,,\n   \n"
                    "1栋,1,1,102,0,registry,李示例,,person,yes\n\n";
  Error e = ErrorOf(csv);
  ASSERT_EQ(e.rows.size(), 1u) << Describe(e);
  EXPECT_TRUE(HasProblem(e, 6, "area_m2", "is zero"));
}

TEST(HouseholdImport, AcceptsTheUsualSpellingsOfEachValue) {
  ImportPlan plan = PlanOf(Csv({
      "1栋,1,1,101,80,登记,张测试,,个人,是",
      "1栋,1,1,102,80,实测,李示例,,单位,否",
      "1栋,1,1,103,80,合同,,,开发商,N",
      "1栋,1,1,104,80,REGISTRY,王样例,,Person,y",
      "1栋,1,1,105,80,survey,赵演示,,organization,TRUE",
      "1栋,1,1,106,80,contract,钱测试,,developer,false",
      "1栋,1,1,107,80,registry,孙示例,,,1",
      "1栋,1,1,108,80,registry,周样例,,person,0",
      "1栋,1,1,109,80,registry,吴演示,,person,",
  }));
  ASSERT_EQ(plan.households.size(), 9u);
  const auto& h = plan.households;
  EXPECT_EQ(h[0].area_source, AreaSource::kRegistry);
  EXPECT_EQ(h[1].area_source, AreaSource::kSurvey);
  EXPECT_EQ(h[2].area_source, AreaSource::kContract);
  EXPECT_TRUE(h[0].delivered);
  EXPECT_FALSE(h[1].delivered);
  EXPECT_FALSE(h[2].delivered);
  EXPECT_TRUE(h[3].delivered);
  EXPECT_TRUE(h[4].delivered);
  EXPECT_FALSE(h[5].delivered);
  EXPECT_TRUE(h[6].delivered);
  EXPECT_FALSE(h[7].delivered);
  EXPECT_TRUE(h[8].delivered);  // empty means delivered
  EXPECT_EQ(plan.owners[h[0].owners[0]].kind, OwnerKind::kPerson);
  EXPECT_EQ(plan.owners[h[1].owners[0]].kind, OwnerKind::kOrganisation);
  EXPECT_EQ(plan.owners[h[2].owners[0]].kind, OwnerKind::kDeveloper);
  EXPECT_EQ(plan.owners[h[4].owners[0]].kind, OwnerKind::kOrganisation);
  EXPECT_EQ(plan.owners[h[6].owners[0]].kind, OwnerKind::kPerson);  // empty means person
}

// ---------------------------------------------------------------------------------------------
// Areas: exact decimal text, never floating point

TEST(HouseholdImportArea, ParsesDecimalTextExactly) {
  EXPECT_EQ(ParseAreaM2("89.45").value(), 8945);
  EXPECT_EQ(ParseAreaM2("90").value(), 9000);
  EXPECT_EQ(ParseAreaM2("90.5").value(), 9050);
  EXPECT_EQ(ParseAreaM2("0.01").value(), 1);
  EXPECT_EQ(ParseAreaM2("10000").value(), 1000000);
  EXPECT_EQ(ParseAreaM2("10000.00").value(), 1000000);
  EXPECT_EQ(ParseAreaM2("089.45").value(), 8945);
  EXPECT_EQ(ParseAreaM2(" 89.45 ").value(), 8945);
  EXPECT_EQ(ParseAreaM2("89.").value(), 8900);
  EXPECT_EQ(ParseAreaM2("89.450").value(), 8945);  // trailing zeros lose nothing
  // Values a double would round the wrong way when multiplied by 100.
  EXPECT_EQ(ParseAreaM2("0.29").value(), 29);
  EXPECT_EQ(ParseAreaM2("4.35").value(), 435);
  EXPECT_EQ(ParseAreaM2("1.15").value(), 115);
  EXPECT_EQ(ParseAreaM2("9999.99").value(), 999999);
}

TEST(HouseholdImportArea, RejectsWhatItCannotStoreExactly) {
  auto msg = [](std::string_view text) {
    auto r = ParseAreaM2(text);
    return r ? std::string("accepted") : r.error().message;
  };
  EXPECT_EQ(msg("89.4.5"), "area_m2 '89.4.5' is not a number; write the area in m² like 89.45");
  EXPECT_NE(msg("89.455").find("has more than 2 decimals"), std::string::npos);
  EXPECT_NE(msg("-89").find("is negative"), std::string::npos);
  EXPECT_NE(msg("0").find("is zero"), std::string::npos);
  EXPECT_NE(msg("0.00").find("is zero"), std::string::npos);
  EXPECT_NE(msg("10000.01").find("more than 10000 m²"), std::string::npos);
  EXPECT_NE(msg("99999999999999999999").find("more than 10000 m²"), std::string::npos);
  EXPECT_NE(msg("1e3").find("not a number"), std::string::npos);
  EXPECT_NE(msg("89,45").find("not a number"), std::string::npos);
  EXPECT_NE(msg("89.45㎡").find("not a number"), std::string::npos);
  EXPECT_NE(msg(".").find("not a number"), std::string::npos);
  EXPECT_NE(msg("").find("is empty"), std::string::npos);
  EXPECT_EQ(ParseAreaM2("abc").error().code, ErrorCode::kInvalidArgument);
}

TEST(HouseholdImportArea, FormatsHundredths) {
  EXPECT_EQ(FormatAreaM2(8945), "89.45");
  EXPECT_EQ(FormatAreaM2(9000), "90.00");
  EXPECT_EQ(FormatAreaM2(9050), "90.50");
  EXPECT_EQ(FormatAreaM2(1), "0.01");
}

TEST(HouseholdImportArea, FileAreaProblemsNameLineAndColumn) {
  Error e = ErrorOf(Csv({
      "1栋,1,1,101,89.4.5,registry,张测试,,person,yes",
      "1栋,1,1,102,89.455,registry,李示例,,person,yes",
      "1栋,1,1,103,-90,registry,王样例,,person,yes",
      "1栋,1,1,104,0,registry,赵演示,,person,yes",
      "1栋,1,1,105,12000,registry,钱测试,,person,yes",
      "1栋,1,1,106,,registry,孙示例,,person,yes",
  }));
  EXPECT_TRUE(HasProblem(e, 2, "area_m2",
                         "area_m2 '89.4.5' is not a number; write the area in m² like 89.45"));
  EXPECT_TRUE(HasProblem(e, 3, "area_m2", "more than 2 decimals"));
  EXPECT_TRUE(HasProblem(e, 4, "area_m2", "negative"));
  EXPECT_TRUE(HasProblem(e, 5, "area_m2", "zero"));
  EXPECT_TRUE(HasProblem(e, 6, "area_m2", "more than 10000 m²"));
  EXPECT_TRUE(HasProblem(e, 7, "area_m2", "area_m2 is empty"));
  EXPECT_EQ(e.message, "the file has 6 problems; nothing was imported");
}

// ---------------------------------------------------------------------------------------------
// Co-owners and owner identity

TEST(HouseholdImport, CoOwnersShareOneRoom) {
  ImportPlan plan = PlanOf(Csv({
      "1栋,1,1,101,89.45,registry,张测试,13800000001,person,yes",
      "1栋,1,1,101,89.45,registry,李示例,13800000002,person,yes",
  }));
  ASSERT_EQ(plan.households.size(), 1u);
  ASSERT_EQ(plan.households[0].owners.size(), 2u);
  EXPECT_EQ(plan.owners[plan.households[0].owners[1]].name, "李示例");
  EXPECT_EQ(plan.counts.records, 2);
  EXPECT_EQ(plan.counts.households, 1);
  EXPECT_EQ(plan.counts.owners, 2);
  EXPECT_EQ(plan.counts.area_m2_x100, 8945);  // the room's area is counted once
}

TEST(HouseholdImport, CoOwnersMustAgreeOnTheRoom) {
  Error e = ErrorOf(Csv({
      "1栋,1,1,101,89.45,registry,张测试,,person,yes",
      "1栋,1,1,101,90,survey,李示例,,person,no",
  }));
  EXPECT_TRUE(HasProblem(e, 3, "area_m2", "area_m2 90.00 differs from 89.45 on line 2"));
  EXPECT_TRUE(
      HasProblem(e, 3, "area_source", "area_source survey differs from registry on line 2"));
  EXPECT_TRUE(HasProblem(e, 3, "delivered", "delivered no differs from yes on line 2"));
  EXPECT_TRUE(HasProblem(e, 3, "area_m2", "building 1栋, unit 1, floor 1, room 101"));
  EXPECT_EQ(e.rows.size(), 3u) << Describe(e);
}

TEST(HouseholdImport, UseColumnMarksShopsAndParkingSpaces) {
  constexpr std::string_view kWithUse =
      "building,unit,floor,room,area_m2,area_source,owner_name,owner_phone,owner_kind,delivered,"
      "use";
  ImportPlan plan = PlanOf(Csv({"1栋,1,1,101,89.45,registry,张测试,,person,yes,",
                                "1栋,1,1,S01,45.00,registry,张测试,,person,yes,商铺",
                                "车库,A区,-1,P01,12.50,registry,张测试,,person,yes,parking",
                                "车库,A区,-1,P02,12.50,registry,李示例,,person,yes,车位"},
                               kWithUse));
  ASSERT_EQ(plan.households.size(), 4u);
  EXPECT_EQ(plan.households[0].use, UnitUse::kHome);  // empty: a home
  EXPECT_EQ(plan.households[1].use, UnitUse::kShop);
  EXPECT_EQ(plan.households[2].use, UnitUse::kParking);
  EXPECT_EQ(plan.households[3].use, UnitUse::kParking);
  // Without the column every unit is a home.
  EXPECT_EQ(PlanOf(Csv({"1栋,1,1,101,89.45,registry,张测试,,person,yes"})).households[0].use,
            UnitUse::kHome);
  Error e = ErrorOf(Csv({"1栋,1,1,101,89.45,registry,张测试,,person,yes,garage",
                         "1栋,1,1,102,89.45,registry,李示例,,person,yes,shop",
                         "1栋,1,1,102,89.45,registry,王测试,,person,yes,home"},
                        kWithUse));
  EXPECT_TRUE(HasProblem(e, 2, "use", "'garage' is not known; write home (住宅), shop (商铺)"))
      << Describe(e);
  EXPECT_TRUE(HasProblem(e, 4, "use", "use home differs from shop on line 3")) << Describe(e);
  EXPECT_EQ(ParseUnitUseName("parking"), UnitUse::kParking);
  EXPECT_FALSE(ParseUnitUseName("车位"));
}

TEST(HouseholdImport, B1AndMinusOneAreTheSameFloor) {
  ImportPlan plan = PlanOf(Csv({
      "1栋,1,B1,1,30,registry,张测试,,person,yes",
      "1栋,1,-1,1,30,registry,李示例,,person,yes",
  }));
  ASSERT_EQ(plan.households.size(), 1u);
  EXPECT_EQ(plan.households[0].floor_label, "B1");  // as first written
  EXPECT_EQ(plan.households[0].owners.size(), 2u);
}

TEST(HouseholdImport, OnePhoneIsOneOwnerAcrossRooms) {
  ImportPlan plan = PlanOf(Csv({
      "1栋,1,1,101,89.45,registry,张测试,13800000001,person,yes",
      "1栋,1,1,102,70,registry,张测试,138-0000-0001,person,yes",
      "2栋,1,1,101,70,registry,张测试,138 0000 0001,person,yes",
      "2栋,1,1,102,70,registry,张测试,+86 138 0000 0001,person,yes",
  }));
  EXPECT_EQ(plan.counts.households, 4);
  EXPECT_EQ(plan.counts.owners, 1);
  ASSERT_EQ(plan.owners.size(), 1u);
  EXPECT_EQ(plan.owners[0].phone, "13800000001");
  EXPECT_EQ(plan.owners[0].line, 2);
  for (const auto& h : plan.households) EXPECT_EQ(h.owners, std::vector<size_t>{0});
}

TEST(HouseholdImport, WithoutPhoneKindAndNameIdentifyTheOwner) {
  ImportPlan plan = PlanOf(Csv({
      "1栋,1,1,101,80,registry,张测试,,person,yes",
      "1栋,1,1,102,80,registry,张测试,,person,yes",
      "1栋,1,1,103,80,registry,张测试,,organisation,yes",
      "1栋,1,1,104,80,registry,张测试,13800000001,person,yes",
  }));
  // Same name and kind without phone: one owner; another kind or a phone: someone else.
  EXPECT_EQ(plan.counts.owners, 3);
}

TEST(HouseholdImport, OnePhoneWithTwoNamesIsAnError) {
  Error e = ErrorOf(Csv({
      "1栋,1,1,101,89.45,registry,张测试,13800000001,person,yes",
      "1栋,1,1,102,70,registry,李示例,13800000001,person,yes",
  }));
  ASSERT_EQ(e.rows.size(), 1u) << Describe(e);
  EXPECT_TRUE(HasProblem(e, 3, "owner_name",
                         "owner_phone 13800000001 belongs to '张测试' on line 2 but this row "
                         "names '李示例'"));
}

TEST(HouseholdImport, OnePhoneWithTwoKindsIsAnError) {
  Error e = ErrorOf(Csv({
      "1栋,1,1,101,89.45,registry,张测试,13800000001,person,yes",
      "1栋,1,1,102,70,registry,张测试,13800000001,organisation,yes",
  }));
  EXPECT_TRUE(HasProblem(e, 3, "owner_kind", "differs from person"));
}

TEST(HouseholdImport, TheSameOwnerTwiceInOneRoomIsADuplicateRow) {
  Error e = ErrorOf(Csv({
      "1栋,1,1,101,89.45,registry,张测试,13800000001,person,yes",
      "1栋,1,1,102,70,registry,李示例,,person,yes",
      "1栋,1,1,101,89.45,registry,张测试,13800000001,person,yes",
      "1栋,1,1,102,70,registry,李示例,,person,yes",
  }));
  EXPECT_TRUE(HasProblem(e, 4, "", "duplicate row: line 2 already lists the owner '张测试'"));
  EXPECT_TRUE(HasProblem(e, 5, "", "duplicate row: line 3 already lists the owner '李示例'"));
  EXPECT_EQ(e.rows.size(), 2u) << Describe(e);
}

TEST(HouseholdImport, DeveloperUndeliveredRoomsMayOmitTheName) {
  ImportPlan plan = PlanOf(Csv({
      "1栋,1,1,101,89.45,registry,,,developer,no",
      "1栋,1,1,102,89.45,registry,,,开发商,否",
      "1栋,1,1,103,89.45,registry,张测试,,person,yes",
  }));
  ASSERT_EQ(plan.owners.size(), 2u);
  EXPECT_EQ(plan.owners[0].name, "开发商");
  EXPECT_EQ(plan.owners[0].kind, OwnerKind::kDeveloper);
  EXPECT_EQ(plan.households[0].owners, plan.households[1].owners);  // one developer
  EXPECT_EQ(plan.counts.delivered_households, 1);
}

TEST(HouseholdImport, OwnerNameIsRequiredOtherwise) {
  Error e = ErrorOf(Csv({
      "1栋,1,1,101,89.45,registry,,,developer,yes",
      "1栋,1,1,102,89.45,registry,,,person,no",
      "1栋,1,1,103,89.45,registry,,13800000001,,yes",
  }));
  EXPECT_TRUE(HasProblem(e, 2, "owner_name", "owner_name is empty"));
  EXPECT_TRUE(HasProblem(e, 3, "owner_name", "owner_name is empty"));
  EXPECT_TRUE(HasProblem(e, 4, "owner_name", "only a developer's undelivered room"));
}

// ---------------------------------------------------------------------------------------------
// Every other problem, with its line and column

TEST(HouseholdImport, PlaceProblems) {
  std::string long32(32, 'A');
  std::string long33_cn;
  for (int i = 0; i < 33; ++i) long33_cn += "楼";
  Error e = ErrorOf(Csv({
      ",1,1,101,80,registry,张测试,,person,yes",
      "1栋,,1,101,80,registry,张测试,,person,yes",
      "1栋,1,,101,80,registry,张测试,,person,yes",
      "1栋,1,1,,80,registry,张测试,,person,yes",
      long33_cn + ",1,1,101,80,registry,张测试,,person,yes",
      "1栋,1,abc,101,80,registry,张测试,,person,yes",
      "1栋,1,201,101,80,registry,张测试,,person,yes",
      "1栋,1,-6,101,80,registry,张测试,,person,yes",
      "1栋,1,B6,101,80,registry,张测试,,person,yes",
      "1栋,1,B0,101,80,registry,张测试,,person,yes",
  }));
  EXPECT_TRUE(HasProblem(e, 2, "building", "building is empty; write the building name"));
  EXPECT_TRUE(HasProblem(e, 3, "unit", "unit is empty"));
  EXPECT_TRUE(HasProblem(e, 4, "floor", "floor is empty"));
  EXPECT_TRUE(HasProblem(e, 5, "room", "room is empty"));
  EXPECT_TRUE(HasProblem(e, 6, "building", "is longer than 32 characters"));
  EXPECT_TRUE(HasProblem(e, 7, "floor", "floor 'abc' is not a floor number"));
  EXPECT_TRUE(HasProblem(e, 8, "floor", "floor '201' is outside -5..200"));
  EXPECT_TRUE(HasProblem(e, 9, "floor", "floor '-6' is outside -5..200"));
  EXPECT_TRUE(HasProblem(e, 10, "floor", "floor 'B6' is outside -5..200"));
  EXPECT_TRUE(HasProblem(e, 11, "floor", "not a floor number"));
  EXPECT_EQ(e.rows.size(), 10u) << Describe(e);

  ImportPlan plan = PlanOf(Csv({
      long32 + ",1,1,101,80,registry,张测试,,person,yes",
      "1栋,1,3层,301,80,registry,张测试,,person,yes",
      "1栋,1,+200,20001,80,registry,张测试,,person,yes",
      "1栋,1,b2,B201,80,registry,张测试,,person,yes",
  }));
  EXPECT_EQ(plan.households[0].building, long32);  // exactly 32 is fine
  EXPECT_EQ(plan.households[1].floor, 3);
  EXPECT_EQ(plan.households[1].floor_label, "3层");
  EXPECT_EQ(plan.households[2].floor, 200);
  EXPECT_EQ(plan.households[3].floor, -2);
}

TEST(HouseholdImport, ValueProblems) {
  Error e = ErrorOf(Csv({
      "1栋,1,1,101,80,,张测试,,person,yes",
      "1栋,1,1,102,80,estimate,张测试,,person,yes",
      "1栋,1,1,103,80,registry,张测试,,person,maybe",
      "1栋,1,1,104,80,registry,张测试,,tenant,yes",
      "1栋,1,1,105,80,registry,张测试,010-12345678,person,yes",
      "1栋,1,1,106,80,registry,张测试,1380000000,person,yes",
      "1栋,1,1,107,80,registry,张测试,23800000001,person,yes",
      "1栋,1,1,108,80,registry," + std::string(65, 'x') + ",,person,yes",
  }));
  EXPECT_TRUE(HasProblem(e, 2, "area_source", "area_source is empty; write registry"));
  EXPECT_TRUE(HasProblem(e, 3, "area_source", "area_source 'estimate' is not known"));
  EXPECT_TRUE(HasProblem(e, 4, "delivered", "delivered 'maybe' is not yes or no"));
  EXPECT_TRUE(HasProblem(e, 5, "owner_kind", "owner_kind 'tenant' is not known"));
  EXPECT_TRUE(HasProblem(e, 6, "owner_phone",
                         "owner_phone '010-12345678' is not a mainland mobile number"));
  EXPECT_TRUE(HasProblem(e, 6, "owner_phone", "landlines are not accepted"));
  EXPECT_TRUE(HasProblem(e, 7, "owner_phone", "not a mainland mobile number"));
  EXPECT_TRUE(HasProblem(e, 8, "owner_phone", "not a mainland mobile number"));
  EXPECT_TRUE(HasProblem(e, 9, "owner_name", "is longer than 64 characters"));
  EXPECT_EQ(e.rows.size(), 8u) << Describe(e);
}

TEST(HouseholdImport, EveryProblemOfEveryRowIsListedInFileOrder) {
  Error e = ErrorOf(Csv({
      "1栋,1,1,101,89.45,registry,张测试,,person,yes",
      "1栋,1,x,102,abc,nowhere,李示例,123,robot,perhaps",
      "1栋,1,1,103,70,registry,王样例,,person,yes",
      ",1,1,104,-1,registry,赵演示,,person,yes",
  }));
  EXPECT_EQ(e.code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(e.message, "the file has 8 problems; nothing was imported");
  ASSERT_EQ(e.rows.size(), 8u) << Describe(e);
  for (int i = 0; i < 6; ++i) EXPECT_EQ(e.rows[i].line, 3);
  EXPECT_EQ(e.rows[6].line, 5);
  EXPECT_EQ(e.rows[7].line, 5);
  EXPECT_TRUE(HasProblem(e, 3, "floor", "'x'"));
  EXPECT_TRUE(HasProblem(e, 3, "area_m2", "'abc'"));
  EXPECT_TRUE(HasProblem(e, 3, "area_source", "'nowhere'"));
  EXPECT_TRUE(HasProblem(e, 3, "delivered", "'perhaps'"));
  EXPECT_TRUE(HasProblem(e, 3, "owner_kind", "'robot'"));
  EXPECT_TRUE(HasProblem(e, 3, "owner_phone", "'123'"));
  EXPECT_TRUE(HasProblem(e, 5, "building", "empty"));
  EXPECT_TRUE(HasProblem(e, 5, "area_m2", "negative"));
}

TEST(HouseholdImport, OneProblemIsSingular) {
  Error e = ErrorOf(Csv({"1栋,1,1,101,abc,registry,张测试,,person,yes"}));
  EXPECT_EQ(e.message, "the file has 1 problem; nothing was imported");
}

TEST(HouseholdImport, StopsListingAtOneThousandProblemsButCountsThemAll) {
  std::string csv(kHeader);
  csv += '\n';
  for (int i = 0; i < 1500; ++i) csv += "1栋,1,1," + std::to_string(i) + ",abc,registry,张,,,\n";
  Error e = ErrorOf(csv);
  EXPECT_EQ(e.rows.size(), 1000u);
  EXPECT_EQ(e.rows.front().line, 2);
  EXPECT_EQ(e.rows.back().line, 1001);
  EXPECT_EQ(e.message,
            "the file has 1500 problems (the first 1000 are listed); nothing was imported");
}

TEST(HouseholdImport, LongValuesAreShortenedInMessages) {
  std::string junk(300, 'x');
  Error e = ErrorOf(Csv({"1栋,1,1,101," + junk + ",registry,张测试,,person,yes"}));
  ASSERT_EQ(e.rows.size(), 1u);
  EXPECT_LT(e.rows[0].problem.size(), 200u);
  EXPECT_NE(e.rows[0].problem.find("…"), std::string::npos);
}

TEST(HouseholdImport, RowWithTooManyValues) {
  Error e = ErrorOf(Csv({
      "1栋,1,1,101,89,45,registry,张测试,,person,yes",
  }));
  ASSERT_EQ(e.rows.size(), 1u) << Describe(e);
  EXPECT_TRUE(HasProblem(e, 2, "", "the row has 11 values but the header has 10 columns"));
  EXPECT_TRUE(HasProblem(e, 2, "", "double quotes"));

  // Empty cells past the last column (Excel leaves them) are harmless.
  PlanOf(Csv({"1栋,1,1,101,89.45,registry,张测试,,person,yes,,"}));
  // Too few values: the missing cells are empty.
  ImportPlan plan = PlanOf(Csv({"1栋,1,1,101,89.45,registry,张测试"}));
  EXPECT_TRUE(plan.households[0].delivered);
  EXPECT_EQ(plan.owners[0].kind, OwnerKind::kPerson);
}

TEST(HouseholdImport, UnclosedQuoteNamesTheLineWhereItOpens) {
  Error e = ErrorOf(Csv({
      "1栋,1,1,101,89.45,registry,张测试,,person,yes",
      "1栋,1,1,102,89.45,registry,\"李示例,,person,yes",
      "1栋,1,1,103,89.45,registry,王样例,,person,yes",
  }));
  ASSERT_EQ(e.rows.size(), 1u) << Describe(e);
  EXPECT_TRUE(HasProblem(e, 3, "", "a double quote opened on line 3 is never closed"));
}

// ---------------------------------------------------------------------------------------------
// The header

TEST(HouseholdImportHeader, MissingColumnsAreEachNamed) {
  Error e =
      ErrorOf(Csv({"1栋,1,1,101,89.45,张测试"}, "building,unit,floor,room,area_m2,owner_name"));
  EXPECT_TRUE(HasProblem(e, 1, "area_source", "column 'area_source' is missing from the header"));
  EXPECT_TRUE(HasProblem(e, 1, "owner_phone", "is missing"));
  EXPECT_TRUE(HasProblem(e, 1, "owner_kind", "is missing"));
  EXPECT_EQ(e.rows.size(), 3u) << Describe(e);  // delivered is optional; rows are not read
  EXPECT_EQ(e.message, "the file has 3 problems; nothing was imported");
}

TEST(HouseholdImportHeader, UnknownColumnsAreNamedAndRowsStillChecked) {
  Error e = ErrorOf(Csv({"1栋,1,1,101,abc,registry,张测试,,person,yes,x,y"},
                        std::string(kHeader) + ",Remark,身份证号"));
  EXPECT_TRUE(HasProblem(e, 1, "Remark", "unknown column 'Remark' in the header"));
  EXPECT_TRUE(HasProblem(e, 1, "身份证号", "unknown column '身份证号'"));
  EXPECT_TRUE(HasProblem(e, 2, "area_m2", "not a number"));
}

TEST(HouseholdImportHeader, DuplicateColumnIsAnError) {
  Error e = ErrorOf(
      Csv({"1栋,1,1,101,80,registry,张测试,,person,yes,1"}, std::string(kHeader) + ",Building"));
  EXPECT_TRUE(HasProblem(e, 1, "building", "column 'building' appears twice"));
}

TEST(HouseholdImportHeader, UnnamedColumnsMayOnlyBeEmpty) {
  PlanOf(Csv({"1栋,1,1,101,80,registry,张测试,,person,yes,"}, std::string(kHeader) + ","));
  Error e =
      ErrorOf(Csv({"1栋,1,1,101,80,registry,张测试,,person,yes,note"}, std::string(kHeader) + ","));
  EXPECT_TRUE(HasProblem(e, 2, "", "the value 'note' in column 11, which has no name"));
}

// ---------------------------------------------------------------------------------------------
// Whole-file problems

TEST(HouseholdImportFile, NotUtf8NamesTheFirstBadLine) {
  // "张三" in GBK on line 3.
  std::string csv = Csv({"1栋,1,1,101,80,registry,张测试,,person,yes",
                         "1栋,1,1,102,80,registry,\xD5\xC5\xC8\xFD,,person,yes",
                         "1栋,1,1,103,80,registry,\xC0\xEE,,person,yes"});
  Error e = ErrorOf(csv);
  ASSERT_EQ(e.rows.size(), 1u) << Describe(e);
  EXPECT_TRUE(HasProblem(e, 3, "", "line 3 is not UTF-8 text"));
  EXPECT_TRUE(HasProblem(e, 3, "", "CSV UTF-8"));
  EXPECT_EQ(e.message, "the file has 1 problem; nothing was imported");
}

TEST(HouseholdImportFile, Utf16IsNotUtf8) {
  std::string csv(
      "\xFF\xFE"
      "b\0u\0",
      6);
  Error e = ErrorOf(csv);
  EXPECT_TRUE(HasProblem(e, 1, "", "not UTF-8"));
  Error nul = ErrorOf(std::string("b\0u\0i\0l\0d\0", 10));
  EXPECT_TRUE(HasProblem(nul, 1, "", "not UTF-8"));
}

TEST(HouseholdImportFile, EmptyFile) {
  for (std::string_view csv : {std::string_view(""), std::string_view("\xEF\xBB\xBF"),
                               std::string_view("\n\r\n  \n"), std::string_view(",,,\n")}) {
    Error e = ErrorOf(csv);
    EXPECT_EQ(e.code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(e.message, "the file is empty; nothing was imported");
    ASSERT_EQ(e.rows.size(), 1u);
    EXPECT_NE(e.rows[0].problem.find("header row building,unit,floor"), std::string::npos);
  }
}

TEST(HouseholdImportFile, HeaderOnly) {
  for (std::string csv :
       {std::string(kHeader), std::string(kHeader) + "\r\n", std::string(kHeader) + "\n\n,,,,\n"}) {
    Error e = ErrorOf(csv);
    EXPECT_EQ(e.message, "no households in the file; nothing was imported");
    EXPECT_TRUE(HasProblem(e, 1, "", "a header row but no households"));
  }
}

}  // namespace
}  // namespace linli::domain
