// Open311 GeoReport v2 through HTTP as an Open311 client would call it: discovery, services,
// filing form-encoded with an API key (and JSON), following a request until it is closed, the
// XML documents, the error lists, revoked and limited keys, idempotent retries, and no personal
// data in anything a client reads.
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <map>
#include <sstream>
#include <string>

#include "harness.hpp"

namespace linli::testing {
namespace {
namespace json = boost::json;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace pt = boost::property_tree;

constexpr const char* kForm = "application/x-www-form-urlencoded";

// application/x-www-form-urlencoded, as browsers and Open311 clients write it.
std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [k, v] : fields) {
    if (!out.empty()) out += '&';
    for (const std::string* s : {&k, &v}) {
      for (unsigned char c : *s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
          out += static_cast<char>(c);
        } else if (c == ' ') {
          out += '+';
        } else {
          char buf[4];
          std::snprintf(buf, sizeof buf, "%%%02X", c);
          out += buf;
        }
      }
      if (s == &k) out += '=';
    }
  }
  return out;
}

// A POST with extra headers (the harness's client sends none).
HttpResult PostWithHeaders(TestServer& s, const std::string& target, const std::string& body,
                           const std::string& content_type,
                           const std::map<std::string, std::string>& headers) {
  boost::asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(
      boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), s.port()));
  bhttp::request<bhttp::string_body> req(bhttp::verb::post, target, 11);
  req.set(bhttp::field::host, "127.0.0.1");
  req.set(bhttp::field::content_type, content_type);
  for (const auto& [k, v] : headers) req.set(k, v);
  req.body() = body;
  req.prepare_payload();
  bhttp::write(stream, req);
  beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> res;
  bhttp::read(stream, buffer, res);
  HttpResult out;
  out.status = res.result_int();
  out.body = res.body();
  out.content_type = std::string(res[bhttp::field::content_type]);
  boost::system::error_code ec;
  auto v = json::parse(out.body, ec);
  if (!ec) out.json = std::move(v);
  return out;
}

pt::ptree ParseXml(const std::string& body) {
  std::istringstream in(body);
  pt::ptree tree;
  pt::read_xml(in, tree);
  return tree;
}

// The first error's description of an Open311 error list, checking its shape and code.
std::string ErrorDescription(const HttpResult& r) {
  EXPECT_TRUE(r.json.is_array()) << r.body;
  if (!r.json.is_array() || r.json.as_array().empty()) return "";
  const auto& e = r.json.as_array().front();
  EXPECT_EQ(e.at("code"), r.status) << r.body;
  return std::string(e.at("description").as_string());
}

class Open311Api : public ::testing::Test {
 protected:
  void SetUp() override {
    admin_ = s_.AdminToken();
    estate_ = s_.MakeTree("幸福小区")[3];
  }

  std::string E(std::int64_t id) { return std::to_string(id); }

  // Issues a key as the admin; returns {id, key}.
  std::pair<std::int64_t, std::string> IssueKey(const std::string& name,
                                                std::optional<std::int64_t> estate = {}) {
    json::object body{{"name", name}};
    if (estate) body["estate_id"] = *estate;
    auto r = s_.Post("/api/v1/open311/keys", body, admin_);
    EXPECT_EQ(r.status, 201) << r.body;
    if (r.status != 201) return {0, ""};
    return {r.json.at("id").as_int64(), std::string(r.json.at("key").as_string())};
  }

  HttpResult File(const std::vector<std::pair<std::string, std::string>>& fields,
                  const std::string& ext = "json") {
    return s_.Call("POST", "/open311/v2/requests." + ext, FormEncode(fields), "", kForm);
  }

  std::int64_t FileOk(const std::string& key, const std::string& code = "lift",
                      const std::string& description = "3栋电梯停在8楼不动") {
    auto r = File({{"api_key", key},
                   {"service_code", code},
                   {"description", description},
                   {"address_string", "3栋电梯间"}});
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) return 0;
    return r.json.at(0).at("service_request_id").as_int64();
  }

  void Act(std::int64_t id, json::object body) {
    auto r = s_.Post("/api/v1/appeals/" + E(id) + "/transitions", body, admin_);
    ASSERT_EQ(r.status, 200) << r.body;
  }

  TestServer s_;
  std::string admin_;
  std::int64_t estate_ = 0;
};

