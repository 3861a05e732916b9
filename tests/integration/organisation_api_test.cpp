// Party organisations, committees, property companies, people and posts through the HTTP API,
// with the privacy rules of RULES.md §9.
#include <gtest/gtest.h>

#include <cctype>

#include "harness.hpp"

namespace linli::testing {
namespace {
namespace json = boost::json;

std::string Str(const json::value& v) { return std::string(v.as_string()); }
std::string Id(std::int64_t id) { return std::to_string(id); }
std::string UrlEncode(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// Valid ID numbers (GB 11643 check characters).
constexpr const char* kIdNumbers[] = {
    "11010519491231002X", "440308199001011239", "500103198506153012",
    "310101197001010013", "500103198506153020", "500103198506153039",
    "500103198506153047", "500103198506153055", "500103198506153063"};

const json::object* FindItem(const json::value& list, const char* key, std::int64_t id) {
  for (const auto& item : list.at("items").as_array())
    if (item.at(key).as_int64() == id) return &item.as_object();
  return nullptr;
}

class OrganisationApi : public ::testing::Test {
 protected:
  void SetUp() override {
    admin_ = s_.AdminToken();
    ids_ = s_.MakeTree("幸福小区");
    community_ = ids_[2];
    estate_ = ids_[3];
    auto b = s_.env().db.Write([&](storage::Tx& tx) -> Result<std::int64_t> {
      return tx.InsertReturningId(
          "INSERT INTO buildings (estate_id, name, created_at) VALUES (?, '1栋', 0) RETURNING id",
          {estate_});
    });
    ASSERT_TRUE(b);
    building_ = *b;
  }

  std::int64_t MustCreate(const std::string& path, const json::object& body,
                          const std::string& token = "") {
    auto r = s_.Post(path, body, token.empty() ? admin_ : token);
    EXPECT_EQ(r.status, 201) << path << " " << json::serialize(body) << " -> " << r.body;
    return r.status == 201 ? r.json.at("id").as_int64() : 0;
  }

  std::int64_t Org(const std::string& kind, const std::string& name, std::int64_t unit,
                   std::optional<std::int64_t> parent, json::object extra = {}) {
    json::object body{{"kind", kind}, {"name", name}, {"unit_id", unit}};
    if (parent) body["parent_id"] = *parent;
    for (auto& [k, v] : extra) body[k] = v;
    return MustCreate("/api/v1/party-orgs", body);
  }

  std::int64_t Person(const std::string& name, const std::string& phone, bool member,
                      std::optional<std::int64_t> org = std::nullopt,
                      const char* id_number = nullptr) {
    json::object body{
        {"name", name}, {"phone", phone}, {"unit_id", estate_}, {"party_member", member}};
    if (org) body["party_org_id"] = *org;
    if (id_number) body["id_number"] = id_number;
    return MustCreate("/api/v1/people", body);
  }

  std::int64_t Post(std::int64_t person, const std::string& post, json::object links = {}) {
    json::object body{
        {"person_id", person}, {"post", post}, {"unit_id", estate_}, {"start_date", "2026-03-01"}};
    for (auto& [k, v] : links) body[k] = v;
    return MustCreate("/api/v1/posts", body);
  }

  // A branch with two party groups, a 业委会 of 9 (6 party members), the first of whom is
  // also the branch secretary and the second a branch committee member.
  void BuildEstate() {
    community_committee_ = Org("community_committee", "幸福社区党委", community_, std::nullopt);
    branch_ = Org("branch", "幸福小区党支部", estate_, community_committee_);
    group1_ = Org("party_group", "1栋党小组", estate_, branch_, {{"building_id", building_}});
    group2_ = Org("party_group", "2栋党小组", estate_, branch_);
    committee_ =
        MustCreate("/api/v1/estates/" + Id(estate_) + "/committees", {{"kind", "owners_committee"},
                                                                      {"name", "第一届业委会"},
                                                                      {"term_start", "2026-01-01"},
                                                                      {"term_end", "2030-12-31"}});
    const char* names[] = {"张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周杰"};
    for (int i = 0; i < 9; ++i) {
      const bool member = i < 6;
      people_.push_back(Person(names[i], "1391234560" + std::to_string(i), member,
                               member ? std::optional<std::int64_t>(branch_) : std::nullopt,
                               kIdNumbers[i]));
    }
    Post(people_[0], "committee_chair", {{"committee_id", committee_}});
    Post(people_[1], "committee_vice_chair", {{"committee_id", committee_}});
    for (int i = 2; i < 9; ++i)
      Post(people_[i], "committee_member", {{"committee_id", committee_}});
    Post(people_[0], "branch_secretary", {{"party_org_id", branch_}});
    Post(people_[1], "branch_committee_member", {{"party_org_id", branch_}});
    Post(people_[8], "building_lead", {{"building_id", building_}});
  }

  TestServer s_;
  std::string admin_;
  std::vector<std::int64_t> ids_;
  std::int64_t community_ = 0, estate_ = 0, building_ = 0;
  std::int64_t community_committee_ = 0, branch_ = 0, group1_ = 0, group2_ = 0, committee_ = 0;
  std::vector<std::int64_t> people_;
};

TEST_F(OrganisationApi, PartyTreeWithGroupsAndPlacementRules) {
  BuildEstate();
  auto estate_orgs = s_.Get("/api/v1/units/" + Id(estate_) + "/party-orgs", admin_);
  ASSERT_EQ(estate_orgs.status, 200) << estate_orgs.body;
  EXPECT_EQ(estate_orgs.json.at("total"), 3);
  auto* branch = FindItem(estate_orgs.json, "id", branch_);
  ASSERT_TRUE(branch);
  EXPECT_EQ(branch->at("function"), "estate");  // the default for an estate's branch
  EXPECT_EQ(branch->at("parent_id"), community_committee_);
  auto* group = FindItem(estate_orgs.json, "id", group1_);
  ASSERT_TRUE(group);
  EXPECT_EQ(group->at("kind"), "party_group");
  EXPECT_EQ(group->at("building_id"), building_);
  EXPECT_TRUE(group->at("function").is_null());
  EXPECT_EQ(s_.Get("/api/v1/units/" + Id(community_) + "/party-orgs", admin_).json.at("total"), 4);

  auto field_of = [&](const json::object& body) {
    auto r = s_.Post("/api/v1/party-orgs", body, admin_);
    EXPECT_EQ(r.status, 400) << r.body;
    return r.status == 400 ? Str(r.json.at("error").at("field"))
                           : std::string("status ") + std::to_string(r.status);
  };
  EXPECT_EQ(field_of({{"kind", "branch"}, {"name", "街道里的支部"}, {"unit_id", ids_[1]}}),
            "unit_id");
  EXPECT_EQ(field_of({{"kind", "party_group"}, {"name", "无主小组"}, {"unit_id", estate_}}),
            "parent_id");
  EXPECT_EQ(field_of({{"kind", "party_group"},
                      {"name", "小组下的小组"},
                      {"unit_id", estate_},
                      {"parent_id", group1_}}),
            "parent_id");
  EXPECT_EQ(field_of({{"kind", "cell"}, {"name", "x"}, {"unit_id", estate_}}), "kind");
  EXPECT_EQ(
      field_of({{"kind", "branch"}, {"name", "x"}, {"unit_id", estate_}, {"function", "sports"}}),
      "function");
  EXPECT_EQ(
      field_of(
          {{"kind", "branch"}, {"name", "x"}, {"unit_id", estate_}, {"building_id", building_}}),
      "building_id");
  EXPECT_EQ(field_of({{"kind", "branch"}, {"unit_id", estate_}}), "name");
  auto dup = s_.Post(
      "/api/v1/party-orgs",
      json::object{{"kind", "branch"}, {"name", "幸福小区党支部"}, {"unit_id", estate_}}, admin_);
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.json.at("error").at("field"), "name");

  auto renamed =
      s_.Patch("/api/v1/party-orgs/" + Id(group2_),
               json::object{{"name", "2栋党小组（东）"}, {"building_id", building_}}, admin_);
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.json.at("name"), "2栋党小组（东）");
  EXPECT_EQ(renamed.json.at("building_id"), building_);
  auto bad_patch =
      s_.Patch("/api/v1/party-orgs/" + Id(group2_), json::object{{"parent_id", nullptr}}, admin_);
  EXPECT_EQ(bad_patch.status, 400);
  EXPECT_EQ(bad_patch.json.at("error").at("field"), "parent_id");
  EXPECT_EQ(s_.Patch("/api/v1/party-orgs/" + Id(group2_), json::object{{"kind", "branch"}}, admin_)
                .status,
            400);
}

TEST_F(OrganisationApi, CrossAppointmentsNineAndSix) {
  BuildEstate();
  auto cross = s_.Get("/api/v1/estates/" + Id(estate_) + "/cross-appointments", admin_);
  ASSERT_EQ(cross.status, 200) << cross.body;
  EXPECT_EQ(cross.json.at("committee_members"), 9);
  EXPECT_EQ(cross.json.at("committee_party_members"), 6);
  EXPECT_EQ(cross.json.at("branch_committee_members"), 2);
  EXPECT_EQ(cross.json.at("branch_members_on_committee"), 2);
  const auto& several = cross.json.at("people_with_several_posts").as_array();
  ASSERT_EQ(several.size(), 3u);  // chair+secretary, vice chair+branch member, member+building lead
  EXPECT_EQ(several[0].at("person_id"), people_[0]);
  EXPECT_EQ(several[0].at("name"), "张伟");
  EXPECT_EQ(several[0].at("posts"), (json::array{"branch_secretary", "committee_chair"}));

  auto committees = s_.Get("/api/v1/estates/" + Id(estate_) + "/committees", admin_);
  ASSERT_EQ(committees.status, 200) << committees.body;
  ASSERT_EQ(committees.json.at("total"), 1);
  const auto& c = committees.json.at("items").as_array()[0];
  EXPECT_EQ(c.at("kind"), "owners_committee");
  EXPECT_EQ(c.at("member_count"), 9);
  EXPECT_TRUE(c.at("member_warning").is_null());
  EXPECT_EQ(c.at("current"), true);
  ASSERT_EQ(c.at("members").as_array().size(), 9u);
  EXPECT_EQ(c.at("members").as_array()[0].at("post"), "committee_chair");
  EXPECT_EQ(c.at("members").as_array()[0].at("name"), "张伟");
  EXPECT_EQ(c.at("members").as_array()[1].at("post"), "committee_vice_chair");

  // Ending one seat leaves 8: an even number is a warning, not a refusal.
  auto posts = s_.Get("/api/v1/estates/" + Id(estate_) + "/posts", admin_);
  ASSERT_EQ(posts.status, 200);
  std::int64_t last_member_post = 0;
  for (const auto& p : posts.json.at("items").as_array())
    if (p.at("post") == "committee_member" && p.at("person").at("id") == people_[7])
      last_member_post = p.at("id").as_int64();
  ASSERT_NE(last_member_post, 0);
  auto ended = s_.Call("DELETE", "/api/v1/posts/" + Id(last_member_post), "", admin_);
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(ended.json.at("end_date"), "2026-03-01");
  EXPECT_EQ(s_.Call("DELETE", "/api/v1/posts/" + Id(last_member_post), "", admin_).status, 409);
  auto after = s_.Get("/api/v1/estates/" + Id(estate_) + "/committees", admin_)
                   .json.at("items")
                   .as_array()[0];
  EXPECT_EQ(after.at("member_count"), 8);
  EXPECT_NE(Str(after.at("member_warning")).find("8 members"), std::string::npos);
  EXPECT_EQ(s_.Get("/api/v1/estates/" + Id(estate_) + "/cross-appointments", admin_)
                .json.at("committee_members"),
            8);
  // History is kept.
  auto rows = s_.env().db.Read([&](storage::Tx& tx) -> Result<std::int64_t> {
    LINLI_ASSIGN_OR_RETURN(auto row,
                           tx.QueryOne("SELECT COUNT(*) FROM posts WHERE end_date IS NOT NULL"));
    return row->Int(0);
  });
  EXPECT_EQ(*rows, 1);
}

TEST_F(OrganisationApi, PostRules) {
  BuildEstate();
  auto person = Person("孙丽", "13700000001", false);
  auto refuse = [&](json::object body, int status, const char* field) {
    body["person_id"] = body.contains("person_id") ? body["person_id"] : json::value(person);
    body["unit_id"] = body.contains("unit_id") ? body["unit_id"] : json::value(estate_);
    auto r = s_.Post("/api/v1/posts", body, admin_);
    EXPECT_EQ(r.status, status) << json::serialize(body) << " -> " << r.body;
    EXPECT_EQ(r.json.at("error").at("field"), field) << r.body;
  };
  refuse({{"post", "mayor"}}, 400, "post");
  refuse({{"post", "building_lead"}}, 400, "building_id");
  refuse({{"post", "committee_member"}}, 400, "committee_id");
  refuse({{"post", "committee_member"}, {"committee_id", committee_}, {"building_id", building_}},
         400, "building_id");
  refuse({{"post", "branch_committee_member"}, {"party_org_id", group1_}}, 400, "party_org_id");
  refuse({{"post", "grid_worker"}, {"start_date", "2026-02-30"}}, 400, "start_date");
  refuse({{"post", "grid_worker"}, {"unit_id", community_}}, 400, "unit_id");
  refuse({{"post", "grid_worker"}, {"person_id", 99999}}, 404, "person_id");
  // A branch post needs a party member; a second chair must wait for the first to go.
  refuse({{"post", "branch_committee_member"}, {"party_org_id", branch_}}, 409, "person_id");
  refuse({{"post", "committee_chair"}, {"committee_id", committee_}}, 409, "post");
  refuse({{"post", "building_lead"}, {"building_id", building_}, {"person_id", people_[8]}}, 409,
         "post");

  // A committee of another estate is not this estate's.
  auto other = s_.MakeTree("别的小区")[3];
  auto other_committee =
      MustCreate("/api/v1/estates/" + Id(other) + "/committees", {{"kind", "management_committee"},
                                                                  {"name", "物管会"},
                                                                  {"term_start", "2026-01-01"},
                                                                  {"term_end", "2028-12-31"}});
  refuse({{"post", "committee_member"}, {"committee_id", other_committee}}, 400, "committee_id");

  // The community party secretary sits at the community; with it, 张伟 is "一肩挑" three times.
  auto secretary = s_.Post("/api/v1/posts",
                           json::object{{"person_id", people_[0]},
                                        {"post", "community_party_secretary"},
                                        {"unit_id", community_},
                                        {"party_org_id", community_committee_}},
                           admin_);
  ASSERT_EQ(secretary.status, 201) << secretary.body;
  EXPECT_EQ(secretary.json.at("start_date"), "2026-03-01");  // today by default
  auto cross = s_.Get("/api/v1/estates/" + Id(estate_) + "/cross-appointments", admin_);
  EXPECT_EQ(cross.json.at("people_with_several_posts").as_array()[0].at("posts"),
            (json::array{"branch_secretary", "committee_chair", "community_party_secretary"}));
  // Estate posts list only the estate's.
  auto posts = s_.Get("/api/v1/estates/" + Id(estate_) + "/posts", admin_);
  EXPECT_EQ(posts.json.at("total"), 12);
  EXPECT_EQ(posts.json.at("items").as_array()[0].at("post"), "branch_secretary");
}

TEST_F(OrganisationApi, ResidentsSeeMaskedNamesAndNoMembershipBranchSeesItAudited) {
  BuildEstate();
  // 王芳 agreed to show her membership (亮身份).
  auto consent = s_.Patch("/api/v1/people/" + Id(people_[1]),
                          json::object{{"show_party_membership", true}}, admin_);
  ASSERT_EQ(consent.status, 200) << consent.body;

  auto resident = s_.UserWithRole("13900000011", "resident", estate_);
  auto posts = s_.Get("/api/v1/estates/" + Id(estate_) + "/posts", resident);
  ASSERT_EQ(posts.status, 200) << posts.body;
  for (const auto& p : posts.json.at("items").as_array()) {
    const auto& person = p.at("person").as_object();
    const std::string name = Str(person.at("name"));
    EXPECT_NE(name.find("*"), std::string::npos) << name;
    EXPECT_NE(Str(person.at("phone")).find("****"), std::string::npos);
    if (person.at("id") == people_[1]) {
      EXPECT_EQ(person.at("party_member"), true);  // consented
    } else {
      EXPECT_FALSE(person.contains("party_member")) << json::serialize(person);
    }
  }
  EXPECT_EQ(posts.json.at("items").as_array()[0].at("person").at("name"), "张**");
  auto cross = s_.Get("/api/v1/estates/" + Id(estate_) + "/cross-appointments", resident);
  ASSERT_EQ(cross.status, 200);
  EXPECT_EQ(cross.json.at("committee_party_members"), 6);  // an aggregate
  EXPECT_EQ(cross.json.at("people_with_several_posts").as_array()[0].at("name"), "张**");
  auto members = s_.Get("/api/v1/estates/" + Id(estate_) + "/committees", resident);
  EXPECT_EQ(members.json.at("items").as_array()[0].at("members").as_array()[0].at("name"), "张**");
  // The person register is not for residents.
  EXPECT_EQ(s_.Get("/api/v1/people?unit_id=" + Id(estate_), resident).status, 403);
  EXPECT_EQ(s_.Get("/api/v1/people/" + Id(people_[0]), resident).status, 403);
  // Reading without sensitive data leaves no read_sensitive entry.
  auto audit_count = [&] {
    auto r = s_.env().db.Read([&](storage::Tx& tx) -> Result<std::int64_t> {
      LINLI_ASSIGN_OR_RETURN(
          auto row, tx.QueryOne("SELECT COUNT(*) FROM audit_log WHERE action = 'read_sensitive'"));
      return row->Int(0);
    });
    return r.value_or(-1);
  };
  const auto before = audit_count();

  auto branch = s_.UserWithRole("13900000012", "branch", estate_);
  auto seen = s_.Get("/api/v1/estates/" + Id(estate_) + "/posts", branch);
  ASSERT_EQ(seen.status, 200);
  for (const auto& p : seen.json.at("items").as_array()) {
    ASSERT_TRUE(p.at("person").as_object().contains("party_member")) << json::serialize(p);
    EXPECT_EQ(p.at("person").at("name").as_string().find("*"), std::string::npos);
  }
  EXPECT_EQ(audit_count(), before + 1);
  auto audit = s_.Get("/api/v1/audit?unit_id=" + Id(estate_) + "&entity=person", admin_);
  ASSERT_EQ(audit.status, 200) << audit.body;
  const auto& entry = audit.json.at("items").as_array()[0];
  EXPECT_EQ(entry.at("action"), "read_sensitive");
  EXPECT_EQ(entry.at("after").at("fields"), (json::array{"party_member"}));
  EXPECT_EQ(entry.at("after").at("people").as_array().size(), 9u);

  // The register: the branch sees membership but not ID numbers.
  auto one = s_.Get("/api/v1/people/" + Id(people_[2]), branch);
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.json.at("name"), "李娜");
  EXPECT_EQ(one.json.at("party_member"), true);
  EXPECT_EQ(one.json.at("party_org_id"), branch_);
  EXPECT_FALSE(one.json.as_object().contains("id_number"));
  EXPECT_EQ(s_.Get("/api/v1/people/" + Id(people_[2]) + "?reveal=id_number", branch).status, 403);
  EXPECT_EQ(audit_count(), before + 2);

