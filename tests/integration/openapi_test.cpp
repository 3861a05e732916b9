// The API reference (docs/openapi.json, compiled in and served at /api/v1/openapi.json) against
// the router: every registered route is documented with its method, every documented operation
// exists, path parameters are declared, bearerAuth is declared and the operations marked as
// needing no token are exactly those the server answers without one. When a route is added,
// removed or renamed, these tests fail until docs/openapi.json says the same.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "harness.hpp"

namespace linli::testing {
namespace {
namespace json = boost::json;

// The HTTP methods an OpenAPI path item may hold (its other keys are parameters, summary, ...).
const std::set<std::string> kOperationKeys = {"get",     "put",  "post",  "delete",
                                              "options", "head", "patch", "trace"};

std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

std::string Str(const json::value& v) {
  return v.is_string() ? std::string(v.as_string()) : std::string();
}

json::object FetchDocument(TestServer& s) {
  auto r = s.Get("/api/v1/openapi.json");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.json.is_object()) << "/api/v1/openapi.json is not a JSON object: "
                                  << r.body.substr(0, 200);
  if (!r.json.is_object()) return {};
  return r.json.as_object();
}

// A local reference ("#/components/parameters/Id") resolved against the document; `v` itself
// when it is not a reference; nullptr when the reference leads nowhere.
const json::value* Resolve(const json::value& doc, const json::value& v) {
  if (!v.is_object()) return &v;
  const auto* ref = v.as_object().if_contains("$ref");
  if (!ref) return &v;
  const std::string target = Str(*ref);
  if (target.rfind("#/", 0) != 0) return nullptr;
  boost::system::error_code ec;
  const json::value* found = doc.find_pointer(target.substr(1), ec);
  return ec ? nullptr : found;
}

struct Operation {
  std::string method;  // upper case
  std::string path;
  const json::object* op = nullptr;
  const json::object* path_item = nullptr;
};

std::vector<Operation> Operations(const json::object& doc) {
  std::vector<Operation> out;
  const auto* paths = doc.if_contains("paths");
  if (!paths || !paths->is_object()) return out;
  for (const auto& [path, item] : paths->as_object()) {
    if (!item.is_object()) continue;
    for (const auto& [key, op] : item.as_object())
      if (kOperationKeys.count(std::string(key)) && op.is_object())
        out.push_back(Operation{Upper(std::string(key)), std::string(path), &op.as_object(),
                                &item.as_object()});
  }
  return out;
}

// The names in braces of a path template: "/a/{id}/b/{role_id}" -> {id, role_id}.
std::set<std::string> TemplateNames(const std::string& path) {
  std::set<std::string> names;
  for (size_t open = path.find('{'); open != std::string::npos; open = path.find('{', open + 1)) {
    size_t close = path.find('}', open);
    if (close == std::string::npos) break;
    names.insert(path.substr(open + 1, close - open - 1));
  }
  return names;
}

// The path parameters an operation declares (at the path item or the operation), by name, with
// whether each says required: true. Problems (unresolvable references) go to `problems`.
std::vector<std::pair<std::string, bool>> DeclaredPathParams(const json::value& doc,
                                                             const Operation& o,
                                                             std::vector<std::string>& problems) {
  std::vector<std::pair<std::string, bool>> out;
  for (const json::object* holder : {o.path_item, o.op}) {
    const auto* params = holder->if_contains("parameters");
    if (!params) continue;
    if (!params->is_array()) {
      problems.push_back(o.method + " " + o.path + ": parameters is not an array");
      continue;
    }
    for (const auto& p : params->as_array()) {
      const json::value* resolved = Resolve(doc, p);
      if (!resolved || !resolved->is_object()) {
        problems.push_back(o.method + " " + o.path + ": a parameter reference does not resolve");
        continue;
      }
      const auto& po = resolved->as_object();
      const auto* in = po.if_contains("in");
      if (!in || Str(*in) != "path") continue;
      const auto* required = po.if_contains("required");
      out.emplace_back(Str(po.at("name")), required && required->is_bool() && required->as_bool());
    }
  }
  return out;
}

TEST(OpenApi, DocumentsEveryRouteAndNothingElse) {
  TestServer s;
  const json::object doc = FetchDocument(s);
  ASSERT_FALSE(doc.empty());
  ASSERT_TRUE(doc.contains("openapi"));
  EXPECT_EQ(Str(doc.at("openapi")).rfind("3.", 0), 0u) << "not an OpenAPI 3 document";

  std::set<std::pair<std::string, std::string>> routes;
  for (const auto& r : s.router().routes()) {
    EXPECT_TRUE(routes.emplace(r.method, r.pattern).second)
        << "route registered twice: " << r.method << " " << r.pattern;
  }
  ASSERT_FALSE(routes.empty());
  // The harness serves with the test clock, so its routes are registered (and documented) too.
  EXPECT_TRUE(routes.count({"POST", "/api/v1/test/clock"}));

  std::set<std::pair<std::string, std::string>> documented;
  for (const auto& o : Operations(doc)) documented.emplace(o.method, o.path);

  for (const auto& [method, pattern] : routes)
    EXPECT_TRUE(documented.count({method, pattern}))
        << "the router has " << method << " " << pattern
        << " but docs/openapi.json does not document it";
  for (const auto& [method, path] : documented)
    EXPECT_TRUE(routes.count({method, path})) << "docs/openapi.json documents " << method << " "
                                              << path << " but the router has no such route";
  EXPECT_EQ(documented.size(), routes.size());
}

TEST(OpenApi, DeclaresEveryPathParameter) {
  TestServer s;
  const json::object doc = FetchDocument(s);
  const json::value doc_value(doc);
  const auto ops = Operations(doc);
  ASSERT_FALSE(ops.empty());
  for (const auto& o : ops) {
    std::vector<std::string> problems;
    const auto declared = DeclaredPathParams(doc_value, o, problems);
    for (const auto& p : problems) ADD_FAILURE() << p;
    const auto names = TemplateNames(o.path);
    for (const auto& name : names) {
      auto it = std::find_if(declared.begin(), declared.end(),
                             [&](const auto& d) { return d.first == name; });
      EXPECT_TRUE(it != declared.end()) << o.method << " " << o.path << ": path parameter {" << name
                                        << "} is not declared as a parameter";
      if (it != declared.end()) {
        EXPECT_TRUE(it->second) << o.method << " " << o.path << ": path parameter " << name
                                << " must say required: true";
      }
    }
    for (const auto& [name, required] : declared)
      EXPECT_TRUE(names.count(name)) << o.method << " " << o.path << ": declares path parameter "
                                     << name << " that the path does not have";
  }
}

TEST(OpenApi, DeclaresBearerAuthAndMarksExactlyThePublicOperations) {
  TestServer s;
  const json::object doc = FetchDocument(s);
  ASSERT_FALSE(doc.empty());
  const json::value doc_value(doc);
  boost::system::error_code ec;
  const json::value* scheme = doc_value.find_pointer("/components/securitySchemes/bearerAuth", ec);
  ASSERT_TRUE(scheme && !ec) << "components.securitySchemes.bearerAuth is missing";
  ASSERT_TRUE(scheme->is_object());
  EXPECT_EQ(Str(scheme->as_object().at("type")), "http");
  EXPECT_EQ(Str(scheme->as_object().at("scheme")), "bearer");

  // The default: every operation needs the bearer token unless it says "security": [].
  bool default_bearer = false;
  if (const auto* sec = doc.if_contains("security"); sec && sec->is_array())
    for (const auto& req : sec->as_array())
      if (req.is_object() && req.as_object().contains("bearerAuth")) default_bearer = true;
  EXPECT_TRUE(default_bearer) << "the document's top-level security must require bearerAuth";

  const std::set<std::pair<std::string, std::string>> kPublic = {
      {"GET", "/healthz"},
      {"GET", "/api/v1/openapi.json"},
      {"POST", "/api/v1/auth/login"},
      {"GET", "/api/v1/test/clock"},
      {"POST", "/api/v1/test/clock"},
      {"GET", "/api/v1/public/estates/{id}/appeals"},
      {"GET", "/api/v1/photos/{token}"},
      // Owners' votes: the published votes of an estate, and a result (a token is optional: the
      // result is public once published).
      {"GET", "/api/v1/public/estates/{id}/votes"},
      {"GET", "/api/v1/votes/{id}/result"},
      // Simple polls: a result, public once published (a token is optional).
      {"GET", "/api/v1/polls/{id}/results"},
  };
  // Open311 GeoReport v2 (routes_open311.cpp) authenticates with an api_key, not a bearer token.
  auto is_public = [&](const std::string& method, const std::string& path) {
    return kPublic.count({method, path}) > 0 || path.rfind("/open311/", 0) == 0;
  };
  for (const auto& o : Operations(doc)) {
    bool needs_token = default_bearer;
    if (const auto* sec = o.op->if_contains("security"); sec && sec->is_array()) {
      needs_token = false;
      for (const auto& req : sec->as_array())
        if (req.is_object() && req.as_object().contains("bearerAuth")) needs_token = true;
    }
    EXPECT_EQ(needs_token, !is_public(o.method, o.path))
        << o.method << " " << o.path
        << (needs_token ? " is documented as needing a token but should not"
                        : " is documented as public but needs a token");
    // What the server does without a token: 401 exactly where the document says a token is needed.
    std::string target = o.path;
    for (size_t open; (open = target.find('{')) != std::string::npos;)
      target.replace(open, target.find('}', open) - open + 1, "1");
    auto r = s.Call(o.method, target);
    if (needs_token) {
      EXPECT_EQ(r.status, 401) << o.method << " " << target << " without a token: " << r.body;
      EXPECT_EQ(r.ErrorCode(), "unauthenticated") << o.method << " " << target;
      EXPECT_TRUE(o.op->at("responses").as_object().contains("401"))
          << o.method << " " << o.path << " needs a token but does not document the 401 response";
    } else {
      EXPECT_NE(r.status, 401) << o.method << " " << target
                               << " is documented as public but asks for a token";
      EXPECT_LT(r.status, 500) << o.method << " " << target << ": " << r.body;
    }
  }
}

// Every "$ref" leads somewhere; every operation has a summary, a unique operationId and a
// success response.
TEST(OpenApi, IsWellFormed) {
  TestServer s;
  const json::object doc = FetchDocument(s);
  ASSERT_FALSE(doc.empty());
  const json::value doc_value(doc);
  std::vector<std::string> broken;
  std::vector<const json::value*> stack{&doc_value};
  while (!stack.empty()) {
    const json::value* v = stack.back();
    stack.pop_back();
    if (v->is_array()) {
      for (const auto& x : v->as_array()) stack.push_back(&x);
    } else if (v->is_object()) {
      if (const auto* ref = v->as_object().if_contains("$ref"); ref && !Resolve(doc_value, *v))
        broken.push_back(Str(*ref));
      for (const auto& kv : v->as_object()) stack.push_back(&kv.value());
    }
  }
  EXPECT_TRUE(broken.empty()) << "unresolved $ref, e.g. " << (broken.empty() ? "" : broken.front());

  std::set<std::string> ids;
  for (const auto& o : Operations(doc)) {
    const std::string what = o.method + " " + o.path;
    EXPECT_FALSE(Str(o.op->contains("summary") ? o.op->at("summary") : json::value()).empty())
        << what << ": no summary";
    const std::string id =
        Str(o.op->contains("operationId") ? o.op->at("operationId") : json::value());
    EXPECT_FALSE(id.empty()) << what << ": no operationId";
    EXPECT_TRUE(id.empty() || ids.insert(id).second)
        << what << ": operationId " << id << " is used twice";
    ASSERT_TRUE(o.op->contains("responses") && o.op->at("responses").is_object())
        << what << ": no responses";
    bool success = false;
    for (const auto& kv : o.op->at("responses").as_object())
      if (kv.key().size() == 3 && kv.key()[0] == '2') success = true;
    EXPECT_TRUE(success) << what << ": no 2xx response";
  }
}

}  // namespace
}  // namespace linli::testing