TEST_F(Open311Api, DiscoveryInJsonAndXml) {
  auto j = s_.Get("/open311/v2/discovery.json");
  ASSERT_EQ(j.status, 200) << j.body;
  EXPECT_EQ(j.content_type, "application/json; charset=utf-8");
  ASSERT_TRUE(j.json.is_object()) << j.body;
  EXPECT_FALSE(j.json.at("changeset").as_string().empty());
  EXPECT_FALSE(j.json.at("contact").as_string().empty());
  EXPECT_FALSE(j.json.at("key_service").as_string().empty());
  const auto& ep = j.json.at("endpoints").at(0);
  EXPECT_EQ(ep.at("specification"), "http://wiki.open311.org/GeoReport_v2");
  EXPECT_EQ(ep.at("type"), "production");
  EXPECT_EQ(ep.at("url"), "http://127.0.0.1/open311/v2/");
  EXPECT_EQ(ep.at("formats"), json::value(json::array{"application/json", "text/xml"}));

  auto x = s_.Get("/open311/v2/discovery.xml");
  ASSERT_EQ(x.status, 200) << x.body;
  EXPECT_EQ(x.content_type, "text/xml; charset=utf-8");
  EXPECT_EQ(x.body.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?>", 0), 0u) << x.body;
  auto tree = ParseXml(x.body);
  EXPECT_EQ(tree.get<std::string>("discovery.endpoints.endpoint.specification"),
            "http://wiki.open311.org/GeoReport_v2");
  int formats = 0;
  for (const auto& f : tree.get_child("discovery.endpoints.endpoint.formats")) {
    EXPECT_EQ(f.first, "format");
    ++formats;
  }
  EXPECT_EQ(formats, 2);
}

TEST_F(Open311Api, ServicesAreTheEstatesActiveCategories) {
  // The estate retires one category and adds its own.
  auto put = [&](const std::string& code, const std::string& name, bool active) {
    auto r =
        s_.Call("PUT", "/api/v1/estates/" + E(estate_) + "/appeal-categories/" + code,
                json::serialize(json::object{{"name", name},
                                             {"handler", "committee"},
                                             {"respond", {{"value", 1}, {"unit", "hours"}}},
                                             {"resolve", {{"value", 2}, {"unit", "working_days"}}},
                                             {"active", active}}),
                admin_);
    ASSERT_EQ(r.status, 200) << r.body;
  };
  put("greenery", "绿化", false);
  put("pets", "宠物 <扰民> & \"遛狗\"", true);

  auto r = s_.Get("/open311/v2/services.json");  // one estate: no jurisdiction_id needed
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_TRUE(r.json.is_array()) << r.body;
  const json::object* lift = nullptr;
  const json::object* pets = nullptr;
  for (const auto& s : r.json.as_array()) {
    EXPECT_NE(s.at("service_code"), "greenery") << "an inactive category is not a service";
    if (s.at("service_code") == "lift") lift = &s.as_object();
    if (s.at("service_code") == "pets") pets = &s.as_object();
  }
  ASSERT_TRUE(lift && pets) << r.body;
  EXPECT_EQ(lift->at("service_name"), "电梯");
  EXPECT_EQ(lift->at("metadata"), false);
  EXPECT_EQ(lift->at("type"), "realtime");
  EXPECT_EQ(lift->at("group"), "物业");
  EXPECT_FALSE(lift->at("description").as_string().empty());
  EXPECT_NE(std::string(lift->at("keywords").as_string()).find("Lifts"), std::string::npos);
  EXPECT_EQ(pets->at("group"), "业委会");

  // With a second estate the jurisdiction must be named.
  auto second = s_.MakeTree("安康小区")[3];
  auto missing = s_.Get("/open311/v2/services.json");
  EXPECT_EQ(missing.status, 400) << missing.body;
  EXPECT_NE(ErrorDescription(missing).find("jurisdiction_id"), std::string::npos);
  auto other = s_.Get("/open311/v2/services.json?jurisdiction_id=" + E(second));
  ASSERT_EQ(other.status, 200) << other.body;
  for (const auto& s : other.json.as_array()) EXPECT_NE(s.at("service_code"), "pets");
  auto unknown = s_.Get("/open311/v2/services.xml?jurisdiction_id=999999");
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  EXPECT_EQ(ParseXml(unknown.body).get<int>("errors.error.code"), 404);

  // XML: escaped, and it parses.
  auto x = s_.Get("/open311/v2/services.xml?jurisdiction_id=" + E(estate_));
  ASSERT_EQ(x.status, 200) << x.body;
  EXPECT_NE(x.body.find("&lt;扰民&gt; &amp; &quot;遛狗&quot;"), std::string::npos) << x.body;
  bool found = false;
  const auto services = ParseXml(x.body);
  for (const auto& [name, service] : services.get_child("services")) {
    EXPECT_EQ(name, "service");
    if (service.get<std::string>("service_code") == "pets") {
      found = true;
      EXPECT_EQ(service.get<std::string>("service_name"), "宠物 <扰民> & \"遛狗\"");
      EXPECT_EQ(service.get<std::string>("metadata"), "false");
    }
  }
  EXPECT_TRUE(found) << x.body;

  // The service definition.
  auto def = s_.Get("/open311/v2/services/lift.json?jurisdiction_id=" + E(estate_));
  ASSERT_EQ(def.status, 200) << def.body;
  EXPECT_EQ(def.json.at("service_code"), "lift");
  EXPECT_TRUE(def.json.at("attributes").as_array().empty());
  auto defx = s_.Get("/open311/v2/services/lift.xml?jurisdiction_id=" + E(estate_));
  ASSERT_EQ(defx.status, 200) << defx.body;
  EXPECT_EQ(ParseXml(defx.body).get<std::string>("service_definition.service_code"), "lift");
  auto nodef = s_.Get("/open311/v2/services/greenery.json?jurisdiction_id=" + E(estate_));
  EXPECT_EQ(nodef.status, 404) << nodef.body;
  EXPECT_NE(ErrorDescription(nodef).find("greenery"), std::string::npos);
}

TEST_F(Open311Api, KeysAreIssuedByAdministratorsShownOnceAndAudited) {
  auto created = s_.Post("/api/v1/open311/keys", json::object{{"name", "12345 热线平台"}}, admin_);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = created.json.at("id").as_int64();
  EXPECT_EQ(created.json.at("name"), "12345 热线平台");
  EXPECT_TRUE(created.json.at("estate_id").is_null());
  const std::string key(created.json.at("key").as_string());
  EXPECT_GE(key.size(), 40u);

  auto list = s_.Get("/api/v1/open311/keys", admin_);
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.json.at("items").as_array().size(), 1u) << list.body;
  EXPECT_FALSE(list.json.at("items").at(0).as_object().contains("key"));
  EXPECT_EQ(list.body.find(key), std::string::npos) << "the key is shown only once";
  EXPECT_EQ(list.json.at("items").at(0).at("active"), true);

  // Residents and the property company may not issue keys; the estate's branch may, for its
  // estate only.
  auto resident = s_.UserWithRole("13900000001", "resident", estate_);
  auto no = s_.Post("/api/v1/open311/keys", json::object{{"name", "x"}}, resident);
  EXPECT_EQ(no.status, 403) << no.body;
  auto branch = s_.UserWithRole("13900000002", "branch", estate_);
  auto everywhere = s_.Post("/api/v1/open311/keys", json::object{{"name", "x"}}, branch);
  EXPECT_EQ(everywhere.status, 403) << everywhere.body;
  auto limited = s_.Post("/api/v1/open311/keys",
                         json::object{{"name", "小区公众号"}, {"estate_id", estate_}}, branch);
  ASSERT_EQ(limited.status, 201) << limited.body;
  EXPECT_EQ(limited.json.at("estate_id"), estate_);
  EXPECT_EQ(limited.json.at("estate_name"), "幸福小区");
  auto branch_list = s_.Get("/api/v1/open311/keys", branch);
  ASSERT_EQ(branch_list.status, 200) << branch_list.body;
  EXPECT_EQ(branch_list.json.at("total"), 1) << "the branch sees only its estate's keys";
  EXPECT_EQ(s_.Call("DELETE", "/api/v1/open311/keys/" + E(id), "", branch).status, 403);
  auto bad =
      s_.Post("/api/v1/open311/keys", json::object{{"name", "x"}, {"estate_id", 999999}}, admin_);
  EXPECT_EQ(bad.status, 404) << bad.body;
  EXPECT_EQ(s_.Post("/api/v1/open311/keys", json::object{{"name", " "}}, admin_).status, 400);

  auto revoked = s_.Call("DELETE", "/api/v1/open311/keys/" + E(id), "", admin_);
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_EQ(revoked.json.at("active"), false);
  EXPECT_FALSE(revoked.json.at("revoked_at").is_null());
  EXPECT_EQ(s_.Call("DELETE", "/api/v1/open311/keys/999999", "", admin_).status, 404);

  auto audit = s_.Get("/api/v1/audit?entity=open311_client", admin_);
  ASSERT_EQ(audit.status, 200) << audit.body;
  int creates = 0, revokes = 0;
  for (const auto& e : audit.json.at("items").as_array()) {
    if (e.at("action") == "create") ++creates;
    if (e.at("action") == "revoke") ++revokes;
  }
  EXPECT_EQ(creates, 2) << audit.body;
  EXPECT_EQ(revokes, 1) << audit.body;
  EXPECT_EQ(audit.body.find(key), std::string::npos) << "the key never reaches the audit log";
}

