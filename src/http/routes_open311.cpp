// Open311 GeoReport v2 under /open311/v2/ (http://wiki.open311.org/GeoReport_v2), so that
// existing Open311 clients can file and follow residents' problems (诉求), and the API keys
// they use under /api/v1/open311/keys (docs/openapi.json, "open311"; docs/APPEALS.md).
// Every resource comes as .json and .xml; errors are the specification's error lists with the
// HTTP status as their code. Reads carry no personal data (app::Open311Service).
#include <charconv>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/url/params_view.hpp>

#include "app/open311.hpp"
#include "core/text.hpp"
#include "core/time_format.hpp"
#include "http/api.hpp"
#include "http/json_util.hpp"

namespace linli::http {
namespace {

constexpr const char* kSpecification = "http://wiki.open311.org/GeoReport_v2";
// When this endpoint last changed in a way a client could notice.
constexpr const char* kChangeset = "2026-03-01T00:00:00+08:00";

enum class Format { kJson, kXml };

// ---- XML --------------------------------------------------------------------------------------

// Text and attribute-safe XML escaping; drops the control characters XML 1.0 cannot carry.
void AppendEscaped(std::string& out, std::string_view s) {
  for (char ch : s) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if (static_cast<unsigned char>(ch) < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') break;
        out += ch;
    }
  }
}

// The element name of one entry of a list, by the list's name (the specification's names).
std::string_view ItemName(std::string_view list) {
  if (list == "endpoints") return "endpoint";
  if (list == "formats") return "format";
  if (list == "attributes") return "attribute";
  if (list == "values") return "value";
  return "item";
}

// A JSON value as the specification's XML: objects become elements named by their keys, lists
// repeat an item element, null is an empty element.
void AppendXml(std::string& out, std::string_view name, const json::value& v) {
  out += '<';
  out += name;
  if (v.is_null()) {
    out += "/>";
    return;
  }
  out += '>';
  if (v.is_object()) {
    for (const auto& kv : v.as_object()) AppendXml(out, kv.key(), kv.value());
  } else if (v.is_array()) {
    for (const auto& x : v.as_array()) AppendXml(out, ItemName(name), x);
  } else if (v.is_string()) {
    AppendEscaped(out, v.as_string());
  } else if (v.is_bool()) {
    out += v.as_bool() ? "true" : "false";
  } else {
    out += json::serialize(v);
  }
  out += "</";
  out += name;
  out += '>';
}

// `v` (a list of `item`s, or one object) as the document `root`.
std::string XmlDocument(std::string_view root, std::string_view item, const json::value& v) {
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
  if (v.is_array()) {
    out += '<';
    out += root;
    out += '>';
    for (const auto& x : v.as_array()) AppendXml(out, item, x);
    out += "</";
    out += root;
    out += '>';
  } else {
    AppendXml(out, root, v);
  }
  return out;
}

// ---- Responses --------------------------------------------------------------------------------

Response Render(Format f, const json::value& v, std::string_view root, std::string_view item,
                int status = 200) {
  Response r;
  r.status = status;
  if (f == Format::kJson) {
    r.content_type = "application/json; charset=utf-8";
    r.body = SerializeJson(v);
  } else {
    r.content_type = "text/xml; charset=utf-8";
    r.body = XmlDocument(root, item, v);
  }
  return r;
}

// The specification's error list: [{"code":403,"description":"..."}].
Response Open311Error(Format f, const Error& e) {
  const int status = HttpStatus(e.code);
  json::array errors{json::object{{"code", status}, {"description", e.message}}};
  return Render(f, errors, "errors", "error", status);
}

template <class T, class F>
Response Reply311(Format f, const Result<T>& r, std::string_view root, std::string_view item,
                  F&& to_json) {
  if (!r) return Open311Error(f, r.error());
  return Render(f, to_json(*r), root, item);
}

// ---- Input ------------------------------------------------------------------------------------

Result<std::int64_t> PositiveId(std::string_view s, const char* what) {
  std::int64_t n = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), n);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size() || n <= 0)
    return InvalidArgument(
        std::string(what) + " must be a positive integer id, not '" + std::string(s) + "'", what);
  return n;
}

