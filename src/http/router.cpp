#include "http/router.hpp"

#include <boost/json.hpp>

namespace linli::http {
namespace {

std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < path.size()) {
    if (path[pos] == '/') { ++pos; continue; }
    size_t end = path.find('/', pos);
    if (end == std::string::npos) end = path.size();
    out.push_back(path.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

bool MatchPattern(const std::string& pattern, const std::string& path,
                  std::map<std::string, std::string>& params) {
  auto ps = Split(pattern), xs = Split(path);
  if (ps.size() != xs.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < ps.size(); ++i) {
    const auto& p = ps[i];
    if (p.size() > 2 && p.front() == '{') {
      // "{id}" or "{id}:verb"
      auto close = p.find('}');
      std::string name = p.substr(1, close - 1);
      std::string suffix = p.substr(close + 1);
      const auto& x = xs[i];
      if (x.size() <= suffix.size() || x.compare(x.size() - suffix.size(), suffix.size(), suffix) != 0)
        return false;
      std::string value = x.substr(0, x.size() - suffix.size());
      if (value.find(':') != std::string::npos && !suffix.empty()) return false;
      found[name] = value;
    } else if (p != xs[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler, std::size_t body_limit) {
  routes_.push_back(Route{std::move(method), std::move(pattern), std::move(handler), body_limit});
}

const Route* Router::Match(const std::string& method, const std::string& path,
                           std::map<std::string, std::string>& params, bool& method_mismatch) const {
  method_mismatch = false;
  const std::string& m = method == "HEAD" ? std::string("GET") : method;
  for (const auto& r : routes_) {
    std::map<std::string, std::string> p;
    if (!MatchPattern(r.pattern, path, p)) continue;
    if (r.method != m) {
      method_mismatch = true;
      continue;
    }
    params = std::move(p);
    return &r;
  }
  return nullptr;
}

std::size_t Router::BodyLimit(const std::string& method, const std::string& path) const {
  std::map<std::string, std::string> params;
  bool mismatch;
  const Route* r = Match(method, path, params, mismatch);
  return r ? r->body_limit : 64 * 1024;
}

Response Router::Dispatch(Request& request) const {
  bool mismatch = false;
  const Route* r = Match(request.method, request.path, request.params, mismatch);
  if (r) return r->handler(request);
  if (mismatch)
    return ErrorResponse(405, "invalid_argument",
                         "method " + request.method + " is not allowed on " + request.path);
  if (fallback_ && request.path.rfind("/api/", 0) != 0) return fallback_(request);
  return ErrorResponse(404, "not_found", "no endpoint at " + request.path +
                                             "; see /api/v1/openapi.json for the endpoints");
}

Response ErrorResponse(int status, const std::string& code, const std::string& message,
                       const std::string& field) {
  boost::json::object err{{"code", code}, {"message", message}};
  if (!field.empty()) err["field"] = field;
  Response r;
  r.status = status;
  r.body = boost::json::serialize(boost::json::object{{"error", std::move(err)}});
  return r;
}

}  // namespace linli::http