TEST_F(Open311Api, AFiledRequestIsFollowedUntilClosed) {
  auto [client_id, key] = IssueKey("12345 热线平台");
  auto r = File({{"api_key", key},
                 {"jurisdiction_id", E(estate_)},
                 {"service_code", "lift"},
                 {"description", "3栋电梯停在8楼不动 & 门关不上"},
                 {"address_string", "3栋 电梯间"},
                 {"first_name", "三"},
                 {"last_name", "张"},
                 {"phone", "13812345678"},
                 {"email", "zhang@example.com"},
                 {"media_url", "http://example.com/p.jpg"}});
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_TRUE(r.json.is_array()) << r.body;
  const auto id = r.json.at(0).at("service_request_id").as_int64();
  EXPECT_FALSE(r.json.at(0).at("service_notice").as_string().empty());
  EXPECT_TRUE(r.json.at(0).at("account_id").is_null());

  // Staff see it as an appeal from the Open311 channel, with the contact given.
  auto appeal = s_.Get("/api/v1/appeals/" + E(id), admin_);
  ASSERT_EQ(appeal.status, 200) << appeal.body;
  EXPECT_EQ(appeal.json.at("channel"), "open311");
  EXPECT_EQ(appeal.json.at("category").at("code"), "lift");
  EXPECT_EQ(appeal.json.at("place").at("text"), "3栋 电梯间");
  EXPECT_EQ(appeal.json.at("description"), "3栋电梯停在8楼不动 & 门关不上");
  EXPECT_EQ(appeal.json.at("reporter").at("name"), "张三");
  EXPECT_EQ(appeal.json.at("reporter").at("phone"), "13812345678");

  auto open = s_.Get("/open311/v2/requests/" + E(id) + ".json");
  ASSERT_EQ(open.status, 200) << open.body;
  const auto& o = open.json.at(0);
  EXPECT_EQ(o.at("service_request_id"), id);
  EXPECT_EQ(o.at("status"), "open");
  EXPECT_EQ(o.at("service_code"), "lift");
  EXPECT_EQ(o.at("service_name"), "电梯");
  EXPECT_EQ(o.at("agency_responsible"), "物业");
  EXPECT_EQ(o.at("address"), "3栋 电梯间");
  EXPECT_EQ(o.at("zipcode"), "");
  EXPECT_EQ(o.at("requested_datetime"), "2026-03-01T09:00:00+08:00");
  EXPECT_EQ(o.at("expected_datetime"), appeal.json.at("resolve_by"));
  EXPECT_FALSE(o.as_object().contains("lat"));

  s_.clock().Set(s_.clock().Now() + 3600);
  Act(id, {{"action", "accept"}});
  EXPECT_EQ(s_.Get("/open311/v2/requests/" + E(id) + ".json").json.at(0).at("status"), "open");
  s_.clock().Set(s_.clock().Now() + 3600);
  Act(id, {{"action", "resolve"}, {"note", "已更换电梯门机"}});

  auto closed = s_.Get("/open311/v2/requests/" + E(id) + ".json");
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json.at(0).at("status"), "closed");
  EXPECT_EQ(closed.json.at(0).at("status_notes"), "已更换电梯门机");
  EXPECT_EQ(closed.json.at(0).at("updated_datetime"), "2026-03-01T11:00:00+08:00");

  auto x = s_.Get("/open311/v2/requests/" + E(id) + ".xml");
  ASSERT_EQ(x.status, 200) << x.body;
  EXPECT_EQ(x.content_type, "text/xml; charset=utf-8");
  EXPECT_NE(x.body.find("<service_request_id>" + E(id) + "</service_request_id>"),
            std::string::npos)
      << x.body;
  auto tree = ParseXml(x.body);
  EXPECT_EQ(tree.get<std::int64_t>("service_requests.request.service_request_id"), id);
  EXPECT_EQ(tree.get<std::string>("service_requests.request.status"), "closed");
  EXPECT_EQ(tree.get<std::string>("service_requests.request.description"),
            "3栋电梯停在8楼不动 & 门关不上");

  // The token is the id.
  auto token = s_.Get("/open311/v2/tokens/" + E(id) + ".json");
  ASSERT_EQ(token.status, 200) << token.body;
  EXPECT_EQ(token.json.at(0).at("service_request_id"), id);
  EXPECT_EQ(token.json.at(0).at("token"), json::value(E(id)));
  auto tokenx = s_.Get("/open311/v2/tokens/" + E(id) + ".xml");
  ASSERT_EQ(tokenx.status, 200) << tokenx.body;
  EXPECT_EQ(ParseXml(tokenx.body).get<std::int64_t>("service_requests.request.service_request_id"),
            id);
  EXPECT_EQ(s_.Get("/open311/v2/tokens/abc.json").status, 404);
  EXPECT_EQ(s_.Get("/open311/v2/requests/999999.json").status, 404);

  // The XML answer to the POST too.
  auto px = File({{"api_key", key},
                  {"service_code", "noise"},
                  {"description", "夜里施工"},
                  {"lat", "39.9087"},
                  {"long", "116.3975"}},
                 "xml");
  ASSERT_EQ(px.status, 200) << px.body;
  const auto id2 =
      ParseXml(px.body).get<std::int64_t>("service_requests.request.service_request_id");
  auto second = s_.Get("/open311/v2/requests/" + E(id2) + ".json");
  EXPECT_EQ(second.json.at(0).at("address"), "39.9087,116.3975");
  EXPECT_EQ(second.json.at(0).at("agency_responsible"), "党支部");
}