// The comma-separated entries of a parameter that may also be repeated, without empty ones.
std::vector<std::string> ListParam(const Request& req, const char* name) {
  std::vector<std::string> out;
  auto [lo, hi] = req.query.equal_range(name);
  for (auto it = lo; it != hi; ++it) {
    std::string_view s = it->second;
    while (!s.empty()) {
      const size_t comma = s.find(',');
      std::string_view part = Trim(s.substr(0, comma));
      if (!part.empty()) out.emplace_back(part);
      if (comma == std::string_view::npos) break;
      s.remove_prefix(comma + 1);
    }
  }
  return out;
}

// jurisdiction_id: the id of an estate. One that is not a number is not found either.
Result<std::optional<std::int64_t>> JurisdictionParam(const std::string& value) {
  if (Trim(value).empty()) return std::optional<std::int64_t>();
  auto id = PositiveId(Trim(value), "jurisdiction_id");
  if (!id)
    return NotFound(
        "jurisdiction_id '" + value + "' was not found: it is the id of an estate (小区)",
        "jurisdiction_id");
  return std::optional<std::int64_t>(*id);
}

// A W3C date-time ("2026-03-01T09:00:00+08:00", "...Z") or a date ("2026-03-01", the day's
// start, or its end for `end_of_day`). A '+' that the query string turned into a space is
// taken back.
Result<std::optional<UnixSeconds>> DateParam(const Request& req, const char* name,
                                             bool end_of_day) {
  auto v = req.Query(name);
  if (!v || Trim(*v).empty()) return std::optional<UnixSeconds>();
  std::string s(Trim(*v));
  if (s.size() > 19 && s[19] == ' ') s[19] = '+';
  if (auto t = ParseTime(s)) return std::optional<UnixSeconds>(*t);
  if (auto d = ParseDate(s)) return std::optional<UnixSeconds>(*d + (end_of_day ? 86399 : 0));
  return InvalidArgument(std::string(name) +
                             " must be a W3C date-time such as 2026-03-01T09:00:00+08:00 or "
                             "2026-03-01T01:00:00Z",
                         name);
}

// A JSON number as a client would write it: 39.9087, not 3.99087E1.
std::string NumberText(const json::value& v) {
  if (v.is_int64()) return std::to_string(v.as_int64());
  if (v.is_uint64()) return std::to_string(v.as_uint64());
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v.as_double());
  return buf;
}

// The fields of a POST: form-urlencoded as the specification says, or a JSON object; the query
// string fills in what the body does not have (some clients send api_key there).
Result<std::map<std::string, std::string>> SubmittedFields(const Request& req) {
  std::map<std::string, std::string> fields;
  const std::string type = ToLowerAscii(req.Header("content-type").value_or(""));
  const std::string_view body = Trim(req.body);
  if (type.rfind("application/json", 0) == 0 || (!body.empty() && body.front() == '{')) {
    LINLI_ASSIGN_OR_RETURN(auto o, ParseObject(req));
    for (const auto& kv : o) {
      const auto& v = kv.value();
      if (v.is_null()) continue;
      if (v.is_string())
        fields[kv.key()] = std::string(v.as_string());
      else if (v.is_number())
        fields[kv.key()] = NumberText(v);
      else
        return InvalidArgument(std::string(kv.key()) + " must be a string or a number", kv.key());
    }
  } else if (!body.empty()) {
    // Some clients send UTF-8 or spaces unencoded: encode what a query may not hold as is.
    std::string encoded;
    for (char ch : body) {
      const auto c = static_cast<unsigned char>(ch);
      if (c >= 0x80 || c <= 0x20 ||
          std::string_view("\"#<>\\^`{|}").find(ch) != std::string_view::npos) {
        char buf[4];
        std::snprintf(buf, sizeof buf, "%%%02X", c);
        encoded += buf;
      } else {
        encoded += ch;
      }
    }
    try {
      boost::urls::encoding_opts opt;
      opt.space_as_plus = true;
      for (auto p : boost::urls::params_view(encoded, opt)) fields.emplace(p.key, p.value);
    } catch (const std::exception&) {
      return InvalidArgument(
          "the body is not valid application/x-www-form-urlencoded data (name=value&...)");
    }
  }
  for (const auto& [k, v] : req.query) fields.emplace(k, v);
  for (const auto& [k, v] : fields)
    if (!IsValidUtf8(v)) return InvalidArgument(k + " is not valid UTF-8 text", k);
  return fields;
}

