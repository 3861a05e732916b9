#include "http/json_util.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "core/text.hpp"

namespace linli::http {

Result<json::object> ParseObject(const Request& req) {
  if (req.body.empty()) return InvalidArgument("the request needs a JSON object body");
  boost::system::error_code ec;
  json::value v = json::parse(req.body, ec);
  if (ec) return InvalidArgument("the body is not valid JSON: " + ec.message());
  if (!v.is_object()) return InvalidArgument("the body must be a JSON object");
  return std::move(v.as_object());
}

Result<std::optional<std::string>> OptionalString(const json::object& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::optional<std::string>();
  if (!it->value().is_string()) return InvalidArgument(std::string(key) + " must be a string", key);
  std::string s(it->value().as_string());
  if (!IsValidUtf8(s)) return InvalidArgument(std::string(key) + " is not valid UTF-8 text", key);
  return std::optional<std::string>(std::move(s));
}

Result<std::string> RequiredString(const json::object& o, const char* key) {
  LINLI_ASSIGN_OR_RETURN(auto s, OptionalString(o, key));
  if (!s || Trim(*s).empty()) return InvalidArgument(std::string(key) + " is required", key);
  return std::move(*s);
}

Result<std::optional<std::int64_t>> OptionalInt(const json::object& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::optional<std::int64_t>();
  const auto& v = it->value();
  if (v.is_int64()) return std::optional<std::int64_t>(v.as_int64());
  if (v.is_uint64() && v.as_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    return std::optional<std::int64_t>(static_cast<std::int64_t>(v.as_uint64()));
  if (v.is_string()) {
    const auto& s = v.as_string();
    std::int64_t n = 0;
    auto r = std::from_chars(s.data(), s.data() + s.size(), n);
    if (r.ec == std::errc() && r.ptr == s.data() + s.size()) return std::optional<std::int64_t>(n);
  }
  return InvalidArgument(std::string(key) + " must be an integer", key);
}

Result<std::int64_t> RequiredInt(const json::object& o, const char* key) {
  LINLI_ASSIGN_OR_RETURN(auto v, OptionalInt(o, key));
  if (!v) return InvalidArgument(std::string(key) + " is required", key);
  return *v;
}

Result<std::optional<bool>> OptionalBool(const json::object& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::optional<bool>();
  if (!it->value().is_bool())
    return InvalidArgument(std::string(key) + " must be true or false", key);
  return std::optional<bool>(it->value().as_bool());
}

namespace {
std::optional<std::int64_t> ParsePositive(const std::string& s) {
  std::int64_t n = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), n);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size() || n <= 0) return std::nullopt;
  return n;
}
}  // namespace

Result<std::int64_t> PathId(const Request& req, const char* name) {
  auto it = req.params.find(name);
  if (it == req.params.end())
    return InvalidArgument(std::string("missing path parameter ") + name, name);
  auto n = ParsePositive(it->second);
  if (!n)
    return InvalidArgument("'" + it->second + "' is not a valid id: ids are positive integers",
                           name);
  return *n;
}

Result<std::optional<std::int64_t>> QueryId(const Request& req, const char* name) {
  auto v = req.Query(name);
  if (!v || v->empty()) return std::optional<std::int64_t>();
  auto n = ParsePositive(*v);
  if (!n) return InvalidArgument("'" + *v + "' is not a valid id: ids are positive integers", name);
  return std::optional<std::int64_t>(*n);
}

Result<app::Page> ParsePage(const Request& req) {
  app::Page p;
  if (auto v = req.Query("page"); v && !v->empty()) {
    auto n = ParsePositive(*v);
    if (!n || *n > 1000000) return InvalidArgument("page must be a whole number from 1", "page");
    p.page = static_cast<int>(*n);
  }
  if (auto v = req.Query("page_size"); v && !v->empty()) {
    auto n = ParsePositive(*v);
    if (!n || *n > 500)
      return InvalidArgument("page_size must be a whole number from 1 to 500", "page_size");
    p.page_size = static_cast<int>(*n);
  }
  return p;
}

json::object UnitRefJson(const domain::Unit& u) {
  return json::object{
      {"id", u.id}, {"kind", std::string(domain::UnitKindName(u.kind))}, {"name", u.name}};
}

json::object UnitWithPathJson(const domain::Unit& u, const std::vector<domain::Unit>& path,
                              std::int64_t child_count) {
  json::object o = UnitRefJson(u);
  o["parent_id"] = u.parent_id ? json::value(*u.parent_id) : json::value(nullptr);
  o["child_count"] = child_count;
  if (!path.empty()) {
    json::array a;
    for (const auto& p : path) a.push_back(UnitRefJson(p));
    o["path"] = std::move(a);
  }
  return o;
}