TEST_F(Open311Api, RequestsAreListedByIdCodeStatusAndDate) {
  auto [client_id, key] = IssueKey("平台");
  const auto a = FileOk(key, "lift");
  // A day on, the session has expired: log in again.
  s_.clock().Set(s_.clock().Now() + 86400);  // 2026-03-02
  admin_ = s_.Login(TestServer::kAdminPhone, TestServer::kAdminPassword);
  const auto b = FileOk(key, "noise", "楼上装修太吵");
  Act(b, {{"action", "accept"}});
  Act(b, {{"action", "resolve"}, {"note", "已协调"}});
  s_.clock().Set(s_.clock().Now() + 86400);  // 2026-03-03
  const auto c = FileOk(key, "sanitation", "垃圾没人清");

  auto ids = [&](const std::string& query) {
    auto r = s_.Get("/open311/v2/requests.json" + query);
    EXPECT_EQ(r.status, 200) << query << ": " << r.body;
    std::vector<std::int64_t> out;
    if (r.json.is_array())
      for (const auto& x : r.json.as_array()) out.push_back(x.at("service_request_id").as_int64());
    return out;
  };
  using V = std::vector<std::int64_t>;
  EXPECT_EQ(ids(""), (V{c, b, a}));
  EXPECT_EQ(ids("?service_request_id=" + E(a) + "," + E(c) + ",999999"), (V{c, a}));
  EXPECT_EQ(ids("?service_code=lift,sanitation"), (V{c, a}));
  EXPECT_EQ(ids("?status=closed"), (V{b}));
  EXPECT_EQ(ids("?status=open"), (V{c, a}));
  EXPECT_EQ(ids("?status=open,closed&jurisdiction_id=" + E(estate_)), (V{c, b, a}));
  EXPECT_EQ(ids("?start_date=2026-03-02T00:00:00%2B08:00&end_date=2026-03-02T23:59:59%2B08:00"),
            (V{b}));
  // A '+' left unencoded in the query string still reads as the offset.
  EXPECT_EQ(ids("?start_date=2026-03-02T00:00:00+08:00"), (V{c, b}));
  EXPECT_EQ(ids("?end_date=2026-03-02T01:00:00Z"), (V{b, a}));  // b came at 09:00+08:00

  auto too_long = s_.Get(
      "/open311/v2/requests.json?start_date=2025-01-01T00:00:00Z&end_date="
      "2026-03-01T00:00:00Z");
  EXPECT_EQ(too_long.status, 400) << too_long.body;
  EXPECT_NE(ErrorDescription(too_long).find("90 days"), std::string::npos);
  auto bad_status = s_.Get("/open311/v2/requests.json?status=pending");
  EXPECT_EQ(bad_status.status, 400);
  EXPECT_NE(ErrorDescription(bad_status).find("status"), std::string::npos);
  EXPECT_EQ(s_.Get("/open311/v2/requests.json?start_date=yesterday").status, 400);

  auto x = s_.Get("/open311/v2/requests.xml");
  ASSERT_EQ(x.status, 200) << x.body;
  int n = 0;
  const auto requests = ParseXml(x.body);
  for (const auto& [name, request] : requests.get_child("service_requests")) {
    EXPECT_EQ(name, "request");
    EXPECT_GT(request.get<std::int64_t>("service_request_id"), 0);
    ++n;
  }
  EXPECT_EQ(n, 3);
}