Result<app::Open311Submission> ParseSubmission(const Request& req) {
  LINLI_ASSIGN_OR_RETURN(auto f, SubmittedFields(req));
  auto get = [&](const char* k) {
    auto it = f.find(k);
    return it == f.end() ? std::string() : it->second;
  };
  app::Open311Submission in;
  in.api_key = get("api_key");
  LINLI_ASSIGN_OR_RETURN(in.jurisdiction_id, JurisdictionParam(get("jurisdiction_id")));
  in.service_code = get("service_code");
  in.description = get("description");
  in.address_string = get("address_string");
  in.lat = get("lat");
  in.lon = get("long");
  in.first_name = get("first_name");
  in.last_name = get("last_name");
  in.phone = get("phone");
  // email, device_id, account_id, address_id, media_url and attributes are not kept: Linli
  // reaches residents by phone, and photos come through the staff console.
  return in;
}

// ---- Documents --------------------------------------------------------------------------------

// The handler as residents know it (the console's names).
std::string AgencyName(domain::HandlerKind h, const std::string& level_unit_name) {
  switch (h) {
    case domain::HandlerKind::kProperty:
      return "物业";
    case domain::HandlerKind::kCommittee:
      return "业委会";
    case domain::HandlerKind::kBranch:
      return "党支部";
    case domain::HandlerKind::kMember:
      return "党员";
    case domain::HandlerKind::kMediation:
      return "民警调解室";
    case domain::HandlerKind::kCommunity:
      return level_unit_name.empty() ? "社区" : level_unit_name;
    case domain::HandlerKind::kStreet:
      return level_unit_name.empty() ? "街道" : level_unit_name;
    case domain::HandlerKind::kDistrict:
      return level_unit_name.empty() ? "区" : level_unit_name;
  }
  return "";
}

std::string LimitText(const domain::Limit& l) {
  return std::to_string(l.value) + (l.unit == domain::DeadlineUnit::kHours ? "小时" : "个工作日");
}

// "2026-03-01 09:00" (Asia/Shanghai) for notices people read.
std::string ShortTime(UnixSeconds t) {
  std::string s = FormatTime(t).substr(0, 16);
  s[10] = ' ';
  return s;
}

std::string Notice(const app::AppealView& v) {
  const auto& a = v.appeal;
  const std::string agency = AgencyName(a.handler, v.level_unit_name);
  if (domain::IsOpen(a.status))
    return "由" + agency + "办理，" + ShortTime(a.resolve_by) + " 前办结";
  if (a.resolved_at) return "已于 " + ShortTime(*a.resolved_at) + " 办结";
  return "";
}

json::object DiscoveryJson(const Request& req) {
  const std::string scheme = req.Header("x-forwarded-proto").value_or("http");
  const std::string host = req.Header("host").value_or("localhost");
  const std::string url = scheme + "://" + host + "/open311/v2/";
  return json::object{
      {"changeset", kChangeset},
      {"contact", "本服务由 Linli 社区治理平台提供；问题请联系所在社区或小区党支部。"},
      {"key_service",
       "API keys (api_key) are issued by an administrator of this server "
       "(POST /api/v1/open311/keys); jurisdiction_id is the id of an estate (小区)."},
      {"endpoints",
       json::array{json::object{{"specification", kSpecification},
                                {"url", url},
                                {"changeset", kChangeset},
                                {"type", "production"},
                                {"formats", json::array{"application/json", "text/xml"}}}}}};
}

