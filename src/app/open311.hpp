// Use cases of Open311 GeoReport v2 (docs/APPEALS.md): API keys for outside clients (issued by
// an administrator, shown once, kept as a digest), resolving a key to its client, the
// jurisdiction (an estate) a call is about, and filing and reading residents' problems the way the
// specification asks, on top of AppealService. Reads never carry personal data: they go through
// AppealService::GetPublic / ListPublic.
// Thread-safety: Open311Service is thread-safe (stateless over Env).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/appeals.hpp"
#include "app/context.hpp"

namespace linli::app {

// A client of the Open311 endpoint (a city platform, a 12345 hotline system, an app).
struct Open311Client {
  std::int64_t id = 0;
  std::string name;
  std::optional<std::int64_t> estate_id;  // nullopt: any estate
  std::string estate_name;
  std::optional<std::int64_t> created_by;
  UnixSeconds created_at = 0;
  std::optional<UnixSeconds> revoked_at;
};

// A client with its key: the only time the key is seen.
struct IssuedKey {
  Open311Client client;
  std::string key;
};

// POST requests, as the client sent it (form fields or JSON), before any check.
struct Open311Submission {
  std::string api_key;
  std::optional<std::int64_t> jurisdiction_id;
  std::string service_code;
  std::string description;
  std::string address_string;
  std::string lat, lon;  // WGS84 degrees; the place is "lat,long" when there is no address_string
  std::string first_name, last_name, phone;
};

// GET requests. With ids, the other criteria are ignored (as the specification says).
struct Open311Query {
  std::optional<std::int64_t> jurisdiction_id;
  std::vector<std::int64_t> ids;
  std::vector<std::string> service_codes;  // empty: all
  std::optional<std::string> status;       // "open" or "closed"; nullopt: both
  std::optional<UnixSeconds> start, end;   // received between (inclusive); at most 90 days
};

class Open311Service {
 public:
  // The most requests one GET requests answers with, and the longest period it may cover.
  static constexpr int kMaxRequests = 1000;
  static constexpr UnixSeconds kMaxPeriod = 90 * 24 * 3600;

  explicit Open311Service(Env env) : env_(env), appeals_(env) {}

  // kManageAccounts at the top ("/") for a key valid in every estate, or on the estate for a key
  // limited to it. Audited (without the key).
  Result<IssuedKey> IssueKey(const Principal& who, const std::string& name,
                             std::optional<std::int64_t> estate_id);
  // The clients whose keys the caller could have issued, newest first; never the keys.
  Result<std::vector<Open311Client>> ListKeys(const Principal& who);
  // As IssueKey. Revoking a revoked key changes nothing.
  Result<Open311Client> RevokeKey(const Principal& who, std::int64_t id);

  // The client behind an api_key; permission_denied when it is missing, unknown or revoked.
  Result<Open311Client> ClientOf(const std::string& api_key);
  // The estate a call is about: the one named, else the client's estate, else the only estate
  // of this server; invalid_argument when several estates leave it open.
  Result<std::int64_t> Jurisdiction(std::optional<std::int64_t> jurisdiction_id,
                                    const Open311Client* client);

  // The estate's active categories, as services.
  Result<std::vector<CategoryView>> Services(std::optional<std::int64_t> jurisdiction_id);
  // One active category; not_found naming the code otherwise.
  Result<CategoryView> Service(std::optional<std::int64_t> jurisdiction_id,
                               const std::string& code);

  // Files the problem for the client (channel open311). A retry with the same idempotency key
  // by the same client returns the problem the first call filed.
  Result<AppealView> Submit(const Open311Submission& in,
                            const std::optional<std::string>& idempotency_key);
  // Newest first, at most kMaxRequests. Without dates: the last 90 days.
  Result<std::vector<AppealView>> Requests(const Open311Query& q);
  // One problem; not_found also when it is not in the jurisdiction given.
  Result<AppealView> Request(std::int64_t id, std::optional<std::int64_t> jurisdiction_id);

 private:
  Env env_;
  AppealService appeals_;
};

}  // namespace linli::app