  // The committee sees the owner roll's ID numbers (masked unless revealed), never membership.
  auto committee = s_.UserWithRole("13900000013", "committee", estate_);
  auto masked = s_.Get("/api/v1/people/" + Id(people_[0]), committee);
  ASSERT_EQ(masked.status, 200) << masked.body;
  EXPECT_EQ(masked.json.at("id_number"), "1101**********002X");
  EXPECT_FALSE(masked.json.as_object().contains("party_member"));
  auto revealed = s_.Get("/api/v1/people/" + Id(people_[0]) + "?reveal=id_number", committee);
  ASSERT_EQ(revealed.status, 200);
  EXPECT_EQ(revealed.json.at("id_number"), "11010519491231002X");
  auto last = s_.Get("/api/v1/audit?unit_id=" + Id(estate_) + "&entity=person&page_size=1", admin_);
  EXPECT_EQ(last.json.at("items").as_array()[0].at("after").at("fields"),
            (json::array{"id_number"}));
  EXPECT_EQ(last.json.at("items").as_array()[0].at("entity_id"), people_[0]);
  EXPECT_EQ(audit_count(), before + 4);

  // Listing: masked per viewer; the branch's list of people is audited once.
  auto list = s_.Get("/api/v1/people?unit_id=" + Id(estate_) + "&q=" + UrlEncode("王"), branch);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json.at("total"), 1);
  EXPECT_EQ(list.json.at("items").as_array()[0].at("name"), "王芳");
  EXPECT_EQ(audit_count(), before + 5);
}

