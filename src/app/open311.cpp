#include "app/open311.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <boost/json.hpp>

#include "app/audit.hpp"
#include "app/authz.hpp"
#include "app/units.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"
#include "core/time_format.hpp"
#include "storage/repos/open311.hpp"

namespace linli::app {
namespace json = boost::json;
using domain::Permission;

namespace {

constexpr size_t kMaxClientName = 64;
constexpr size_t kMaxAddress = 100;  // the longest place text of an appeal

Open311Client ToClient(const storage::Open311ClientRecord& r) {
  return Open311Client{r.id,         r.name,       r.estate_id, r.estate_name,
                       r.created_by, r.created_at, r.revoked_at};
}

// Where a client's key reaches: its estate, or everywhere.
std::string ScopePath(const storage::Open311ClientRecord& r) {
  return r.estate_path.empty() ? "/" : r.estate_path;
}

json::value ClientAuditJson(const storage::Open311ClientRecord& r) {
  return json::object{{"name", r.name},
                      {"estate_id", r.estate_id ? json::value(*r.estate_id) : json::value()}};
}

// Open311 names the fields differently from the appeal they become: errors from the appeal
// use cases are renamed so that the client sees its own field names.
Error ForClient(Error e) {
  static const std::pair<const char*, const char*> kNames[] = {
      {"category", "service_code"},   {"place.text", "address_string"}, {"place", "address_string"},
      {"contact_name", "first_name"}, {"contact_phone", "phone"},
  };
  for (const auto& [ours, theirs] : kNames) {
    if (e.field != ours) continue;
    e.field = theirs;
    if (e.message.rfind(ours, 0) == 0)
      e.message = theirs + e.message.substr(std::string(ours).size());
    break;
  }
  return e;
}

std::optional<double> ParseDegrees(const std::string& s) {
  double v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// The place text of a submission: the address, or "lat,long" as the client wrote them.
Result<std::string> PlaceText(const Open311Submission& in) {
  const std::string address(Trim(in.address_string));
  if (!address.empty()) {
    if (Utf8Length(address) > kMaxAddress)
      return InvalidArgument("address_string has " + std::to_string(Utf8Length(address)) +
                                 " characters; at most " + std::to_string(kMaxAddress) +
                                 " are allowed",
                             "address_string");
    return address;
  }
  const std::string lat(Trim(in.lat)), lon(Trim(in.lon));
  if (lat.empty() && lon.empty())
    return InvalidArgument(
        "address_string, or lat and long, is required: say where the problem "
        "is (e.g. address_string=3栋北门垃圾桶旁)",
        "address_string");
  auto la = ParseDegrees(lat);
  if (!la || *la < -90 || *la > 90)
    return InvalidArgument("lat must be a latitude in degrees from -90 to 90, such as 39.9087",
                           "lat");
  auto lo = ParseDegrees(lon);
  if (!lo || *lo < -180 || *lo > 180)
    return InvalidArgument("long must be a longitude in degrees from -180 to 180, such as 116.3975",
                           "long");
  return lat + "," + lon;
}

// The resident's name as Chinese writes it (family name first), or "First Last" in Latin script.
std::string ContactName(const std::string& first, const std::string& last) {
  const std::string f(Trim(first)), l(Trim(last));
  if (f.empty() || l.empty()) return f + l;
  const bool latin = std::all_of(f.begin(), f.end(), [](unsigned char c) { return c < 0x80; }) &&
                     std::all_of(l.begin(), l.end(), [](unsigned char c) { return c < 0x80; });
  return latin ? f + " " + l : l + f;
}

}  // namespace

// ---- Keys -----------------------------------------------------------------------------------

Result<IssuedKey> Open311Service::IssueKey(const Principal& who, const std::string& name_in,
                                           std::optional<std::int64_t> estate_id) {
  const std::string name(Trim(name_in));
  if (name.empty())
    return InvalidArgument("name is required: say who the key is for, e.g. \"12345 热线平台\"",
                           "name");
  if (!IsValidUtf8(name) || Utf8Length(name) > kMaxClientName)
    return InvalidArgument(
        "name must be text of at most " + std::to_string(kMaxClientName) + " characters", "name");
  const std::string key = RandomToken(32);
  return env_.db.Write([&](storage::Tx& tx) -> Result<IssuedKey> {
    std::string path = "/";
    if (estate_id) {
      auto estate = LoadEstate(tx, *estate_id);
      if (!estate) {
        Error e = estate.error();
        e.field = "estate_id";
        return tl::unexpected(e);
      }
      path = estate->path;
    }
    LINLI_TRY(Require(who, Permission::kManageAccounts, path,
                      estate_id ? "issue Open311 keys for this estate"
                                : "issue Open311 keys valid in every estate (give estate_id to "
                                  "limit the key to one estate)"));
    LINLI_ASSIGN_OR_RETURN(
        auto id, storage::InsertOpen311Client(tx, name, TokenDigest(key), estate_id, who.account_id,
                                              env_.clock.Now()));
    LINLI_ASSIGN_OR_RETURN(auto rec, storage::FindOpen311Client(tx, id));
    if (!rec) return Internal("Open311 client " + std::to_string(id) + " vanished");
    LINLI_TRY(RecordAudit(tx, env_, &who,
                          {"create", "open311_client", id, path, nullptr, ClientAuditJson(*rec)}));
    return IssuedKey{ToClient(*rec), key};
  });
}

Result<std::vector<Open311Client>> Open311Service::ListKeys(const Principal& who) {
  if (!AllowsSomewhere(who, Permission::kManageAccounts))
    return PermissionDenied("your roles do not allow you to see the Open311 keys");
  return env_.db.Read([&](storage::Tx& tx) -> Result<std::vector<Open311Client>> {
    LINLI_ASSIGN_OR_RETURN(auto all, storage::ListOpen311Clients(tx));
    std::vector<Open311Client> out;
    for (const auto& r : all)
      if (Allows(who, Permission::kManageAccounts, ScopePath(r))) out.push_back(ToClient(r));
    return out;
  });
}

Result<Open311Client> Open311Service::RevokeKey(const Principal& who, std::int64_t id) {
  return env_.db.Write([&](storage::Tx& tx) -> Result<Open311Client> {
    LINLI_ASSIGN_OR_RETURN(auto rec, storage::FindOpen311Client(tx, id));
    if (!rec) return NotFound("Open311 key " + std::to_string(id) + " does not exist", "id");
    LINLI_TRY(
        Require(who, Permission::kManageAccounts, ScopePath(*rec), "revoke this Open311 key"));
    const UnixSeconds now = env_.clock.Now();
    LINLI_ASSIGN_OR_RETURN(bool revoked, storage::RevokeOpen311Client(tx, id, now));
    if (!revoked) return ToClient(*rec);
    LINLI_TRY(RecordAudit(tx, env_, &who,
                          {"revoke", "open311_client", id, ScopePath(*rec), ClientAuditJson(*rec),
                           json::object{{"revoked_at", FormatTime(now)}}}));
    rec->revoked_at = now;
    return ToClient(*rec);
  });
}

Result<Open311Client> Open311Service::ClientOf(const std::string& api_key) {
  if (Trim(api_key).empty())
    return PermissionDenied(
        "api_key is required to file a request: ask the administrator of "
        "this server for one");
  LINLI_ASSIGN_OR_RETURN(auto rec, env_.db.Read([&](storage::Tx& tx) {
    return storage::FindOpen311ClientByDigest(tx, TokenDigest(Trim(api_key)));
  }));
  if (!rec)
    return PermissionDenied(
        "api_key is not valid: check the key, or ask the administrator of "
        "this server for one");
  if (rec->revoked_at)
    return PermissionDenied("api_key was revoked on " + FormatDate(*rec->revoked_at) +
                            ": ask the administrator of this server for a new key");
  return ToClient(*rec);
}

Result<std::int64_t> Open311Service::Jurisdiction(std::optional<std::int64_t> jurisdiction_id,
                                                  const Open311Client* client) {
  if (client && client->estate_id) {
    if (jurisdiction_id && *jurisdiction_id != *client->estate_id)
      return PermissionDenied("this api_key may file requests only in jurisdiction_id " +
                              std::to_string(*client->estate_id) + " (" + client->estate_name +
                              ")");
    return *client->estate_id;
  }
  return env_.db.Read([&](storage::Tx& tx) -> Result<std::int64_t> {
    if (jurisdiction_id) {
      auto estate = LoadEstate(tx, *jurisdiction_id);
      if (!estate)
        return NotFound("jurisdiction_id " + std::to_string(*jurisdiction_id) +
                            " was not found: it is the id of an estate (小区)",
                        "jurisdiction_id");
      return estate->id;
    }
    LINLI_ASSIGN_OR_RETURN(auto ids, storage::ListEstateIds(tx, 2));
    if (ids.size() == 1) return ids.front();
    if (ids.empty()) return NotFound("this server has no estates yet", "jurisdiction_id");
    return InvalidArgument(
        "jurisdiction_id is required: this server serves several estates; "
        "give the id of the estate (小区)",
        "jurisdiction_id");
  });
}

// ---- Services -------------------------------------------------------------------------------

Result<std::vector<CategoryView>> Open311Service::Services(
    std::optional<std::int64_t> jurisdiction_id) {
  LINLI_ASSIGN_OR_RETURN(auto estate, Jurisdiction(jurisdiction_id, nullptr));
  LINLI_ASSIGN_OR_RETURN(auto all, appeals_.PublicCategories(estate));
  std::vector<CategoryView> out;
  for (auto& c : all)
    if (c.category.active) out.push_back(std::move(c));
  return out;
}

Result<CategoryView> Open311Service::Service(std::optional<std::int64_t> jurisdiction_id,
                                             const std::string& code) {
  LINLI_ASSIGN_OR_RETURN(auto estate, Jurisdiction(jurisdiction_id, nullptr));
  LINLI_ASSIGN_OR_RETURN(auto all, appeals_.PublicCategories(estate));
  for (auto& c : all)
    if (c.category.code == code && c.category.active) return std::move(c);
  return NotFound("service_code \"" + code + "\" is not a service of jurisdiction_id " +
                      std::to_string(estate) + "; GET services lists them",
                  "service_code");
}

// ---- Requests -------------------------------------------------------------------------------

Result<AppealView> Open311Service::Submit(const Open311Submission& in,
                                          const std::optional<std::string>& idempotency_key) {
  LINLI_ASSIGN_OR_RETURN(auto client, ClientOf(in.api_key));
  LINLI_ASSIGN_OR_RETURN(auto estate, Jurisdiction(in.jurisdiction_id, &client));
  const std::string code(Trim(in.service_code));
  if (code.empty())
    return InvalidArgument("service_code is required: GET services lists the codes",
                           "service_code");
  LINLI_ASSIGN_OR_RETURN(auto catalogue, appeals_.PublicCategories(estate));
  const bool known = std::any_of(catalogue.begin(), catalogue.end(), [&](const CategoryView& c) {
    return c.category.code == code && c.category.active;
  });
  if (!known) {
    std::string codes;
    for (const auto& c : catalogue)
      if (c.category.active) codes += (codes.empty() ? "" : ", ") + c.category.code;
    return InvalidArgument("service_code \"" + code + "\" is not a service of jurisdiction_id " +
                               std::to_string(estate) + "; use one of: " + codes,
                           "service_code");
  }
  LINLI_ASSIGN_OR_RETURN(auto place, PlaceText(in));
  NewAppeal a;
  a.estate_id = estate;
  a.category = code;
  a.description = in.description;
  a.place.text = place;
  a.channel = "open311";
  a.contact_name = ContactName(in.first_name, in.last_name);
  a.contact_phone = std::string(Trim(in.phone));
  auto filed = appeals_.FileFromClient(client.id, client.name, a, idempotency_key);
  if (!filed) return tl::unexpected(ForClient(filed.error()));
  return filed;
}

Result<std::vector<AppealView>> Open311Service::Requests(const Open311Query& q) {
  std::vector<AppealView> out;
  if (!q.ids.empty()) {
    if (static_cast<int>(q.ids.size()) > kMaxRequests)
      return InvalidArgument("at most " + std::to_string(kMaxRequests) +
                                 " service_request_id may be asked for at once",
                             "service_request_id");
    for (auto id : q.ids) {
      auto v = appeals_.GetPublic(id);
      if (!v && v.error().code == ErrorCode::kNotFound) continue;
      if (!v) return tl::unexpected(v.error());
      if (q.jurisdiction_id && v->appeal.estate_id != *q.jurisdiction_id) continue;
      out.push_back(std::move(*v));
    }
    std::sort(out.begin(), out.end(),
              [](const AppealView& a, const AppealView& b) { return a.appeal.id > b.appeal.id; });
    return out;
  }
  LINLI_ASSIGN_OR_RETURN(auto estate, Jurisdiction(q.jurisdiction_id, nullptr));
  UnixSeconds end = q.end.value_or(0), start = q.start.value_or(0);
  if (!q.start && !q.end) {
    end = env_.clock.Now();
    start = end - kMaxPeriod;
  } else if (!q.start) {
    start = end - kMaxPeriod;
  } else if (!q.end) {
    end = start + kMaxPeriod;
  }
  if (start > end) return InvalidArgument("start_date must not be after end_date", "start_date");
  if (end - start > kMaxPeriod)
    return InvalidArgument("start_date and end_date may span at most 90 days", "end_date");
  std::vector<std::optional<std::string>> codes(q.service_codes.begin(), q.service_codes.end());
  if (codes.empty()) codes.emplace_back();
  for (const auto& code : codes) {
    LINLI_ASSIGN_OR_RETURN(
        auto page, appeals_.ListPublic(estate, code, q.status, Page{1, kMaxRequests}, start, end));
    for (auto& v : page.items) out.push_back(std::move(v));
  }
  std::sort(out.begin(), out.end(),
            [](const AppealView& a, const AppealView& b) { return a.appeal.id > b.appeal.id; });
  if (static_cast<int>(out.size()) > kMaxRequests) out.resize(kMaxRequests);
  return out;
}

Result<AppealView> Open311Service::Request(std::int64_t id,
                                           std::optional<std::int64_t> jurisdiction_id) {
  auto v = appeals_.GetPublic(id);
  if ((!v && v.error().code == ErrorCode::kNotFound) ||
      (v && jurisdiction_id && v->appeal.estate_id != *jurisdiction_id))
    return NotFound("service request " + std::to_string(id) + " does not exist",
                    "service_request_id");
  return v;
}

}  // namespace linli::app
