// Linli's own request and response types: the Beast server converts to and from them, so that
// handlers (and their tests) never see Beast.
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace linli::http {

struct Request {
  std::string method;                             // "GET", "POST", ...
  std::string target;                             // as sent, with the query string
  std::string path;                               // decoded path
  std::multimap<std::string, std::string> query;  // decoded query parameters
  std::map<std::string, std::string> headers;     // names lower-cased
  std::string body;
  std::string remote;                         // peer address
  std::map<std::string, std::string> params;  // path parameters filled by the router

  std::optional<std::string> Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    if (it == headers.end()) return std::nullopt;
    return it->second;
  }
  std::optional<std::string> Query(const std::string& name) const {
    auto it = query.find(name);
    if (it == query.end()) return std::nullopt;
    return it->second;
  }
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

}  // namespace linli::http