TEST_F(OrganisationApi, IdNumbersAndMembershipAreStoredEncrypted) {
  BuildEstate();
  auto rows = s_.env().db.Read([&](storage::Tx& tx) { return tx.Query("SELECT * FROM people"); });
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 9u);
  std::set<size_t> party_lengths;
  for (const auto& row : *rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      const std::string& text = row.Text(i);
      for (const char* id : kIdNumbers)
        EXPECT_EQ(text.find(id), std::string::npos) << "plain ID number in people";
      EXPECT_EQ(text.find("\"m\""), std::string::npos) << "plain party membership in people";
    }
  }
  auto enc = s_.env().db.Read([&](storage::Tx& tx) {
    return tx.Query("SELECT id_number_enc, id_number_index, party_enc FROM people ORDER BY id");
  });
  ASSERT_TRUE(enc);
  for (const auto& row : *enc) {
    EXPECT_EQ(row.Text(0).rfind("v1:", 0), 0u);
    EXPECT_FALSE(row.Text(1).empty());
    EXPECT_EQ(row.Text(2).rfind("v1:", 0), 0u);
    party_lengths.insert(row.Text(2).size());
  }
  // Members and non-members look the same at rest.
  EXPECT_EQ(party_lengths.size(), 1u);
  // Nor do the audit log or the sessions hold the numbers.
  auto audit = s_.env().db.Read(
      [&](storage::Tx& tx) { return tx.Query("SELECT before_json, after_json FROM audit_log"); });
  ASSERT_TRUE(audit);
  for (const auto& row : *audit)
    for (const char* id : kIdNumbers) {
      EXPECT_EQ(row.Text(0).find(id), std::string::npos);
      EXPECT_EQ(row.Text(1).find(id), std::string::npos);
    }
  // The same number twice is refused (found through the blind index).
  auto dup = s_.Post(
      "/api/v1/people",
      json::object{{"name", "重复"}, {"unit_id", estate_}, {"id_number", "11010519491231002x"}},
      admin_);
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.json.at("error").at("field"), "id_number");
}

