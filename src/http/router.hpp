// Routes requests by method and path pattern ("/api/v1/units/{id}/children",
// "/api/v1/estates/{id}/households:import"). Each route has its own body-size limit.
// Thread-safety: build the router before serving; lookups are then read-only and thread-safe.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "http/message.hpp"

namespace linli::http {

using Handler = std::function<Response(Request&)>;

struct Route {
  std::string method;
  std::string pattern;
  Handler handler;
  std::size_t body_limit = 64 * 1024;
  // The pattern split at '/', once: a segment is a literal, or a parameter "{name}" with an
  // optional literal suffix (":import").
  struct Segment {
    std::string literal;  // for a literal segment
    std::string param;    // parameter name, empty for a literal
    std::string suffix;   // after the parameter
  };
  std::vector<Segment> segments;
};

class Router {
 public:
  void Add(std::string method, std::string pattern, Handler handler,
           std::size_t body_limit = 64 * 1024);
  // A handler for every path no route matches (static files, the console's SPA fallback).
  void SetFallback(Handler handler) { fallback_ = std::move(handler); }

  // The route for a request, with `params` filled in; nullptr when none matches. Sets
  // `method_mismatch` when the path matches a route of another method.
  const Route* Match(const std::string& method, const std::string& path,
                     std::map<std::string, std::string>& params, bool& method_mismatch) const;
  // The body limit that applies before the route is known for sure (largest of the path's routes).
  std::size_t BodyLimit(const std::string& method, const std::string& path) const;
  Response Dispatch(Request& request) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
  Handler fallback_;
};

// The JSON error body all endpoints use.
Response ErrorResponse(int status, const std::string& code, const std::string& message,
                       const std::string& field = {});

}  // namespace linli::http