json::object ServiceJson(const app::CategoryView& v) {
  const auto& c = v.category;
  const std::string agency = AgencyName(c.handler, "");
  std::string keywords = c.name;
  if (!c.name_en.empty()) keywords += "," + c.name_en;
  return json::object{{"service_code", c.code},
                      {"service_name", c.name},
                      {"description", c.name + "：由" + agency + "办理，" + LimitText(c.respond) +
                                          "内响应，" + LimitText(c.resolve) + "内办结"},
                      {"metadata", false},
                      {"type", "realtime"},
                      {"keywords", keywords},
                      {"group", agency}};
}

json::object RequestJson(const app::AppealView& v) {
  const auto& a = v.appeal;
  UnixSeconds updated = a.received_at;
  for (const auto& t : {a.responded_at, a.resolved_at, a.closed_at, a.rated_at, a.callback_at})
    if (t && *t > updated) updated = *t;
  std::string notes = a.resolution_note;
  if (a.status == domain::AppealStatus::kMerged && a.merged_into)
    notes = "与 #" + std::to_string(*a.merged_into) + " 合并";
  return json::object{{"service_request_id", a.id},
                      {"status", domain::IsOpen(a.status) ? "open" : "closed"},
                      {"status_notes", notes},
                      {"service_name", v.category_name},
                      {"service_code", a.category},
                      {"description", a.description},
                      {"agency_responsible", AgencyName(a.handler, v.level_unit_name)},
                      {"service_notice", Notice(v)},
                      {"requested_datetime", FormatTime(a.received_at)},
                      {"updated_datetime", FormatTime(updated)},
                      {"expected_datetime", FormatTime(a.resolve_by)},
                      {"address", v.place_label},
                      {"zipcode", ""}};
}

json::array RequestsJson(const std::vector<app::AppealView>& list) {
  json::array out;
  for (const auto& v : list) out.push_back(RequestJson(v));
  return out;
}

// ---- Keys (Linli's own JSON API) --------------------------------------------------------------

json::object KeyJson(const app::Open311Client& c) {
  return json::object{
      {"id", c.id},
      {"name", c.name},
      {"estate_id", OptJson(c.estate_id)},
      {"estate_name", c.estate_id ? json::value(c.estate_name) : json::value(nullptr)},
      {"created_by", OptJson(c.created_by)},
      {"created_at", FormatTime(c.created_at)},
      {"revoked_at", c.revoked_at ? json::value(FormatTime(*c.revoked_at)) : json::value(nullptr)},
      {"active", !c.revoked_at}};
}

}  // namespace