TEST_F(OrganisationApi, BadPersonInputNamesTheField) {
  BuildEstate();
  auto field_of = [&](json::object body, int status = 400) {
    if (!body.contains("unit_id")) body["unit_id"] = estate_;
    auto r = s_.Post("/api/v1/people", body, admin_);
    EXPECT_EQ(r.status, status) << json::serialize(body) << " -> " << r.body;
    return r.json.is_object() && r.json.as_object().contains("error")
               ? Str(r.json.at("error").at("field"))
               : std::string("-");
  };
  EXPECT_EQ(field_of({{"name", ""}}), "name");
  EXPECT_EQ(field_of({{"name", "甲"}, {"phone", "12345"}}), "phone");
  EXPECT_EQ(field_of({{"name", "甲"}, {"id_number", "110105194912310021"}}), "id_number");
  EXPECT_EQ(field_of({{"name", "甲"}, {"id_number", "11010519491331002X"}}), "id_number");
  EXPECT_EQ(field_of({{"name", "甲"}, {"party_member", false}, {"party_org_id", branch_}}),
            "party_org_id");
  EXPECT_EQ(field_of({{"name", "甲"}, {"party_member", "yes"}}), "party_member");
  EXPECT_EQ(field_of({{"name", "甲"}, {"unit_id", nullptr}}), "unit_id");
  EXPECT_EQ(field_of({{"name", "甲"}, {"unit_id", 99999}}, 404), "unit_id");
  EXPECT_EQ(field_of({{"name", "甲"}, {"household_id", 99999}}, 404), "household_id");

  // A household must be in the person's estate.
  auto other = s_.MakeTree("别的小区")[3];
  auto hh = s_.env().db.Write([&](storage::Tx& tx) -> Result<std::vector<std::int64_t>> {
    std::vector<std::int64_t> out;
    for (auto estate : {estate_, other}) {
      LINLI_ASSIGN_OR_RETURN(auto b,
                             tx.InsertReturningId("INSERT INTO buildings (estate_id, name, "
                                                  "created_at) VALUES (?, '9栋', 0) RETURNING id",
                                                  {estate}));
      LINLI_ASSIGN_OR_RETURN(
          auto e,
          tx.InsertReturningId(
              "INSERT INTO entrances (building_id, name) VALUES (?, '1单元') RETURNING id", {b}));
      LINLI_ASSIGN_OR_RETURN(
          auto h, tx.InsertReturningId(
                      "INSERT INTO households (estate_id, building_id, entrance_id, floor, "
                      "floor_label, room, area_centi, area_source, created_at, updated_at) "
                      "VALUES (?, ?, ?, 1, '1', '101', 8945, 'registry', 0, 0) RETURNING id",
                      {estate, b, e}));
      out.push_back(h);
    }
    return out;
  });
  ASSERT_TRUE(hh) << hh.error().message;
  EXPECT_EQ(field_of({{"name", "甲"}, {"household_id", (*hh)[1]}}), "household_id");
  auto ok = s_.Post(
      "/api/v1/people",
      json::object{{"name", "住户甲"}, {"unit_id", estate_}, {"household_id", (*hh)[0]}}, admin_);
  EXPECT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(ok.json.at("household_id"), (*hh)[0]);

  // PATCH: leaving the party clears the organisation and the consent.
  auto left =
      s_.Patch("/api/v1/people/" + Id(people_[3]), json::object{{"party_member", false}}, admin_);
  ASSERT_EQ(left.status, 200) << left.body;
  EXPECT_EQ(left.json.at("party_member"), false);
  EXPECT_TRUE(left.json.at("party_org_id").is_null());
  auto cross = s_.Get("/api/v1/estates/" + Id(estate_) + "/cross-appointments", admin_);
  EXPECT_EQ(cross.json.at("committee_party_members"), 5);
  EXPECT_EQ(s_.Patch("/api/v1/people/" + Id(people_[3]),
                     json::object{{"show_party_membership", true}}, admin_)
                .json.at("error")
                .at("field"),
            "show_party_membership");
  EXPECT_EQ(s_.Patch("/api/v1/people/" + Id(people_[3]), json::object{{"id_number", kIdNumbers[0]}},
                     admin_)
                .status,
            409);
  auto cleared = s_.Patch("/api/v1/people/" + Id(people_[3]),
                          json::object{{"phone", nullptr}, {"id_number", nullptr}}, admin_);
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_TRUE(cleared.json.at("phone").is_null());
  // Only managers edit people.
  auto resident = s_.UserWithRole("13900000021", "resident", estate_);
  EXPECT_EQ(s_.Post("/api/v1/people", json::object{{"name", "甲"}, {"unit_id", estate_}}, resident)
                .status,
            403);
  EXPECT_EQ(
      s_.Patch("/api/v1/people/" + Id(people_[3]), json::object{{"name", "乙"}}, resident).status,
      403);
}

