#include "http/router.hpp"

#include <boost/json.hpp>

namespace linli::http {
namespace {

std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (pos < path.size()) {
    if (path[pos] == '/') {
      ++pos;
      continue;
    }
    size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    out.push_back(path.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

bool MatchSegments(const Route& route, const std::vector<std::string_view>& xs,
                   std::map<std::string, std::string>* params) {
  const auto& ps = route.segments;
  if (ps.size() != xs.size()) return false;
  for (size_t i = 0; i < ps.size(); ++i) {
    const auto& p = ps[i];
    std::string_view x = xs[i];
    if (p.param.empty()) {
      if (p.literal != x) return false;
      continue;
    }
    const auto& suffix = p.suffix;
    if (x.size() <= suffix.size() || x.substr(x.size() - suffix.size()) != suffix) return false;
    std::string_view value = x.substr(0, x.size() - suffix.size());
    if (!suffix.empty() && value.find(':') != std::string_view::npos) return false;
  }
  if (params) {
    params->clear();
    for (size_t i = 0; i < ps.size(); ++i)
      if (!ps[i].param.empty())
        (*params)[ps[i].param] = std::string(xs[i].substr(0, xs[i].size() - ps[i].suffix.size()));
  }
  return true;
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler, std::size_t body_limit) {
  Route route{std::move(method), std::move(pattern), std::move(handler), body_limit, {}};
  for (std::string_view seg : Split(route.pattern)) {
    Route::Segment s;
    if (seg.size() > 2 && seg.front() == '{') {
      auto close = seg.find('}');
      s.param = std::string(seg.substr(1, close - 1));
      s.suffix = std::string(seg.substr(close + 1));
    } else {
      s.literal = std::string(seg);
    }
    route.segments.push_back(std::move(s));
  }
  routes_.push_back(std::move(route));
}

const Route* Router::Match(const std::string& method, const std::string& path,
                           std::map<std::string, std::string>& params,
                           bool& method_mismatch) const {
  method_mismatch = false;
  const std::string& m = method == "HEAD" ? std::string("GET") : method;
  const auto xs = Split(path);
  for (const auto& r : routes_) {
    if (r.method != m) {
      if (!method_mismatch && MatchSegments(r, xs, nullptr)) method_mismatch = true;
      continue;
    }
    if (!MatchSegments(r, xs, &params)) continue;
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
  return ErrorResponse(
      404, "not_found",
      "no endpoint at " + request.path + "; see /api/v1/openapi.json for the endpoints");
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
