// System routes: health, the OpenAPI document, the test clock and the console's static files.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/time_format.hpp"
#include "http/api.hpp"
#include "http/json_util.hpp"
#include "http/openapi.hpp"

namespace linli::http {
namespace fs = std::filesystem;

namespace {

std::string ContentType(const fs::path& p) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".csv", "text/csv; charset=utf-8"},
      {".map", "application/json"}};
  auto it = kTypes.find(p.extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

std::optional<std::string> ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Response StaticFile(const std::string& web_dir, const Request& req) {
  if (req.method != "GET" && req.method != "HEAD")
    return ErrorResponse(405, "invalid_argument", "only GET reads the console's files");
  const fs::path root = fs::weakly_canonical(web_dir);
  fs::path wanted = root / fs::path(req.path).relative_path();
  wanted = fs::weakly_canonical(wanted);
  const std::string rs = root.string(), ws = wanted.string();
  bool inside = ws.compare(0, rs.size(), rs) == 0;
  std::error_code ec;
  if (inside && fs::is_regular_file(wanted, ec)) {
    if (auto body = ReadFile(wanted)) {
      Response r;
      r.content_type = ContentType(wanted);
      r.body = std::move(*body);
      // Vite fingerprints everything under assets/: cache it for good.
      if (req.path.rfind("/assets/", 0) == 0)
        r.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
      else
        r.headers.emplace_back("Cache-Control", "no-cache");
      return r;
    }
  }
  // The console and the residents' H5 (under /m/) are single-page apps: unknown paths without
  // a file extension get their index page.
  if (fs::path(req.path).extension().empty()) {
    const bool h5 = req.path == "/m" || req.path.rfind("/m/", 0) == 0;
    if (auto body = ReadFile(root / (h5 ? "h5.html" : "index.html"))) {
      Response r;
      r.content_type = "text/html; charset=utf-8";
      r.body = std::move(*body);
      r.headers.emplace_back("Cache-Control", "no-cache");
      return r;
    }
  }
  return ErrorResponse(404, "not_found", "no file at " + req.path);
}

}  // namespace

void RegisterSystemRoutes(Router& r, Api& api) {
  r.Add("GET", "/healthz", [](Request&) { return Json(json::object{{"status", "ok"}}); });
  r.Add("GET", "/api/v1/openapi.json", [](Request&) {
    Response res;
    res.body = OpenApiDocument();
    return res;
  });
  if (api.test_clock) {
    r.Add("POST", "/api/v1/test/clock", [&api](Request& req) {
      auto body = ParseObject(req);
      if (!body) return ErrorOf(body.error());
      auto now = RequiredString(*body, "now");
      if (!now) return ErrorOf(now.error());
      auto t = ParseTime(*now);
      if (!t)
        return ErrorOf(Error{ErrorCode::kInvalidArgument,
                             "now must be an RFC 3339 time such as 2026-03-01T09:00:00+08:00",
                             "now",
                             {}});
      api.test_clock->Set(*t);
      const int escalated = api.run_jobs ? api.run_jobs() : 0;
      return Json(json::object{{"now", FormatTime(*t)}, {"escalated", escalated}});
    });
    r.Add("GET", "/api/v1/test/clock", [&api](Request&) {
      return Json(json::object{{"now", FormatTime(api.test_clock->Now())}});
    });
  }
  if (!api.web_dir.empty()) {
    std::string dir = api.web_dir;
    r.SetFallback([dir](Request& req) { return StaticFile(dir, req); });
  }
}

void RegisterAllRoutes(Router& r, Api& api) {
  RegisterSystemRoutes(r, api);
  RegisterAccountRoutes(r, api);
  RegisterUnitRoutes(r, api);
  RegisterEstateRoutes(r, api);
  RegisterOrganisationRoutes(r, api);
  RegisterAppealRoutes(r, api);
  RegisterMemberTaskRoutes(r, api);
  RegisterOpen311Routes(r, api);
  RegisterMemberRoutes(r, api);
  RegisterMemberVisitRoutes(r, api);
  RegisterVoteRoutes(r, api);
  RegisterPollRoutes(r, api);
  RegisterElectionRoutes(r, api);
  RegisterMeetingRoutes(r, api);
}

}  // namespace linli::http