TEST_F(OrganisationApi, CommitteesCompaniesAndContracts) {
  auto path = "/api/v1/estates/" + Id(estate_) + "/committees";
  auto field_of = [&](const std::string& p, json::object body, int status = 400) {
    auto r = s_.Post(p, body, admin_);
    EXPECT_EQ(r.status, status) << json::serialize(body) << " -> " << r.body;
    return r.json.is_object() && r.json.as_object().contains("error")
               ? Str(r.json.at("error").at("field"))
               : std::string("-");
  };
  json::object good{{"kind", "owners_committee"},
                    {"name", "业委会"},
                    {"term_start", "2026-03-01"},
                    {"term_end", "2031-03-01"}};
  auto made = s_.Post(path, good, admin_);
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.json.at("member_count"), 0);
  EXPECT_FALSE(made.json.at("member_warning").is_null());
  auto g = good;
  g["term_end"] = "2031-03-02";
  g["name"] = "x";
  EXPECT_EQ(field_of(path, g), "term_end");
  g["term_end"] = "2026-02-01";
  EXPECT_EQ(field_of(path, g), "term_end");
  g["term_end"] = "soon";
  EXPECT_EQ(field_of(path, g), "term_end");
  g = good;
  g["kind"] = "board";
  EXPECT_EQ(field_of(path, g), "kind");
  EXPECT_EQ(field_of(path, good, 409), "name");
  EXPECT_EQ(s_.Post("/api/v1/estates/" + Id(community_) + "/committees", good, admin_).status,
            400);  // not an estate

  auto company = s_.Post(
      "/api/v1/property-companies",
      json::object{
          {"name", "金科物业"}, {"credit_code", "91350100M000100Y43"}, {"phone", "023-68001234"}},
      admin_);
  ASSERT_EQ(company.status, 201) << company.body;
  auto company_id = company.json.at("id").as_int64();
  EXPECT_EQ(field_of("/api/v1/property-companies",
                     {{"name", "另一家"}, {"credit_code", "91350100M000100Y44"}}),
            "credit_code");
  EXPECT_EQ(field_of("/api/v1/property-companies", {{"name", "金科物业"}}, 409), "name");
  auto cleaner = MustCreate("/api/v1/property-companies", {{"name", "洁美保洁"}});
  auto list = s_.Get("/api/v1/property-companies?q=" + UrlEncode("金科"), admin_);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.json.at("total"), 1);

  auto contracts = "/api/v1/estates/" + Id(estate_) + "/property-contracts";
  EXPECT_EQ(field_of(contracts, {{"company_id", company_id},
                                 {"scope", "parking"},
                                 {"start_date", "2026-01-01"},
                                 {"end_date", "2027-01-01"}}),
            "scope");
  EXPECT_EQ(field_of(contracts, {{"company_id", company_id},
                                 {"scope", "whole"},
                                 {"start_date", "2026-01-01"},
                                 {"end_date", "2025-01-01"}}),
            "end_date");
  EXPECT_EQ(
      field_of(contracts,
               {{"scope", "whole"}, {"start_date", "2026-01-01"}, {"end_date", "2027-01-01"}}),
      "company_id");
  EXPECT_EQ(field_of(contracts,
                     {{"company_id", 99999},
                      {"scope", "whole"},
                      {"start_date", "2026-01-01"},
                      {"end_date", "2027-01-01"}},
                     404),
            "company_id");
  MustCreate(contracts, {{"company_id", company_id},
                         {"scope", "whole"},
                         {"start_date", "2026-01-01"},
                         {"end_date", "2028-12-31"}});
  EXPECT_EQ(field_of(contracts,
                     {{"company_id", cleaner},
                      {"scope", "cleaning"},
                      {"start_date", "2027-01-01"},
                      {"end_date", "2027-12-31"}},
                     409),
            "start_date");
  MustCreate(contracts, {{"company_id", cleaner},
                         {"scope", "cleaning"},
                         {"start_date", "2029-01-01"},
                         {"end_date", "2029-12-31"}});
  auto listed = s_.Get(contracts, admin_);
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.json.at("total"), 2);
  EXPECT_EQ(listed.json.at("items").as_array()[0].at("company_name"), "金科物业");
  EXPECT_EQ(listed.json.at("items").as_array()[0].at("in_force"), true);
  EXPECT_EQ(listed.json.at("items").as_array()[1].at("in_force"), false);
  EXPECT_EQ(listed.json.at("service_mode"), "none");
  EXPECT_FALSE(listed.json.at("service_mode_warning").is_null());

  // Residents read, but do not write.
  auto resident = s_.UserWithRole("13900000031", "resident", estate_);
  EXPECT_EQ(s_.Get(contracts, resident).status, 200);
  EXPECT_EQ(s_.Get(path, resident).status, 200);
  EXPECT_EQ(s_.Post(path, good, resident).status, 403);
  EXPECT_EQ(
      s_.Post("/api/v1/property-companies", json::object{{"name", "某物业"}}, resident).status,
      403);
  // An official elsewhere cannot reach this estate.
  auto other_street = s_.Post(
      "/api/v1/units",
      json::object{{"kind", "street"}, {"name", "别的街道"}, {"parent_id", ids_[0]}}, admin_);
  ASSERT_EQ(other_street.status, 201);
  auto official = s_.UserWithRole("13900000032", "official", other_street.json.at("id").as_int64());
  EXPECT_EQ(s_.Get(path, official).status, 403);
  EXPECT_EQ(s_.Post("/api/v1/party-orgs",
                    json::object{{"kind", "branch"}, {"name", "越界支部"}, {"unit_id", estate_}},
                    official)
                .status,
            403);
}