void RegisterOpen311Routes(Router& r, Api& api) {
  auto svc = [&api] { return app::Open311Service(api.env); };

  for (const auto& [ext, f] : {std::pair<std::string, Format>{".json", Format::kJson},
                               std::pair<std::string, Format>{".xml", Format::kXml}}) {
    const Format fmt = f;
    const std::string base = "/open311/v2/";

    r.Add("GET", base + "discovery" + ext,
          [fmt](Request& req) { return Render(fmt, DiscoveryJson(req), "discovery", ""); });

    r.Add("GET", base + "services" + ext, [svc, fmt](Request& req) {
      auto j = JurisdictionParam(req.Query("jurisdiction_id").value_or(""));
      if (!j) return Open311Error(fmt, j.error());
      return Reply311(fmt, svc().Services(*j), "services", "service", [](const auto& list) {
        json::array a;
        for (const auto& c : list) a.push_back(ServiceJson(c));
        return a;
      });
    });
    r.Add("GET", base + "services/{code}" + ext, [svc, fmt](Request& req) {
      auto j = JurisdictionParam(req.Query("jurisdiction_id").value_or(""));
      if (!j) return Open311Error(fmt, j.error());
      return Reply311(
          fmt, svc().Service(*j, req.params["code"]), "service_definition", "",
          [](const app::CategoryView& c) {
            return json::object{{"service_code", c.category.code}, {"attributes", json::array{}}};
          });
    });

    r.Add("POST", base + "requests" + ext, [svc, fmt](Request& req) {
      auto in = ParseSubmission(req);
      if (!in) return Open311Error(fmt, in.error());
      return Reply311(fmt, svc().Submit(*in, req.Header("idempotency-key")), "service_requests",
                      "request", [](const app::AppealView& v) {
                        return json::array{json::object{{"service_request_id", v.appeal.id},
                                                        {"service_notice", Notice(v)},
                                                        {"account_id", nullptr}}};
                      });
    });
    r.Add("GET", base + "requests" + ext, [svc, fmt](Request& req) {
      app::Open311Query q;
      auto parse = [&]() -> Status {
        LINLI_ASSIGN_OR_RETURN(q.jurisdiction_id,
                               JurisdictionParam(req.Query("jurisdiction_id").value_or("")));
        for (const auto& id : ListParam(req, "service_request_id")) {
          LINLI_ASSIGN_OR_RETURN(auto n, PositiveId(id, "service_request_id"));
          q.ids.push_back(n);
        }
        q.service_codes = ListParam(req, "service_code");
        bool open = false, closed = false;
        for (const auto& s : ListParam(req, "status")) {
          if (s == "open")
            open = true;
          else if (s == "closed")
            closed = true;
          else
            return InvalidArgument(
                "status must be open or closed (or both, comma separated), "
                "not '" +
                    s + "'",
                "status");
        }
        if (open != closed) q.status = open ? "open" : "closed";
        LINLI_ASSIGN_OR_RETURN(q.start, DateParam(req, "start_date", false));
        LINLI_ASSIGN_OR_RETURN(q.end, DateParam(req, "end_date", true));
        return {};
      };
      if (auto st = parse(); !st) return Open311Error(fmt, st.error());
      return Reply311(fmt, svc().Requests(q), "service_requests", "request", RequestsJson);
    });
    r.Add("GET", base + "requests/{id}" + ext, [svc, fmt](Request& req) {
      auto j = JurisdictionParam(req.Query("jurisdiction_id").value_or(""));
      if (!j) return Open311Error(fmt, j.error());
      auto id = PositiveId(req.params["id"], "service_request_id");
      if (!id)
        return Open311Error(fmt, Error{ErrorCode::kNotFound,
                                       "service request '" + req.params["id"] + "' does not exist",
                                       "service_request_id",
                                       {}});
      return Reply311(fmt, svc().Request(*id, *j), "service_requests", "request",
                      [](const app::AppealView& v) { return json::array{RequestJson(v)}; });
    });
    // Requests are filed at once, so a token is the service_request_id itself.
    r.Add("GET", base + "tokens/{token}" + ext, [svc, fmt](Request& req) {
      auto j = JurisdictionParam(req.Query("jurisdiction_id").value_or(""));
      if (!j) return Open311Error(fmt, j.error());
      const std::string token = req.params["token"];
      auto id = PositiveId(token, "token");
      if (!id)
        return Open311Error(fmt, Error{ErrorCode::kNotFound,
                                       "no service request has the token '" + token + "'",
                                       "token",
                                       {}});
      return Reply311(
          fmt, svc().Request(*id, *j), "service_requests", "request",
          [&token](const app::AppealView& v) {
            return json::array{json::object{{"service_request_id", v.appeal.id}, {"token", token}}};
          });
    });
  }

  r.Add("POST", "/api/v1/open311/keys", Authed(api, [svc](Request& req, const app::Principal& who) {
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto name = RequiredString(*body, "name");
          if (!name) return ErrorOf(name.error());
          auto estate = OptionalInt(*body, "estate_id");
          if (!estate) return ErrorOf(estate.error());
          return Reply(
              svc().IssueKey(who, *name, *estate),
              [](const app::IssuedKey& k) {
                json::object o = KeyJson(k.client);
                o["key"] = k.key;
                return o;
              },
              201);
        }));
  r.Add("GET", "/api/v1/open311/keys", Authed(api, [svc](Request&, const app::Principal& who) {
          return Reply(svc().ListKeys(who), [](const std::vector<app::Open311Client>& list) {
            json::array items;
            for (const auto& c : list) items.push_back(KeyJson(c));
            return json::object{{"items", std::move(items)},
                                {"total", static_cast<std::int64_t>(list.size())}};
          });
        }));
  r.Add("DELETE", "/api/v1/open311/keys/{id}",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(svc().RevokeKey(who, *id), KeyJson);
        }));
}

}  // namespace linli::http