TEST_F(Open311Api, KeysThatAreMissingWrongOrRevokedAreRefused) {
  const std::vector<std::pair<std::string, std::string>> fields = {
      {"service_code", "lift"}, {"description", "电梯坏了"}, {"address_string", "3栋"}};
  auto with = [&](const std::string& key) {
    auto f = fields;
    if (!key.empty()) f.emplace_back("api_key", key);
    return f;
  };
  auto missing = File(with(""));
  EXPECT_EQ(missing.status, 403) << missing.body;
  EXPECT_NE(ErrorDescription(missing).find("api_key is required"), std::string::npos);

  auto wrong = File(with("not-a-key"));
  EXPECT_EQ(wrong.status, 403) << wrong.body;
  EXPECT_NE(ErrorDescription(wrong).find("api_key is not valid"), std::string::npos);
  auto wrongx = File(with("not-a-key"), "xml");
  EXPECT_EQ(wrongx.status, 403);
  EXPECT_EQ(wrongx.content_type, "text/xml; charset=utf-8");
  auto tree = ParseXml(wrongx.body);
  EXPECT_EQ(tree.get<int>("errors.error.code"), 403);
  EXPECT_NE(tree.get<std::string>("errors.error.description").find("api_key"), std::string::npos);

  auto [id, key] = IssueKey("旧平台");
  EXPECT_GT(FileOk(key), 0);
  ASSERT_EQ(s_.Call("DELETE", "/api/v1/open311/keys/" + E(id), "", admin_).status, 200);
  auto revoked = File(with(key));
  EXPECT_EQ(revoked.status, 403) << revoked.body;
  EXPECT_NE(ErrorDescription(revoked).find("revoked"), std::string::npos);

  // A key limited to one estate files only there.
  auto other = s_.MakeTree("安康小区")[3];
  auto [lid, limited] = IssueKey("小区公众号", estate_);
  auto f = with(limited);
  f.emplace_back("jurisdiction_id", E(other));
  auto elsewhere = File(f);
  EXPECT_EQ(elsewhere.status, 403) << elsewhere.body;
  EXPECT_NE(ErrorDescription(elsewhere).find(E(estate_)), std::string::npos);
  const auto here = FileOk(limited);  // no jurisdiction_id: the key's estate
  EXPECT_EQ(s_.Get("/api/v1/appeals/" + E(here), admin_).json.at("estate").at("id"), estate_);
  // A key for every estate must say which when there are several.
  auto [gid, global] = IssueKey("全市平台");
  auto unnamed = File(with(global));
  EXPECT_EQ(unnamed.status, 400) << unnamed.body;
  EXPECT_NE(ErrorDescription(unnamed).find("jurisdiction_id"), std::string::npos);
}