// A post held at a community (社区党委书记) is listed at the community and can be ended there;
// the refusal of a second holder names the first and says where to end the post.
TEST_F(OrganisationApi, CommunityPostsAreListedAtTheUnitAndEnded) {
  BuildEstate();
  const std::string community_posts = "/api/v1/units/" + Id(community_) + "/posts";
  const json::object secretary_body{{"person_id", people_[0]},
                                    {"post", "community_party_secretary"},
                                    {"unit_id", community_},
                                    {"party_org_id", community_committee_}};
  auto made = s_.Post("/api/v1/posts", secretary_body, admin_);
  ASSERT_EQ(made.status, 201) << made.body;
  const auto post_id = made.json.at("id").as_int64();

  auto listed = s_.Get(community_posts, admin_);
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(listed.json.at("total"), 1);
  const auto& item = listed.json.at("items").as_array()[0];
  EXPECT_EQ(item.at("id"), post_id);
  EXPECT_EQ(item.at("post"), "community_party_secretary");
  EXPECT_EQ(item.at("unit_id"), community_);
  EXPECT_EQ(item.at("person").at("name"), "张伟");
  // At an estate the unit list is the estate list; the estate list stays as it was.
  auto at_estate = s_.Get("/api/v1/units/" + Id(estate_) + "/posts", admin_);
  ASSERT_EQ(at_estate.status, 200) << at_estate.body;
  EXPECT_EQ(at_estate.json, s_.Get("/api/v1/estates/" + Id(estate_) + "/posts", admin_).json);
  EXPECT_EQ(at_estate.json.at("total"), 12);
  EXPECT_EQ(s_.Get("/api/v1/estates/" + Id(community_) + "/posts", admin_).status, 400);
  EXPECT_EQ(s_.Get("/api/v1/units/99999/posts", admin_).status, 404);
  // A resident of the estate cannot see the community's posts; a community official can.
  auto resident = s_.UserWithRole("13900000041", "resident", estate_);
  EXPECT_EQ(s_.Get(community_posts, resident).status, 403);
  auto official = s_.UserWithRole("13900000042", "official", community_);
  EXPECT_EQ(s_.Get(community_posts, official).json.at("total"), 1);

  // A second secretary: refused, naming the holder and where to end the post.
  auto second = secretary_body;
  second["person_id"] = people_[1];
  auto refused = s_.Post("/api/v1/posts", second, admin_);
  ASSERT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(refused.json.at("error").at("field"), "post");
  const std::string message = Str(refused.json.at("error").at("message"));
  EXPECT_NE(message.find("张伟"), std::string::npos) << message;
  EXPECT_NE(message.find("测试社区"), std::string::npos) << message;
  EXPECT_NE(message.find("GET /api/v1/units/" + Id(community_) + "/posts"), std::string::npos)
      << message;
  EXPECT_NE(message.find("DELETE /api/v1/posts/" + Id(post_id)), std::string::npos) << message;

  // Ending it needs ManageOrganisation at the community, not only at the estate.
  auto estate_branch = s_.UserWithRole("13900000043", "branch", estate_);
  EXPECT_EQ(s_.Call("DELETE", "/api/v1/posts/" + Id(post_id), "", estate_branch).status, 403);
  auto ended = s_.Call("DELETE", "/api/v1/posts/" + Id(post_id), "", official);
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(ended.json.at("end_date"), "2026-03-01");
  EXPECT_EQ(s_.Get(community_posts, admin_).json.at("total"), 0);
  EXPECT_EQ(s_.Post("/api/v1/posts", second, admin_).status, 201);
}