int HttpStatus(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return 400;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kFailedPrecondition:
    case ErrorCode::kAborted:
      return 409;
    case ErrorCode::kPayloadTooLarge:
      return 413;
    case ErrorCode::kResourceExhausted:
      return 429;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

Response ErrorOf(const Error& e) {
  json::object err{{"code", ErrorCodeName(e.code)}, {"message", e.message}};
  if (!e.field.empty()) err["field"] = e.field;
  if (!e.rows.empty()) {
    json::array rows;
    for (const auto& r : e.rows)
      rows.push_back(json::object{{"line", r.line}, {"column", r.column}, {"problem", r.problem}});
    err["rows"] = std::move(rows);
  }
  return Json(json::object{{"error", std::move(err)}}, HttpStatus(e.code));
}

namespace {

void WriteString(std::string_view s, std::string& out) {
  out += '"';
  size_t run = 0;  // start of the characters not yet copied (those that need no escape)
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default: {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out += buf;
      }
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

// Fractions in plain notation with at least 2 and at most 6 decimals: areas 89.45 and 90.00,
// rates 0.861080 -> 0.86108; never Boost.JSON's 8.945E1. Exact values travel as integers.
void WriteDouble(double d, std::string& out) {
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed, 6);
  char* end = r.ptr;
  char* dot = std::find(buf, end, '.');
  while (end > dot + 3 && end[-1] == '0') --end;
  out.append(buf, end);
}

void Write(const json::value& v, std::string& out) {
  char buf[64];
  switch (v.kind()) {
    case json::kind::null:
      out += "null";
      return;
    case json::kind::bool_:
      out += v.get_bool() ? "true" : "false";
      return;
    case json::kind::int64: {
      auto r = std::to_chars(buf, buf + sizeof buf, v.get_int64());
      out.append(buf, r.ptr);
      return;
    }
    case json::kind::uint64: {
      auto r = std::to_chars(buf, buf + sizeof buf, v.get_uint64());
      out.append(buf, r.ptr);
      return;
    }
    case json::kind::double_:
      WriteDouble(v.get_double(), out);
      return;
    case json::kind::string:
      WriteString(v.get_string(), out);
      return;
    case json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& item : v.get_array()) {
        if (!first) out += ',';
        first = false;
        Write(item, out);
      }
      out += ']';
      return;
    }
    case json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& kv : v.get_object()) {
        if (!first) out += ',';
        first = false;
        WriteString(kv.key(), out);
        out += ':';
        Write(kv.value(), out);
      }
      out += '}';
      return;
    }
  }
}

}  // namespace

JsonWriter& JsonWriter::Key(std::string_view k) {
  Item([&](std::string& out) { WriteString(k, out); });
  out_ += ':';
  comma_ = false;
  return *this;
}
JsonWriter& JsonWriter::Value(std::string_view s) {
  return Item([&](std::string& out) { WriteString(s, out); });
}
JsonWriter& JsonWriter::Value(std::int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return Raw(std::string_view(buf, static_cast<size_t>(r.ptr - buf)));
}
JsonWriter& JsonWriter::Value(bool v) { return Raw(v ? "true" : "false"); }
JsonWriter& JsonWriter::Value(double v) {
  return Item([&](std::string& out) { WriteDouble(v, out); });
}
JsonWriter& JsonWriter::Value(const json::value& v) {
  return Item([&](std::string& out) { Write(v, out); });
}
JsonWriter& JsonWriter::Raw(std::string_view text) {
  return Item([&](std::string& out) { out += text; });
}
JsonWriter& JsonWriter::Open(char bracket) {
  Item([&](std::string& out) { out += bracket; });
  comma_ = false;
  return *this;
}
JsonWriter& JsonWriter::Close(char bracket) {
  out_ += bracket;
  comma_ = true;
  return *this;
}

Response JsonText(std::string body, int status) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

std::string SerializeJson(const json::value& v) {
  std::string out;
  out.reserve(256);
  Write(v, out);
  return out;
}

Result<std::vector<std::int64_t>> IdArray(const json::object& o, const char* key) {
  std::vector<std::int64_t> ids;
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return ids;
  const std::string message = std::string(key) + " must be an array of positive integer ids";
  if (!it->value().is_array()) return InvalidArgument(message, key);
  for (const auto& v : it->value().as_array()) {
    if (!v.is_int64() || v.as_int64() <= 0) return InvalidArgument(message, key);
    ids.push_back(v.as_int64());
  }
  return ids;
}

Response Json(const json::value& v, int status) { return JsonText(SerializeJson(v), status); }

}  // namespace linli::http