TEST_F(Open311Api, BadInputIsNamedInTheClientsTerms) {
  auto [id, key] = IssueKey("平台");
  auto unknown = File({{"api_key", key},
                       {"service_code", "potholes"},
                       {"description", "路上有坑"},
                       {"address_string", "北门"}});
  EXPECT_EQ(unknown.status, 400) << unknown.body;
  const auto d = ErrorDescription(unknown);
  EXPECT_NE(d.find("potholes"), std::string::npos) << d;
  EXPECT_NE(d.find("service_code"), std::string::npos) << d;

  auto nowhere = File({{"api_key", key}, {"service_code", "lift"}, {"description", "坏了"}});
  EXPECT_EQ(nowhere.status, 400) << nowhere.body;
  EXPECT_NE(ErrorDescription(nowhere).find("address_string"), std::string::npos);
  auto bad_lat = File({{"api_key", key},
                       {"service_code", "lift"},
                       {"description", "坏了"},
                       {"lat", "north"},
                       {"long", "116.39"}});
  EXPECT_EQ(bad_lat.status, 400) << bad_lat.body;
  EXPECT_NE(ErrorDescription(bad_lat).find("lat"), std::string::npos);
  auto no_text = File({{"api_key", key}, {"service_code", "lift"}, {"address_string", "3栋"}});
  EXPECT_EQ(no_text.status, 400) << no_text.body;
  EXPECT_NE(ErrorDescription(no_text).find("description"), std::string::npos);
  auto bad_phone = File({{"api_key", key},
                         {"service_code", "lift"},
                         {"description", "坏了"},
                         {"address_string", "3栋"},
                         {"phone", "call me"}});
  EXPECT_EQ(bad_phone.status, 400) << bad_phone.body;
  EXPECT_EQ(ErrorDescription(bad_phone).rfind("phone", 0), 0u) << bad_phone.body;
  auto bad_form = s_.Call("POST", "/open311/v2/requests.json", "api_key=%zz", "", kForm);
  EXPECT_EQ(bad_form.status, 400) << bad_form.body;
  EXPECT_TRUE(bad_form.json.is_array());

  // JSON bodies are accepted too.
  auto js = s_.Call("POST", "/open311/v2/requests.json",
                    json::serialize(json::object{{"api_key", key},
                                                 {"jurisdiction_id", estate_},
                                                 {"service_code", "parking"},
                                                 {"description", "消防通道被占"},
                                                 {"lat", 39.9},
                                                 {"long", 116.4}}),
                    "");
  ASSERT_EQ(js.status, 200) << js.body;
  const auto jid = js.json.at(0).at("service_request_id").as_int64();
  auto filed = s_.Get("/api/v1/appeals/" + E(jid), admin_);
  EXPECT_EQ(filed.json.at("category").at("code"), "parking");
  EXPECT_EQ(filed.json.at("place").at("text"), "39.9,116.4");

  // A form body with UTF-8 and spaces left unencoded is read as meant.
  auto raw =
      s_.Call("POST", "/open311/v2/requests.json",
              "api_key=" + key + "&service_code=lift&description=电梯 坏了&address_string=3栋+大堂",
              "", kForm);
  ASSERT_EQ(raw.status, 200) << raw.body;
  auto raw_appeal =
      s_.Get("/api/v1/appeals/" + E(raw.json.at(0).at("service_request_id").as_int64()), admin_);
  EXPECT_EQ(raw_appeal.json.at("description"), "电梯 坏了");
  EXPECT_EQ(raw_appeal.json.at("place").at("text"), "3栋 大堂");
}