// The holder named in the refusal is masked for a viewer who may not read their personal data.
TEST_F(OrganisationApi, TakenPostRefusalMasksTheHolderPerViewer) {
  BuildEstate();
  // The first branch secretary is registered at the community, above the estate.
  auto outsider = MustCreate("/api/v1/people", {{"name", "吴敏"},
                                                {"unit_id", community_},
                                                {"party_member", true},
                                                {"party_org_id", community_committee_}});
  auto branch2 = Org("branch", "幸福小区第二党支部", estate_, community_committee_);
  auto held = Post(outsider, "branch_secretary", {{"party_org_id", branch2}});
  ASSERT_NE(held, 0);
  auto branch_user = s_.UserWithRole("13900000044", "branch", estate_);
  auto refused = s_.Post("/api/v1/posts",
                         json::object{{"person_id", people_[2]},
                                      {"post", "branch_secretary"},
                                      {"unit_id", estate_},
                                      {"party_org_id", branch2}},
                         branch_user);
  ASSERT_EQ(refused.status, 409) << refused.body;
  const std::string message = Str(refused.json.at("error").at("message"));
  EXPECT_NE(message.find("吴**"), std::string::npos) << message;
  EXPECT_EQ(message.find("吴敏"), std::string::npos) << message;
  EXPECT_NE(message.find("DELETE /api/v1/posts/" + Id(held)), std::string::npos) << message;
  EXPECT_NE(message.find("GET /api/v1/units/" + Id(estate_) + "/posts"), std::string::npos)
      << message;
}

