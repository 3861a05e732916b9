// JSON mapping helpers shared by the handlers: reading fields with errors that name them,
// writing results and errors, paging parameters.
// Thread-safety: pure functions.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "core/error.hpp"
#include "domain/org/unit.hpp"
#include "http/message.hpp"

namespace linli::http {
namespace json = boost::json;

// The body as a JSON object, or invalid_argument saying what is wrong with it.
Result<json::object> ParseObject(const Request& req);

Result<std::string> RequiredString(const json::object& o, const char* key);
Result<std::optional<std::string>> OptionalString(const json::object& o, const char* key);
Result<std::int64_t> RequiredInt(const json::object& o, const char* key);
Result<std::optional<std::int64_t>> OptionalInt(const json::object& o, const char* key);
Result<std::optional<bool>> OptionalBool(const json::object& o, const char* key);
// An optional array of positive integer ids (absent or null: empty), e.g. photo_ids.
Result<std::vector<std::int64_t>> IdArray(const json::object& o, const char* key);

// A path parameter that must be a positive integer id.
Result<std::int64_t> PathId(const Request& req, const char* name = "id");
// An optional query parameter that must be a positive integer id.
Result<std::optional<std::int64_t>> QueryId(const Request& req, const char* name);
// page (>= 1) and page_size (1..500) from the query string, defaults 1 and 50.
Result<app::Page> ParsePage(const Request& req);

int HttpStatus(ErrorCode code);
Response ErrorOf(const Error& e);
Response Json(const json::value& v, int status = 200);
// JSON text of a value; doubles in plain notation with 2 to 6 decimals (89.45, 90.00, 0.86108;
// never 8.945E1).
std::string SerializeJson(const json::value& v);

// Writes JSON text straight into a string, for answers on hot paths (an appeal is filed, read
// and listed thousands of times a second) where building a Boost.JSON object first costs more
// than the rest of the answer. Strings and numbers come out as SerializeJson writes them; commas
// are placed by the writer:
//   JsonWriter w(out);
//   w.Open('{').Key("id").Value(id).Key("tags").Open('[').Value("a").Close(']').Close('}');
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}
  JsonWriter& Key(std::string_view k);
  JsonWriter& Value(std::string_view s);
  JsonWriter& Value(const std::string& s) { return Value(std::string_view(s)); }
  JsonWriter& Value(const char* s) { return Value(std::string_view(s)); }
  JsonWriter& Value(std::int64_t v);
  JsonWriter& Value(int v) { return Value(static_cast<std::int64_t>(v)); }
  JsonWriter& Value(bool v);
  JsonWriter& Value(double v);
  JsonWriter& Value(std::nullptr_t) { return Raw("null"); }
  JsonWriter& Value(const json::value& v);
  template <class T>
  JsonWriter& Value(const std::optional<T>& v) {
    return v ? Value(*v) : Raw("null");
  }
  // Text that is already JSON (a number, null, a serialized object).
  JsonWriter& Raw(std::string_view text);
  JsonWriter& Open(char bracket);   // '{' or '['
  JsonWriter& Close(char bracket);  // '}' or ']'

 private:
  // Writes one item (a key, a value, an opening bracket) after the comma it may need.
  template <class F>
  JsonWriter& Item(F&& write) {
    if (comma_) out_ += ',';
    write(out_);
    comma_ = true;
    return *this;
  }
  std::string& out_;
  bool comma_ = false;
};

// A response whose body is JSON text already written.
Response JsonText(std::string body, int status = 200);

template <class T>
json::object PagedJson(const app::Paged<T>& p, json::array items) {
  return json::object{{"items", std::move(items)},
                      {"total", p.total},
                      {"page", p.page.page},
                      {"page_size", p.page.page_size}};
}

// Turns a Result into a response: `to_json(value)` on success, the error body otherwise.
template <class T, class F>
Response Reply(const Result<T>& r, F&& to_json, int status = 200) {
  if (!r) return ErrorOf(r.error());
  return Json(to_json(*r), status);
}

// {"id","kind","name"} of a unit.
json::object UnitRefJson(const domain::Unit& u);
// A unit with its parent_id, child_count and path (root first): what /units/{id} and
// /estates/{id} both start with.
json::object UnitWithPathJson(const domain::Unit& u, const std::vector<domain::Unit>& path,
                              std::int64_t child_count);

inline json::value OptJson(const std::optional<std::int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
inline json::value OptJson(const std::optional<std::string>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

}  // namespace linli::http