TEST_F(Open311Api, NoPersonalDataReachesClients) {
  auto [id, key] = IssueKey("平台");
  auto r = File({{"api_key", key},
                 {"service_code", "noise"},
                 {"description", "楼上深夜装修"},
                 {"address_string", "5栋"},
                 {"first_name", "小明"},
                 {"last_name", "欧阳"},
                 {"phone", "13912345678"},
                 {"email", "ouyang@example.com"}});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto rid = r.json.at(0).at("service_request_id").as_int64();
  // A resident's own appeal, in their household, shows up in the listing without the room.
  auto staff = s_.Post("/api/v1/appeals",
                       json::object{{"estate_id", estate_},
                                    {"category", "lift"},
                                    {"description", "电梯异响"},
                                    {"channel", "hotline"},
                                    {"place", {{"text", "2栋大堂"}}},
                                    {"contact_name", "李四"},
                                    {"contact_phone", "13700001111"}},
                       admin_);
  ASSERT_EQ(staff.status, 201) << staff.body;

  const std::vector<std::string> targets = {"/open311/v2/requests.json", "/open311/v2/requests.xml",
                                            "/open311/v2/requests/" + E(rid) + ".json",
                                            "/open311/v2/requests/" + E(rid) + ".xml",
                                            "/open311/v2/tokens/" + E(rid) + ".json"};
  for (const auto& target : targets) {
    auto g = s_.Get(target);
    ASSERT_EQ(g.status, 200) << target << ": " << g.body;
    for (const char* secret :
         {"小明", "欧阳", "13912345678", "1391", "ouyang", "李四", "13700001111", "1370"})
      EXPECT_EQ(g.body.find(secret), std::string::npos) << target << " shows " << secret;
  }
  auto list = s_.Get("/open311/v2/requests.json");
  EXPECT_EQ(list.json.as_array().size(), 2u) << list.body;
}

TEST_F(Open311Api, ARetryWithTheSameIdempotencyKeyFilesOnce) {
  auto [id, key] = IssueKey("平台");
  const std::string body = FormEncode({{"api_key", key},
                                       {"service_code", "lift"},
                                       {"description", "电梯困人"},
                                       {"address_string", "1栋"}});
  auto first = PostWithHeaders(s_, "/open311/v2/requests.json", body, kForm,
                               {{"Idempotency-Key", "req-7f3a"}});
  ASSERT_EQ(first.status, 200) << first.body;
  auto again = PostWithHeaders(s_, "/open311/v2/requests.json", body, kForm,
                               {{"Idempotency-Key", "req-7f3a"}});
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json.at(0).at("service_request_id"), first.json.at(0).at("service_request_id"));
  auto other = PostWithHeaders(s_, "/open311/v2/requests.json", body, kForm,
                               {{"Idempotency-Key", "req-8b1c"}});
  ASSERT_EQ(other.status, 200) << other.body;
  EXPECT_NE(other.json.at(0).at("service_request_id"), first.json.at(0).at("service_request_id"));
  EXPECT_EQ(s_.Get("/open311/v2/requests.json").json.as_array().size(), 2u);
}

}  // namespace
}  // namespace linli::testing