// A seat on the committee starts within the committee's term (2026-01-01 to 2030-12-31).
TEST_F(OrganisationApi, CommitteePostsStartWithinTheTerm) {
  BuildEstate();
  auto person = Person("孙丽", "13700000001", false);
  auto appoint = [&](const char* post, const char* start) {
    return s_.Post("/api/v1/posts",
                   json::object{{"person_id", person},
                                {"post", post},
                                {"unit_id", estate_},
                                {"committee_id", committee_},
                                {"start_date", start}},
                   admin_);
  };
  for (const char* start : {"2025-12-31", "2031-01-01"}) {
    auto r = appoint("committee_member", start);
    ASSERT_EQ(r.status, 400) << start << " -> " << r.body;
    EXPECT_EQ(r.json.at("error").at("field"), "start_date");
    const std::string message = Str(r.json.at("error").at("message"));
    EXPECT_NE(message.find("2026-01-01"), std::string::npos) << message;
    EXPECT_NE(message.find("2030-12-31"), std::string::npos) << message;
  }
  EXPECT_EQ(appoint("committee_vice_chair", "2019-06-01").status, 400);
  // The first and the last day of the term are within it.
  EXPECT_EQ(appoint("committee_member", "2026-01-01").status, 201);
  auto committees = s_.Get("/api/v1/estates/" + Id(estate_) + "/committees", admin_);
  EXPECT_EQ(committees.json.at("items").as_array()[0].at("member_count"), 10);
  auto other = Person("钱多", "13700000002", false);
  auto last_day = s_.Post("/api/v1/posts",
                          json::object{{"person_id", other},
                                       {"post", "committee_member"},
                                       {"unit_id", estate_},
                                       {"committee_id", committee_},
                                       {"start_date", "2030-12-31"}},
                          admin_);
  EXPECT_EQ(last_day.status, 201) << last_day.body;
  // Other posts are not bound to a term.
  EXPECT_EQ(s_.Post("/api/v1/posts",
                    json::object{{"person_id", person},
                                 {"post", "grid_worker"},
                                 {"unit_id", estate_},
                                 {"start_date", "2019-06-01"}},
                    admin_)
                .status,
            201);
}

// Messages put "an" before a vowel: "an estate", never "a estate".
TEST_F(OrganisationApi, MessagesSayAnEstate) {
  BuildEstate();
  auto at_estate = s_.Post(
      "/api/v1/posts",
      json::object{
          {"person_id", people_[0]}, {"post", "community_party_secretary"}, {"unit_id", estate_}},
      admin_);
  ASSERT_EQ(at_estate.status, 400) << at_estate.body;
  std::string message = Str(at_estate.json.at("error").at("message"));
  EXPECT_NE(message.find("names an estate"), std::string::npos) << message;
  EXPECT_EQ(message.find("a estate"), std::string::npos) << message;
  auto org = s_.Post(
      "/api/v1/party-orgs",
      json::object{{"kind", "working_committee"}, {"name", "街道党工委"}, {"unit_id", estate_}},
      admin_);
  ASSERT_EQ(org.status, 400) << org.body;
  message = Str(org.json.at("error").at("message"));
  EXPECT_NE(message.find("not to an estate"), std::string::npos) << message;
  EXPECT_EQ(message.find("a estate"), std::string::npos) << message;
}

// Warnings in successful answers carry a code beside the sentence, for clients to translate.
TEST_F(OrganisationApi, WarningsCarryCodes) {
  BuildEstate();
  const std::string committees = "/api/v1/estates/" + Id(estate_) + "/committees";
  auto nine = s_.Get(committees, admin_).json.at("items").as_array()[0];
  EXPECT_TRUE(nine.at("member_warning_code").is_null());
  auto posts = s_.Get("/api/v1/estates/" + Id(estate_) + "/posts", admin_);
  std::int64_t seat = 0;
  for (const auto& p : posts.json.at("items").as_array())
    if (p.at("post") == "committee_member" && p.at("person").at("id") == people_[8])
      seat = p.at("id").as_int64();
  ASSERT_EQ(s_.Call("DELETE", "/api/v1/posts/" + Id(seat), "", admin_).status, 200);
  auto eight = s_.Get(committees, admin_).json.at("items").as_array()[0];
  EXPECT_EQ(eight.at("member_warning_code"), "even_member_count");
  EXPECT_FALSE(eight.at("member_warning").is_null());
  auto empty = s_.Post(committees,
                       json::object{{"kind", "management_committee"},
                                    {"name", "物管会"},
                                    {"term_start", "2026-01-01"},
                                    {"term_end", "2027-12-31"}},
                       admin_);
  ASSERT_EQ(empty.status, 201) << empty.body;
  EXPECT_EQ(empty.json.at("member_warning_code"), "too_few_members");

  const std::string contracts = "/api/v1/estates/" + Id(estate_) + "/property-contracts";
  auto none = s_.Get(contracts, admin_);
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_TRUE(none.json.at("service_mode_warning").is_null());
  EXPECT_TRUE(none.json.at("service_mode_warning_code").is_null());
  auto company = MustCreate("/api/v1/property-companies", {{"name", "金科物业"}});
  MustCreate(contracts, {{"company_id", company},
                         {"scope", "whole"},
                         {"start_date", "2026-01-01"},
                         {"end_date", "2028-12-31"}});
  auto listed = s_.Get(contracts, admin_);
  EXPECT_EQ(listed.json.at("service_mode_warning_code"), "contracts_but_mode_none");
  EXPECT_FALSE(listed.json.at("service_mode_warning").is_null());
}

}  // namespace
}  // namespace linli::testing
