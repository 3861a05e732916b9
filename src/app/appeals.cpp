#include "app/appeals.hpp"

#include <algorithm>
#include <map>

#include <boost/json.hpp>

#include "app/audit.hpp"
#include "app/authz.hpp"
#include "app/units.hpp"
#include "core/crypto.hpp"
#include "core/mask.hpp"
#include "core/text.hpp"
#include "core/time_format.hpp"
#include "storage/repos/appeals.hpp"
#include "storage/repos/member_tasks.hpp"
#include "storage/repos/people.hpp"
#include "storage/repos/units.hpp"

namespace linli::app {
namespace json = boost::json;
using domain::Appeal;
using domain::AppealAction;
using domain::AppealStatus;
using domain::Permission;

namespace {

constexpr int kMaxIntakeProblems = 20;

// The holiday calendar: a few dozen rows, read in the caller's transaction (no cache, so every
// server of a deployment sees a change at once).
Result<domain::WorkCalendar> CalendarOf(const Env&, storage::Tx& tx) {
  return storage::LoadCalendar(tx);
}

// ---- Catalogue --------------------------------------------------------------------------------

// The default catalogue is fixed in the binary: built once. An estate's overrides are read in
// the caller's transaction every time (no cache: a change shows on every server at once).
const std::vector<CategoryView>& DefaultCatalogueViews() {
  static const std::vector<CategoryView> kViews = [] {
    std::vector<CategoryView> out;
    for (auto& c : domain::DefaultCatalogue()) out.push_back({std::move(c), false});
    return out;
  }();
  return kViews;
}

Result<std::vector<CategoryView>> LoadCatalogue(storage::Tx& tx, std::int64_t estate_id) {
  std::vector<CategoryView> out = DefaultCatalogueViews();
  LINLI_ASSIGN_OR_RETURN(auto overrides, storage::ListCategoryOverrides(tx, estate_id));
  for (auto& o : overrides) {
    auto it = std::find_if(out.begin(), out.end(),
                           [&](const CategoryView& v) { return v.category.code == o.code; });
    if (it != out.end())
      *it = {std::move(o), true};
    else
      out.push_back({std::move(o), true});
  }
  std::stable_sort(out.begin(), out.end(), [](const CategoryView& a, const CategoryView& b) {
    return a.category.sort < b.category.sort;
  });
  return out;
}

const domain::AppealCategory* FindCategory(const std::vector<CategoryView>& cat,
                                           std::string_view code) {
  for (const auto& v : cat)
    if (v.category.code == code) return &v.category;
  return nullptr;
}

// A category that no longer exists (renamed code) still needs deadlines: fall back to "other".
domain::AppealCategory CategoryOrOther(const std::vector<CategoryView>& cat,
                                       std::string_view code) {
  if (auto* c = FindCategory(cat, code)) return *c;
  if (auto* c = FindCategory(cat, "other")) return *c;
  return domain::DefaultCatalogue().back();
}

// ---- Who may do what ----------------------------------------------------------------------------

// The role name of the first grant that carries `p` over `path` (for the timeline).
std::string RoleOn(const Principal& who, Permission p, std::string_view path) {
  for (const auto& g : who.roles)
    if (domain::RoleHas(g.role, p) && domain::PathWithin(path, g.unit_path))
      return std::string(domain::RoleName(g.role));
  for (const auto& g : who.roles)
    if (domain::PathWithin(path, g.unit_path)) return std::string(domain::RoleName(g.role));
  return who.roles.empty() ? "" : std::string(domain::RoleName(who.roles.front().role));
}

bool IsReporter(const Principal& who, const Appeal& a) {
  return a.reporter_account_id && *a.reporter_account_id == who.account_id;
}

bool MayHandle(const Principal& who, const Appeal& a, std::string_view level_path) {
  if (a.assignee_account_id && *a.assignee_account_id == who.account_id) return true;
  const auto handler = domain::HandlerKindName(a.handler);
  for (const auto& g : who.roles)
    if (domain::RoleHas(g.role, Permission::kHandleAppeals) &&
        domain::PathWithin(level_path, g.unit_path) && domain::RoleHandles(g.role, handler))
      return true;
  return false;
}

bool MayRoute(const Principal& who, std::string_view level_path) {
  return Allows(who, Permission::kRouteAppeals, level_path);
}

bool MayRead(const Principal& who, const Appeal& a) {
  return IsReporter(who, a) || Allows(who, Permission::kReadAppeals, a.estate_path) ||
         (a.assignee_account_id && *a.assignee_account_id == who.account_id);
}

// Whether the viewer may take `action` on the appeal (state aside).
bool MayTake(const Principal& who, const Appeal& a, std::string_view level_path,
             AppealAction action) {
  const bool router = MayRoute(who, level_path);
  const bool handler = MayHandle(who, a, level_path);
  const bool reporter = IsReporter(who, a);
  switch (action) {
    case AppealAction::kAccept:
    case AppealAction::kStart:
    case AppealAction::kResolve:
    case AppealAction::kReturn:
    case AppealAction::kExtend:
      return handler || router;
    case AppealAction::kAssign:
    case AppealAction::kEscalate:
    case AppealAction::kMerge:
    case AppealAction::kAgenda:
      return router;
    case AppealAction::kClose:
      return router || (reporter && (a.status == AppealStatus::kSubmitted ||
                                     a.status == AppealStatus::kResolved));
    case AppealAction::kReopen:
      return router || (reporter && a.rating == domain::Rating::kDissatisfied);
    case AppealAction::kNote:
      return router || handler || reporter || Allows(who, Permission::kRouteAppeals, a.estate_path);
  }
  return false;
}

// ---- Views --------------------------------------------------------------------------------------

std::string PlaceLabel(const storage::AppealRecord& r) {
  switch (r.appeal.place_kind) {
    case domain::PlaceKind::kHousehold:
      return r.building_name + r.entrance_name + r.room;
    case domain::PlaceKind::kBuilding:
      return r.building_name;
    case domain::PlaceKind::kPublic:
      break;
  }
  return r.appeal.place_text;
}

// The place as the public may see it: a building at most, never a room.
std::string PublicPlaceLabel(const storage::AppealRecord& r) {
  if (r.appeal.place_kind == domain::PlaceKind::kPublic) return r.appeal.place_text;
  return r.building_name;
}

std::string ReporterName(const storage::AppealRecord& r) {
  return r.appeal.contact_name.empty() ? r.reporter_name : r.appeal.contact_name;
}
std::string ReporterPhone(const storage::AppealRecord& r) {
  return r.appeal.contact_phone.empty() ? r.reporter_phone : r.appeal.contact_phone;
}

AppealView MakeView(const Env& env, const storage::AppealRecord& r,
                    const std::vector<CategoryView>* catalogue, const Principal* who) {
  AppealView v;
  v.appeal = r.appeal;
  v.estate_name = r.estate_name;
  v.level_unit_name = r.level_unit_name;
  if (catalogue)
    if (auto* c = FindCategory(*catalogue, r.appeal.category)) v.category_name = c->name;
  if (v.category_name.empty()) v.category_name = r.appeal.category;
  v.overdue = domain::IsOverdue(r.appeal, env.clock.Now());
  v.mine = who && IsReporter(*who, r.appeal);
  const bool full = who && Allows(*who, Permission::kReadPersonalData, r.appeal.estate_path);
  if (!who) {
    v.place_label = PublicPlaceLabel(r);
    v.reporter_name = r.appeal.anonymous ? "" : MaskName(ReporterName(r));
  } else if (r.appeal.anonymous && !v.mine) {
    // Anonymous: nobody but the reporter sees who it was, nor their room.
    v.place_label = PublicPlaceLabel(r);
  } else {
    v.place_label = PlaceLabel(r);
    v.reporter_name = full || v.mine ? ReporterName(r) : MaskName(ReporterName(r));
    v.reporter_phone = full || v.mine ? ReporterPhone(r) : MaskPhone(ReporterPhone(r));
  }
  if (!who) {
    // The public never sees contact details or the household.
    v.appeal.contact_name.clear();
    v.appeal.contact_phone.clear();
    v.appeal.household_id.reset();
    v.appeal.reporter_account_id.reset();
  } else if (!full && !v.mine) {
    v.appeal.contact_name = v.reporter_name;
    v.appeal.contact_phone = v.reporter_phone;
  }
  if (r.appeal.anonymous && !v.mine) {
    v.appeal.contact_name.clear();
    v.appeal.contact_phone.clear();
    v.appeal.household_id.reset();
    v.appeal.reporter_account_id.reset();
  }
  v.assignee_name = full ? r.assignee_name : MaskName(r.assignee_name);
  if (r.assignee_name.empty()) v.assignee_name.clear();
  return v;
}

PhotoRef PhotoRefOf(const storage::PhotoRecord& p) {
  return PhotoRef{p.id, p.token, p.content_type, p.size, p.stage};
}

Result<std::string> LevelPath(storage::Tx& tx, const Appeal& a) {
  if (a.level == domain::AppealLevel::kEstate) return a.estate_path;
  LINLI_ASSIGN_OR_RETURN(auto unit, LoadUnit(tx, a.level_unit_id));
  return unit.path;
}

// The ids on a materialised path "/1/5/9/" -> {1, 5, 9}.
std::vector<std::int64_t> IdsOnPath(std::string_view path) {
  std::vector<std::int64_t> ids;
  std::int64_t cur = 0;
  bool any = false;
  for (char c : path) {
    if (c >= '0' && c <= '9') {
      cur = cur * 10 + (c - '0');
      any = true;
    } else if (any) {
      ids.push_back(cur);
      cur = 0;
      any = false;
    }
  }
  if (any) ids.push_back(cur);
  return ids;
}

// Every stored change of an appeal: its figures (Diff applied to each unit on the estate's path)
// and the version its estate's cached list pages are keyed on.
Status CountIn(storage::Tx& tx, const std::optional<Appeal>& before, const Appeal& after) {
  LINLI_TRY(storage::BumpAppealVersion(tx, after.estate_id));
  auto deltas = domain::Diff(before, after);
  if (deltas.empty()) return {};
  return storage::ApplyStatsDeltas(tx, IdsOnPath(after.estate_path), deltas);
}

json::value AppealAuditJson(const Appeal& a) {
  return json::object{{"status", std::string(domain::AppealStatusName(a.status))},
                      {"level", std::string(domain::AppealLevelName(a.level))},
                      {"handler", std::string(domain::HandlerKindName(a.handler))},
                      {"category", a.category},
                      {"resolve_by", FormatTime(a.resolve_by)}};
}

std::string ShortTitle(const Appeal& a, const std::string& category_name) {
  return "#" + std::to_string(a.id) + "「" + category_name + "」";
}

// Accounts to tell when a problem lands with a handler of the estate.
std::vector<std::string> RolesForHandler(domain::HandlerKind h) {
  switch (h) {
    case domain::HandlerKind::kProperty:
      return {"property"};
    case domain::HandlerKind::kCommittee:
      return {"committee"};
    case domain::HandlerKind::kCommunity:
    case domain::HandlerKind::kStreet:
    case domain::HandlerKind::kDistrict:
      return {"official"};
    default:
      return {"branch"};
  }
}

Status NotifyHandlers(storage::Tx& tx, const Appeal& a, const std::string& text,
                      std::optional<std::int64_t> except, UnixSeconds now) {
  std::vector<std::int64_t> to;
  if (a.assignee_account_id) {
    to.push_back(*a.assignee_account_id);
  } else {
    LINLI_ASSIGN_OR_RETURN(
        to, storage::AccountsWithRoleOn(tx, a.level_unit_id, RolesForHandler(a.handler)));
  }
  for (auto id : to)
    if (!except || id != *except) LINLI_TRY(storage::InsertNotification(tx, id, a.id, text, now));
  return {};
}

Status NotifyReporter(storage::Tx& tx, const Appeal& a, const std::string& text,
                      std::optional<std::int64_t> except, UnixSeconds now) {
  if (!a.reporter_account_id || (except && *except == *a.reporter_account_id)) return {};
  return storage::InsertNotification(tx, *a.reporter_account_id, a.id, text, now);
}

std::string StatusZh(AppealStatus s) {
  switch (s) {
    case AppealStatus::kSubmitted:
      return "待受理";
    case AppealStatus::kAccepted:
      return "已受理";
    case AppealStatus::kInProgress:
      return "处理中";
    case AppealStatus::kResolved:
      return "已办结";
    case AppealStatus::kClosed:
      return "已关闭";
    case AppealStatus::kReturned:
      return "已退回";
    case AppealStatus::kMerged:
      return "已合并";
  }
  return "";
}

// ---- Input checks -------------------------------------------------------------------------------

struct PlaceCheck {
  domain::PlaceKind kind = domain::PlaceKind::kPublic;
  std::optional<std::int64_t> household_id, building_id;
  std::string text;
  std::string building_name, entrance_name, room;  // as FindAppeal joins them
};

Result<PlaceCheck> CheckPlace(storage::Tx& tx, std::int64_t estate_id, const PlaceInput& p,
                              const std::string& field) {
  const int given =
      (p.household_id ? 1 : 0) + (p.building_id ? 1 : 0) + (Trim(p.text).empty() ? 0 : 1);
  if (given != 1)
    return InvalidArgument(field +
                               " must give exactly one of household_id, building_id or text "
                               "(a public place such as \"北门垃圾桶旁\")",
                           field);
  PlaceCheck out;
  if (p.household_id) {
    LINLI_ASSIGN_OR_RETURN(auto h, storage::FindHouseholdPlace(tx, *p.household_id));
    if (!h || h->estate_id != estate_id)
      return NotFound("household " + std::to_string(*p.household_id) + " is not in estate " +
                          std::to_string(estate_id),
                      field + ".household_id");
    out.kind = domain::PlaceKind::kHousehold;
    out.household_id = p.household_id;
    out.building_id = h->building_id;
    out.building_name = h->building_name;
    out.entrance_name = h->entrance_name;
    out.room = h->room;
  } else if (p.building_id) {
    LINLI_ASSIGN_OR_RETURN(auto b, storage::FindBuildingPlace(tx, *p.building_id));
    if (!b || b->estate_id != estate_id)
      return NotFound("building " + std::to_string(*p.building_id) + " is not in estate " +
                          std::to_string(estate_id),
                      field + ".building_id");
    out.kind = domain::PlaceKind::kBuilding;
    out.building_id = p.building_id;
    out.building_name = b->building_name;
  } else {
    out.text = std::string(Trim(p.text));
    if (Utf8Length(out.text) > 100)
      return InvalidArgument(field + ".text must be at most 100 characters", field + ".text");
  }
  return out;
}

Status CheckDescription(const std::string& d, const std::string& field, int max_chars) {
  if (!IsValidUtf8(d)) return InvalidArgument(field + " is not valid UTF-8 text", field);
  const auto n = Utf8Length(Trim(d));
  if (n == 0) return InvalidArgument(field + " is required: say what the problem is", field);
  if (n > static_cast<size_t>(max_chars))
    return InvalidArgument(field + " has " + std::to_string(n) + " characters; at most " +
                               std::to_string(max_chars) + " are allowed",
                           field);
  return {};
}

Status CheckContact(const std::string& name, const std::string& phone) {
  if (Utf8Length(name) > 32)
    return InvalidArgument("contact_name must be at most 32 characters", "contact_name");
  if (!phone.empty() && !IsMobilePhone(phone) &&
      !(phone.size() >= 7 && phone.size() <= 20 &&
        std::all_of(phone.begin(), phone.end(),
                    [](char c) { return (c >= '0' && c <= '9') || c == '-'; })))
    return InvalidArgument(
        "contact_phone must be a phone number such as 13812345678 or "
        "023-12345678",
        "contact_phone");
  return {};
}

// Attaches photos the caller uploaded and that belong to no appeal yet.
Status AttachPhotos(storage::Tx& tx, const std::vector<std::int64_t>& ids,
                    std::optional<std::int64_t> owner, std::int64_t appeal_id,
                    const std::string& stage, int max, const std::string& field,
                    std::vector<storage::PhotoRecord>* attached = nullptr) {
  if (static_cast<int>(ids.size()) > max)
    return InvalidArgument("at most " + std::to_string(max) + " photos per problem; " +
                               std::to_string(ids.size()) + " were given",
                           field);
  for (size_t i = 0; i < ids.size(); ++i) {
    LINLI_ASSIGN_OR_RETURN(auto p, storage::FindPhoto(tx, ids[i]));
    const std::string f = field + "[" + std::to_string(i) + "]";
    if (!p || (owner && p->account_id != owner))
      return NotFound("photo " + std::to_string(ids[i]) +
                          " was not uploaded by you; upload it with POST /api/v1/photos first",
                      f);
    if (p->appeal_id)
      return InvalidArgument("photo " + std::to_string(ids[i]) + " already belongs to appeal " +
                                 std::to_string(*p->appeal_id),
                             f);
    LINLI_ASSIGN_OR_RETURN(auto use, storage::FindPhotoUse(tx, ids[i]));
    if (use && use->task_claim_id)
      return InvalidArgument(
          "photo " + std::to_string(ids[i]) + " already belongs to a task report; upload it again",
          f);
    LINLI_TRY(storage::AttachPhoto(tx, ids[i], appeal_id, stage));
    if (attached) {
      p->appeal_id = appeal_id;
      p->stage = stage;
      attached->push_back(*p);
    }
  }
  return {};
}

std::string SniffImageType(std::string_view b) {
  auto starts = [&](std::string_view magic) { return b.substr(0, magic.size()) == magic; };
  if (starts("\xFF\xD8\xFF")) return "image/jpeg";
  if (starts(std::string_view("\x89PNG\r\n\x1A\n", 8))) return "image/png";
  if (starts("GIF87a") || starts("GIF89a")) return "image/gif";
  if (b.size() >= 12 && starts("RIFF") && b.substr(8, 4) == "WEBP") return "image/webp";
  return "";
}

// What a new appeal starts as.
struct Draft {
  std::int64_t estate_id = 0;
  std::string category;
  std::string description;
  PlaceInput place;
  bool anonymous = false;
  domain::AppealChannel channel = domain::AppealChannel::kSelf;
  std::vector<std::int64_t> photo_ids;
  std::string contact_name, contact_phone;
  std::optional<std::int64_t> reporter_account_id;
  std::optional<std::int64_t> client_id;
  std::optional<std::int64_t> intake_id;
  std::string actor_name, actor_role;
};

// What a new appeal's view is made of, as FindAppeal, ListAppealPhotos and ListAppealEvents would
// read it back in the same transaction: the filing's answer is built from it without reading.
struct Fresh {
  storage::AppealRecord rec;
  std::vector<storage::PhotoRecord> photos;  // by id
  std::vector<storage::AppealEventRecord> events;
};

// Validates and inserts one appeal inside `tx`; `field` prefixes error fields (for intakes).
// `fresh`, when given, receives what the new appeal's view is made of; `reporter` is then the
// principal filing it.
Result<Appeal> CreateAppeal(storage::Tx& tx, const Env& env, const domain::AppealPolicy& policy,
                            const domain::Unit& estate, const std::vector<CategoryView>& catalogue,
                            const domain::WorkCalendar& cal, const Draft& d,
                            const std::string& prefix, Fresh* fresh = nullptr,
                            const Principal* reporter = nullptr) {
  const auto* cat = FindCategory(catalogue, d.category);
  if (!cat || !cat->active) {
    std::string codes;
    for (const auto& v : catalogue)
      if (v.category.active) codes += (codes.empty() ? "" : ", ") + v.category.code;
    return InvalidArgument("category \"" + d.category + "\" is not in the catalogue of estate " +
                               std::to_string(estate.id) + "; use one of: " + codes,
                           prefix + "category");
  }
  LINLI_TRY(CheckDescription(d.description, prefix + "description", policy.description_max_chars));
  LINLI_ASSIGN_OR_RETURN(auto place, CheckPlace(tx, estate.id, d.place, prefix + "place"));
  const UnixSeconds now = env.clock.Now();
  Appeal a;
  a.estate_id = estate.id;
  a.estate_path = estate.path;
  a.category = cat->code;
  a.channel = d.channel;
  a.place_kind = place.kind;
  a.household_id = place.household_id;
  a.building_id = place.building_id;
  a.place_text = place.text;
  a.description = std::string(Trim(d.description));
  a.anonymous = d.anonymous;
  a.reporter_account_id = d.reporter_account_id;
  a.contact_name = std::string(Trim(d.contact_name));
  a.contact_phone = std::string(Trim(d.contact_phone));
  a.status = AppealStatus::kSubmitted;
  a.level = domain::AppealLevel::kEstate;
  a.level_unit_id = estate.id;
  a.handler = cat->handler;
  a.received_at = now;
  a.respond_by = domain::DeadlineAfter(cal, now, cat->respond);
  a.resolve_by = domain::DeadlineAfter(cal, now, cat->resolve);
  a.version = 1;
  LINLI_TRY(storage::InsertAppeal(tx, a, d.intake_id, d.client_id));
  LINLI_TRY(AttachPhotos(tx, d.photo_ids, d.client_id ? std::nullopt : d.reporter_account_id, a.id,
                         "report", policy.max_photos, prefix + "photo_ids",
                         fresh ? &fresh->photos : nullptr));
  storage::AppealEventRecord submit{0,
                                    a.id,
                                    now,
                                    "submit",
                                    d.reporter_account_id,
                                    d.actor_name,
                                    d.actor_role,
                                    "",
                                    "submitted",
                                    "来源：" + std::string(domain::AppealChannelLabel(d.channel)),
                                    true};
  LINLI_ASSIGN_OR_RETURN(submit.id, storage::InsertAppealEvent(tx, submit));
  if (fresh) {
    auto& r = fresh->rec;
    r.appeal = a;
    r.intake_id = d.intake_id;
    r.client_id = d.client_id;
    r.estate_name = estate.name;
    r.level_unit_name = estate.name;  // a new appeal is at its estate's level
    r.building_name = place.building_name;
    r.entrance_name = place.entrance_name;
    r.room = place.room;
    if (reporter && d.reporter_account_id == reporter->account_id) {
      r.reporter_name = reporter->name;
      r.reporter_phone = reporter->phone;
    }
    std::sort(fresh->photos.begin(), fresh->photos.end(),
              [](const auto& x, const auto& y) { return x.id < y.id; });
    fresh->events = {std::move(submit)};
  }
  LINLI_TRY(CountIn(tx, std::nullopt, a));
  LINLI_TRY(NotifyHandlers(tx, a, "新诉求 " + ShortTitle(a, cat->name) + "：" + estate.name,
                           d.reporter_account_id, now));
  return a;
}

// Views of a page of appeals, each estate's catalogue read once.
Result<std::vector<AppealView>> ViewsOf(storage::Tx& tx, const Env& env,
                                        const std::vector<storage::AppealRecord>& recs,
                                        const Principal* who) {
  std::vector<AppealView> out;
  std::map<std::int64_t, std::vector<CategoryView>> catalogues;
  for (const auto& r : recs) {
    auto it = catalogues.find(r.appeal.estate_id);
    if (it == catalogues.end()) {
      LINLI_ASSIGN_OR_RETURN(auto c, LoadCatalogue(tx, r.appeal.estate_id));
      it = catalogues.emplace(r.appeal.estate_id, std::move(c)).first;
    }
    out.push_back(MakeView(env, r, &it->second, who));
  }
  return out;
}

Result<AppealView> LoadView(storage::Tx& tx, const Env& env, std::int64_t id,
                            const Principal* who) {
  LINLI_ASSIGN_OR_RETURN(auto rec, storage::FindAppeal(tx, id));
  if (!rec) return NotFound("appeal " + std::to_string(id) + " does not exist", "id");
  LINLI_ASSIGN_OR_RETURN(auto catalogue, LoadCatalogue(tx, rec->appeal.estate_id));
  return MakeView(env, *rec, &catalogue, who);
}

std::string CallerKey(const Principal& who) { return "a:" + std::to_string(who.account_id); }

std::string JoinIds(const std::vector<Appeal>& as) {
  std::string out;
  for (const auto& a : as) out += (out.empty() ? "" : ",") + std::to_string(a.id);
  return out;
}

std::vector<std::int64_t> SplitIds(const std::string& s) {
  std::vector<std::int64_t> out;
  std::int64_t cur = 0;
  bool any = false;
  for (char c : s + ",") {
    if (c >= '0' && c <= '9') {
      cur = cur * 10 + (c - '0');
      any = true;
    } else if (any) {
      out.push_back(cur);
      cur = 0;
      any = false;
    }
  }
  return out;
}

Status CheckIdempotencyKey(const std::optional<std::string>& key) {
  if (key && (key->empty() || key->size() > 128))
    return InvalidArgument("the Idempotency-Key header must be 1 to 128 characters",
                           "Idempotency-Key");
  return {};
}

// Runs `create` in a write transaction guarded by the idempotency key: a retry with a key already
// used by the caller returns what the first call created, without creating anything. The answer
// is read by `answer(tx, ids, fresh)` in the same transaction (no second transaction per filing);
// `fresh` says that `create` ran in this transaction (false for a replayed key).
template <class F, class G>
auto Idempotent(const Env& env, const std::string& caller, const std::optional<std::string>& key,
                F&& create, G&& answer)
    -> decltype(answer(std::declval<storage::Tx&>(), std::vector<std::int64_t>{}, false)) {
  using R = decltype(answer(std::declval<storage::Tx&>(), std::vector<std::int64_t>{}, false));
  LINLI_TRY(CheckIdempotencyKey(key));
  auto attempt = [&]() -> R {
    return env.db.Write([&](storage::Tx& tx) -> R {
      if (key) {
        LINLI_ASSIGN_OR_RETURN(auto seen, storage::FindIdempotencyKey(tx, caller, *key));
        if (seen) return answer(tx, SplitIds(*seen), false);
      }
      LINLI_ASSIGN_OR_RETURN(std::vector<Appeal> created, create(tx));
      if (key)
        LINLI_TRY(storage::SaveIdempotencyKey(tx, caller, *key, JoinIds(created), env.clock.Now()));
      std::vector<std::int64_t> ids;
      for (const auto& a : created) ids.push_back(a.id);
      return answer(tx, ids, true);
    });
  };
  auto r = attempt();
  // Two retries racing on PostgreSQL: the loser's key insert conflicts; it reads the winner's.
  if (!r && key && r.error().code == ErrorCode::kAlreadyExists) r = attempt();
  return r;
}

}  // namespace

// ---- Catalogue ----------------------------------------------------------------------------------

std::optional<Home> AppealService::HomeOf(const Principal& who) {
  auto home = env_.db.Read([&](storage::Tx& tx) -> Result<std::optional<Home>> {
    // The person register first; else an owner of the household import with the same phone.
    std::optional<std::int64_t> household;
    if (who.person_id) {
      LINLI_ASSIGN_OR_RETURN(auto person, storage::FindPerson(tx, *who.person_id));
      if (person) household = person->household_id;
    }
    if (!household && !who.phone.empty()) {
      LINLI_ASSIGN_OR_RETURN(household, storage::FindHouseholdOfOwnerPhone(tx, who.phone));
    }
    if (!household) return std::optional<Home>();
    LINLI_ASSIGN_OR_RETURN(auto place, storage::FindHouseholdPlace(tx, *household));
    if (!place) return std::optional<Home>();
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadUnit(tx, place->estate_id));
    return std::optional<Home>(Home{estate.id, estate.name, *household, place->label});
  });
  return home ? *home : std::nullopt;
}

Result<std::vector<CategoryView>> AppealService::Categories(const Principal& who,
                                                            std::int64_t estate_id) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<std::vector<CategoryView>> {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, estate_id));
    LINLI_TRY(Require(who, Permission::kReadStructure, estate.path, "see this estate"));
    return LoadCatalogue(tx, estate_id);
  });
}

Result<std::vector<CategoryView>> AppealService::PublicCategories(std::int64_t estate_id) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<std::vector<CategoryView>> {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, estate_id));
    return LoadCatalogue(tx, estate.id);
  });
}

Result<CategoryView> AppealService::PutCategory(const Principal& who, std::int64_t estate_id,
                                                domain::AppealCategory category) {
  category.name = std::string(Trim(category.name));
  LINLI_TRY(domain::ValidateCategory(category));
  return env_.db.Write([&](storage::Tx& tx) -> Result<CategoryView> {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, estate_id));
    LINLI_TRY(Require(who, Permission::kManageCatalogue, estate.path,
                      "change the categories of problems"));
    LINLI_ASSIGN_OR_RETURN(auto before, LoadCatalogue(tx, estate_id));
    const auto* old = FindCategory(before, category.code);
    if (category.sort < 0) category.sort = old ? old->sort : 1000;
    LINLI_TRY(storage::UpsertCategory(tx, estate_id, category, env_.clock.Now()));
    auto js = [](const domain::AppealCategory& c) -> json::value {
      return json::object{{"code", c.code},
                          {"name", c.name},
                          {"handler", std::string(domain::HandlerKindName(c.handler))},
                          {"respond", std::to_string(c.respond.value) + " " +
                                          std::string(domain::DeadlineUnitName(c.respond.unit))},
                          {"resolve", std::to_string(c.resolve.value) + " " +
                                          std::string(domain::DeadlineUnitName(c.resolve.unit))},
                          {"active", c.active}};
    };
    LINLI_TRY(RecordAudit(tx, env_, &who,
                          {old ? "update" : "create", "appeal_category", estate_id, estate.path,
                           old ? js(*old) : json::value(nullptr), js(category)}));
    category.estate_id = estate_id;
    return CategoryView{category, true};
  });
}

// ---- Photos -------------------------------------------------------------------------------------

Result<PhotoRef> AppealService::UploadPhoto(const Principal& who, std::string_view content_type,
                                            std::string_view bytes) {
  if (!AllowsSomewhere(who, Permission::kReportAppeals) &&
      !AllowsSomewhere(who, Permission::kHandleAppeals))
    return PermissionDenied("your roles do not allow you to upload photos of problems");
  if (bytes.empty())
    return InvalidArgument("the photo is empty; send the image as the body", "photo");
  if (static_cast<std::int64_t>(bytes.size()) > kMaxPhotoBytes)
    return MakeError(ErrorCode::kPayloadTooLarge,
                     "the photo is " + std::to_string(bytes.size() / 1024) +
                         " KiB; at most 5 MiB is allowed: send a smaller picture",
                     "photo");
  const std::string sniffed = SniffImageType(bytes);
  if (sniffed.empty())
    return InvalidArgument(
        "the file is not a JPEG, PNG, GIF or WebP image; take a photo or pick "
        "a picture",
        "photo");
  std::string declared = ToLowerAscii(Trim(content_type.substr(0, content_type.find(';'))));
  if (declared == "image/jpg") declared = "image/jpeg";
  if (declared != sniffed)
    return InvalidArgument("Content-Type says " + (declared.empty() ? "nothing" : declared) +
                               " but the file is " + sniffed + "; send Content-Type: " + sniffed,
                           "Content-Type");
  storage::PhotoRecord p;
  p.token = RandomToken(24);
  p.account_id = who.account_id;
  p.content_type = sniffed;
  p.size = static_cast<std::int64_t>(bytes.size());
  p.stage = "report";
  const std::string data = Base64Encode(bytes);
  return env_.db.Write([&](storage::Tx& tx) -> Result<PhotoRef> {
    LINLI_ASSIGN_OR_RETURN(p.id, storage::InsertPhoto(tx, p, data, env_.clock.Now()));
    LINLI_TRY(RecordAudit(tx, env_, &who,
                          {"create", "photo", p.id, "/", nullptr,
                           json::object{{"content_type", p.content_type}, {"size", p.size}}}));
    return PhotoRefOf(p);
  });
}

Result<PhotoData> AppealService::GetPhoto(const std::string& token) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<PhotoData> {
    LINLI_ASSIGN_OR_RETURN(auto found, storage::FindPhotoData(tx, token));
    if (!found) return NotFound("no photo at this address", "token");
    auto bytes = Base64Decode(found->second);
    if (!bytes) return Internal("photo " + std::to_string(found->first.id) + " is damaged");
    return PhotoData{found->first.content_type, std::move(*bytes)};
  });
}

namespace {

// An appeal's view for `who` from what it is made of (FindAppeal, ListAppealPhotos,
// ListAppealEvents and the path of its level).
AppealView ComposeView(const Env& env, const Principal& who, const storage::AppealRecord& rec,
                       const std::vector<CategoryView>& catalogue,
                       const std::vector<storage::PhotoRecord>& photos,
                       const std::vector<storage::AppealEventRecord>& events,
                       const std::string& level_path) {
  const Appeal& a = rec.appeal;
  AppealView v = MakeView(env, rec, &catalogue, &who);
  for (const auto& p : photos) v.photos.push_back(PhotoRefOf(p));
  const bool staff = Allows(who, Permission::kReadAppeals, a.estate_path);
  const bool full = Allows(who, Permission::kReadPersonalData, a.estate_path);
  for (const auto& e : events) {
    if (!e.public_note && !staff) continue;
    TimelineEntry t{e.id,          e.at,        e.action, "",           e.actor_role,
                    e.from_status, e.to_status, e.note,   e.public_note};
    const bool self = e.actor_account_id && *e.actor_account_id == who.account_id;
    // Anonymous: every step the reporter takes (submit, rate, reopen, note) stays unnamed.
    const bool by_reporter =
        e.action == "submit" || (e.actor_account_id && e.actor_account_id == a.reporter_account_id);
    if (e.actor_role == "system")
      t.actor = "系统";
    else if (a.anonymous && by_reporter && !self)
      t.actor = "匿名";
    else
      t.actor = full || self || e.actor_role == "open311" ? e.actor_name : MaskName(e.actor_name);
    v.timeline.push_back(std::move(t));
  }
  for (auto act : domain::ActionsAllowedIn(a.status, a.level))
    if (MayTake(who, a, level_path, act)) v.actions.push_back(act);
  v.can_rate = v.mine && a.status == AppealStatus::kResolved && !a.rating;
  return v;
}

}  // namespace

// ---- Filing -------------------------------------------------------------------------------------

Result<AppealView> AppealService::File(const Principal& who, const NewAppeal& in,
                                       const std::optional<std::string>& idempotency_key) {
  auto channel = domain::ParseAppealChannel(in.channel);
  if (!channel || *channel == domain::AppealChannel::kOpen311)
    return InvalidArgument(
        "channel must be one of self, door_knock, building_lead, hotline, "
        "mailbox, meeting",
        "channel");
  LINLI_TRY(CheckContact(in.contact_name, in.contact_phone));
  std::vector<CategoryView> catalogue;
  Fresh fresh;
  return Idempotent(
      env_, CallerKey(who), idempotency_key,
      [&](storage::Tx& tx) -> Result<std::vector<Appeal>> {
        LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, in.estate_id));
        if (*channel == domain::AppealChannel::kSelf)
          LINLI_TRY(Require(who, Permission::kReportAppeals, estate.path,
                            "report problems in this estate"));
        else
          LINLI_TRY(Require(who, Permission::kEnterAppeals, estate.path,
                            "enter problems heard from residents here"));
        LINLI_ASSIGN_OR_RETURN(catalogue, LoadCatalogue(tx, estate.id));
        LINLI_ASSIGN_OR_RETURN(auto cal, CalendarOf(env_, tx));
        Draft d;
        d.estate_id = estate.id;
        d.category = in.category;
        d.description = in.description;
        d.place = in.place;
        d.anonymous = in.anonymous;
        d.channel = *channel;
        d.photo_ids = in.photo_ids;
        d.contact_name = in.contact_name;
        d.contact_phone = in.contact_phone;
        d.reporter_account_id = who.account_id;
        d.actor_name = who.name;
        d.actor_role = RoleOn(who, Permission::kReportAppeals, estate.path);
        LINLI_ASSIGN_OR_RETURN(
            auto a, CreateAppeal(tx, env_, policy_, estate, catalogue, cal, d, "", &fresh, &who));
        LINLI_TRY(RecordAudit(
            tx, env_, &who, {"create", "appeal", a.id, estate.path, nullptr, AppealAuditJson(a)}));
        return std::vector<Appeal>{a};
      },
      [&](storage::Tx& tx, const std::vector<std::int64_t>& ids,
          bool created) -> Result<AppealView> {
        // The answer is made from what the filing just wrote (the same view GET gives, without
        // reading it back); a replayed key reads the appeal.
        if (!created) return GetIn(tx, who, ids.front());
        if (!MayRead(who, fresh.rec.appeal))
          return PermissionDenied("your roles do not allow you to read appeal " +
                                  std::to_string(fresh.rec.appeal.id));
        return ComposeView(env_, who, fresh.rec, catalogue, fresh.photos, fresh.events,
                           fresh.rec.appeal.estate_path);
      });
}

Result<std::vector<AppealView>> AppealService::FileIntake(
    const Principal& who, const NewIntake& in, const std::optional<std::string>& idempotency_key) {
  return Idempotent(
      env_, CallerKey(who), idempotency_key,
      [&](storage::Tx& tx) -> Result<std::vector<Appeal>> {
        LINLI_ASSIGN_OR_RETURN(auto filed, FileIntakeIn(tx, who, in));
        return std::move(filed.appeals);
      },
      [&](storage::Tx& tx, const std::vector<std::int64_t>& ids,
          bool) -> Result<std::vector<AppealView>> {
        std::vector<AppealView> views;
        for (auto id : ids) {
          LINLI_ASSIGN_OR_RETURN(auto v, GetIn(tx, who, id));
          views.push_back(std::move(v));
        }
        return views;
      });
}

Result<AppealService::FiledIntake> AppealService::FileIntakeIn(storage::Tx& tx,
                                                               const Principal& who,
                                                               const NewIntake& in) {
  auto channel = domain::ParseAppealChannel(in.channel);
  if (!channel || *channel == domain::AppealChannel::kOpen311 ||
      *channel == domain::AppealChannel::kSelf)
    return InvalidArgument(
        "channel must be one of door_knock, building_lead, hotline, mailbox, "
        "meeting",
        "channel");
  if (in.problems.empty() || static_cast<int>(in.problems.size()) > kMaxIntakeProblems)
    return InvalidArgument(
        "problems must list 1 to " + std::to_string(kMaxIntakeProblems) + " problems", "problems");
  LINLI_TRY(CheckContact(in.contact_name, in.contact_phone));
  LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, in.estate_id));
  LINLI_TRY(Require(who, Permission::kEnterAppeals, estate.path,
                    "enter problems heard from residents here"));
  LINLI_ASSIGN_OR_RETURN(auto catalogue, LoadCatalogue(tx, estate.id));
  LINLI_ASSIGN_OR_RETURN(auto cal, CalendarOf(env_, tx));
  LINLI_ASSIGN_OR_RETURN(auto intake, storage::InsertIntake(tx, estate.id, in.channel,
                                                            who.account_id, env_.clock.Now()));
  FiledIntake out;
  out.intake_id = intake;
  for (size_t i = 0; i < in.problems.size(); ++i) {
    const auto& p = in.problems[i];
    Draft d;
    d.estate_id = estate.id;
    d.category = p.category;
    d.description = p.description;
    d.place = p.place ? *p.place : in.place;
    d.channel = *channel;
    d.photo_ids = p.photo_ids;
    d.contact_name = in.contact_name;
    d.contact_phone = in.contact_phone;
    d.reporter_account_id = who.account_id;
    d.intake_id = intake;
    d.actor_name = who.name;
    d.actor_role = RoleOn(who, Permission::kEnterAppeals, estate.path);
    LINLI_ASSIGN_OR_RETURN(auto a, CreateAppeal(tx, env_, policy_, estate, catalogue, cal, d,
                                                "problems[" + std::to_string(i) + "]."));
    out.appeals.push_back(a);
  }
  LINLI_TRY(
      RecordAudit(tx, env_, &who,
                  {"create", "intake", intake, estate.path, nullptr,
                   json::object{{"channel", in.channel}, {"appeals", JoinIds(out.appeals)}}}));
  return out;
}

Result<AppealView> AppealService::FileFromClient(std::int64_t client_id,
                                                 const std::string& client_name,
                                                 const NewAppeal& in,
                                                 const std::optional<std::string>& key) {
  LINLI_TRY(CheckContact(in.contact_name, in.contact_phone));
  return Idempotent(
      env_, "c:" + std::to_string(client_id), key,
      [&](storage::Tx& tx) -> Result<std::vector<Appeal>> {
        LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, in.estate_id));
        LINLI_ASSIGN_OR_RETURN(auto catalogue, LoadCatalogue(tx, estate.id));
        LINLI_ASSIGN_OR_RETURN(auto cal, CalendarOf(env_, tx));
        Draft d;
        d.estate_id = estate.id;
        d.category = in.category;
        d.description = in.description;
        d.place = in.place;
        d.anonymous = in.anonymous;
        d.channel = domain::AppealChannel::kOpen311;
        d.contact_name = in.contact_name;
        d.contact_phone = in.contact_phone;
        d.client_id = client_id;
        d.actor_name = client_name;
        d.actor_role = "open311";
        LINLI_ASSIGN_OR_RETURN(auto a,
                               CreateAppeal(tx, env_, policy_, estate, catalogue, cal, d, ""));
        LINLI_TRY(
            RecordAudit(tx, env_, nullptr,
                        {"create", "appeal", a.id, estate.path, nullptr,
                         json::object{{"client", client_name}, {"appeal", AppealAuditJson(a)}}}));
        return std::vector<Appeal>{a};
      },
      [&](storage::Tx& tx, const std::vector<std::int64_t>& ids, bool) {
        return GetPublicIn(tx, ids.front());
      });
}

// ---- Reading ------------------------------------------------------------------------------------

Result<AppealView> AppealService::Get(const Principal& who, std::int64_t id) {
  return env_.db.Read([&](storage::Tx& tx) { return GetIn(tx, who, id); });
}

Result<AppealView> AppealService::GetIn(storage::Tx& tx, const Principal& who, std::int64_t id) {
  LINLI_ASSIGN_OR_RETURN(auto rec, storage::FindAppeal(tx, id));
  if (!rec) return NotFound("appeal " + std::to_string(id) + " does not exist", "id");
  if (!MayRead(who, rec->appeal))
    return PermissionDenied("your roles do not allow you to read appeal " + std::to_string(id));
  LINLI_ASSIGN_OR_RETURN(auto catalogue, LoadCatalogue(tx, rec->appeal.estate_id));
  LINLI_ASSIGN_OR_RETURN(auto photos, storage::ListAppealPhotos(tx, id));
  LINLI_ASSIGN_OR_RETURN(auto events, storage::ListAppealEvents(tx, id));
  LINLI_ASSIGN_OR_RETURN(auto level_path, LevelPath(tx, rec->appeal));
  return ComposeView(env_, who, *rec, catalogue, photos, events, level_path);
}

Result<AppealView> AppealService::GetPublic(std::int64_t id) {
  return env_.db.Read([&](storage::Tx& tx) { return GetPublicIn(tx, id); });
}

Result<AppealView> AppealService::GetPublicIn(storage::Tx& tx, std::int64_t id) {
  LINLI_ASSIGN_OR_RETURN(auto v, LoadView(tx, env_, id, nullptr));
  LINLI_ASSIGN_OR_RETURN(auto photos, storage::ListAppealPhotos(tx, id));
  for (const auto& p : photos)
    if (p.stage == "resolve") v.photos.push_back(PhotoRefOf(p));
  return v;
}

Result<Paged<AppealView>> AppealService::List(const Principal& who, const AppealQuery& q,
                                              Page page) {
  storage::AppealFilter f;
  if (q.status) {
    if (*q.status == "open") {
      f.statuses = {"submitted", "accepted", "in_progress", "returned"};
    } else if (!domain::ParseAppealStatus(*q.status)) {
      return InvalidArgument(
          "status must be open or one of submitted, accepted, in_progress, "
          "resolved, closed, returned, merged",
          "status");
    } else {
      f.statuses = {*q.status};
    }
  }
  if (q.handler && !domain::ParseHandlerKind(*q.handler))
    return InvalidArgument(
        "handler must be one of property, committee, branch, member, "
        "mediation, community, street, district",
        "handler");
  f.category = q.category;
  f.handler = q.handler;
  if (q.overdue) f.overdue_at = env_.clock.Now();
  return env_.db.Read([&](storage::Tx& tx) -> Result<Paged<AppealView>> {
    if (q.mine) {
      f.reporter_account_id = who.account_id;
    }
    if (q.unit_id) {
      LINLI_ASSIGN_OR_RETURN(auto unit, LoadUnit(tx, *q.unit_id));
      if (!q.mine)
        LINLI_TRY(Require(who, Permission::kReadAppeals, unit.path, "read the problems here"));
      if (unit.kind == domain::UnitKind::kEstate)
        f.estate_id = unit.id;
      else
        f.path = unit.path;
    } else if (!q.mine) {
      const RoleGrant* grant = nullptr;
      for (const auto& g : who.roles)
        if (domain::RoleHas(g.role, Permission::kReadAppeals)) {
          grant = &g;
          break;
        }
      if (!grant) {
        f.reporter_account_id = who.account_id;  // a resident's list is their own
      } else if (grant->unit_id) {
        f.path = grant->unit_path;
      }
    }
    Paged<AppealView> out;
    out.page = page;
    LINLI_ASSIGN_OR_RETURN(out.total, storage::CountAppeals(tx, f));
    LINLI_ASSIGN_OR_RETURN(auto recs, storage::ListAppeals(tx, f, page.page_size, page.Offset()));
    LINLI_ASSIGN_OR_RETURN(out.items, ViewsOf(tx, env_, recs, &who));
    return out;
  });
}

Result<std::string> AppealService::ListCacheKey(const Principal& who, const AppealQuery& q) {
  if (!q.unit_id || q.mine || q.overdue) return std::string();
  return env_.db.Read([&](storage::Tx& tx) -> Result<std::string> {
    LINLI_ASSIGN_OR_RETURN(auto unit, LoadUnit(tx, *q.unit_id));
    if (unit.kind != domain::UnitKind::kEstate) return std::string();
    LINLI_TRY(Require(who, Permission::kReadAppeals, unit.path, "read the problems here"));
    LINLI_ASSIGN_OR_RETURN(auto version, storage::AppealVersion(tx, unit.id));
    return "appeals|" + std::to_string(unit.id) + "|" + std::to_string(version) + "|" +
           std::to_string(who.account_id) + "|" + std::to_string(env_.clock.Now() / 60);
  });
}

Result<Paged<AppealView>> AppealService::ListPublic(std::optional<std::int64_t> estate_id,
                                                    std::optional<std::string> category,
                                                    std::optional<std::string> status, Page page,
                                                    std::optional<UnixSeconds> received_from,
                                                    std::optional<UnixSeconds> received_to) {
  storage::AppealFilter f;
  f.estate_id = estate_id;
  f.category = std::move(category);
  f.received_from = received_from;
  f.received_to = received_to;
  if (status) {
    if (*status == "open")
      f.statuses = {"submitted", "accepted", "in_progress", "returned"};
    else if (*status == "closed")
      f.statuses = {"resolved", "closed", "merged"};
    else
      return InvalidArgument("status must be open or closed", "status");
  }
  return env_.db.Read([&](storage::Tx& tx) -> Result<Paged<AppealView>> {
    Paged<AppealView> out;
    out.page = page;
    LINLI_ASSIGN_OR_RETURN(out.total, storage::CountAppeals(tx, f));
    LINLI_ASSIGN_OR_RETURN(auto recs, storage::ListAppeals(tx, f, page.page_size, page.Offset()));
    LINLI_ASSIGN_OR_RETURN(out.items, ViewsOf(tx, env_, recs, nullptr));
    return out;
  });
}

// ---- Handling -----------------------------------------------------------------------------------

Result<AppealView> AppealService::Transition(const Principal& who, std::int64_t id,
                                             const domain::ActionInput& in) {
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto rec, storage::FindAppeal(tx, id));
    if (!rec) return NotFound("appeal " + std::to_string(id) + " does not exist", "id");
    const Appeal& before = rec->appeal;
    if (!MayRead(who, before) && !Allows(who, Permission::kRouteAppeals, before.estate_path))
      return PermissionDenied("your roles do not allow you to act on appeal " + std::to_string(id));
    LINLI_ASSIGN_OR_RETURN(auto level_path, LevelPath(tx, before));
    const auto action_name = std::string(domain::AppealActionName(in.action));
    if (!MayTake(who, before, level_path, in.action))
      return PermissionDenied("your roles do not allow you to " + action_name + " appeal " +
                              std::to_string(id) + " (it is with the " +
                              std::string(domain::HandlerKindName(before.handler)) + " at the " +
                              std::string(domain::AppealLevelName(before.level)) + " level)");
    LINLI_ASSIGN_OR_RETURN(auto catalogue, LoadCatalogue(tx, before.estate_id));
    const auto category = CategoryOrOther(catalogue, before.category);
    LINLI_ASSIGN_OR_RETURN(auto cal, CalendarOf(env_, tx));
    const UnixSeconds now = env_.clock.Now();

    std::optional<domain::EscalationTarget> up;
    if (in.action == AppealAction::kEscalate) {
      LINLI_ASSIGN_OR_RETURN(auto level_unit, LoadUnit(tx, before.level_unit_id));
      if (level_unit.parent_id) {
        LINLI_ASSIGN_OR_RETURN(auto parent, LoadUnit(tx, *level_unit.parent_id));
        if (auto lvl = domain::LevelOfUnitKind(domain::UnitKindName(parent.kind)))
          up = domain::EscalationTarget{parent.id, *lvl};
      }
    }
    if (in.action == AppealAction::kAssign && in.assignee_account) {
      // The assignee must be someone who works in the estate.
      LINLI_ASSIGN_OR_RETURN(auto exists,
                             storage::AccountsWithRoleOn(
                                 tx, before.estate_id,
                                 {"member", "building_lead", "branch", "committee", "property"}));
      if (std::find(exists.begin(), exists.end(), *in.assignee_account) == exists.end())
        return NotFound("account " + std::to_string(*in.assignee_account) +
                            " holds no role in this estate; grant them one first",
                        "assignee_account_id");
    }
    if (in.action == AppealAction::kMerge && in.merge_into) {
      LINLI_ASSIGN_OR_RETURN(auto target, storage::FindAppeal(tx, *in.merge_into));
      if (!target || target->appeal.estate_id != before.estate_id)
        return NotFound(
            "appeal " + std::to_string(*in.merge_into) + " is not an appeal of the same estate",
            "merge_into");
      if (!domain::IsOpen(target->appeal.status) &&
          target->appeal.status != AppealStatus::kResolved)
        return FailedPrecondition("appeal " + std::to_string(*in.merge_into) + " is " +
                                      std::string(domain::AppealStatusName(target->appeal.status)) +
                                      "; merge into an open or resolved one",
                                  "merge_into");
    }
    domain::ActionInput input = in;
    LINLI_ASSIGN_OR_RETURN(Appeal after,
                           domain::ApplyAction(before, input, category, cal, policy_, now, up));
    if (in.action == AppealAction::kResolve && !in.photo_ids.empty())
      LINLI_TRY(AttachPhotos(tx, in.photo_ids, who.account_id, id, "resolve", policy_.max_photos,
                             "photo_ids"));
    if (after.version != before.version) {
      LINLI_TRY(storage::UpdateAppeal(tx, after, before.version));
      LINLI_TRY(CountIn(tx, before, after));
    }
    std::string note = in.note;
    if (in.action == AppealAction::kExtend && in.extend_by)
      note = "延期至 " + FormatTime(after.resolve_by).substr(0, 16) + "：" + in.note;
    if (in.action == AppealAction::kAgenda) note = "列入议事：" + after.agenda;
    if (in.action == AppealAction::kMerge) note = "与 #" + std::to_string(*in.merge_into) + " 合并";
    if (in.action == AppealAction::kAssign)
      note = "分派给" + std::string(domain::HandlerKindLabel(after.handler)) +
             (in.note.empty() ? "" : "：" + in.note);
    LINLI_TRY(
        storage::InsertAppealEvent(tx, {0, id, now, action_name, who.account_id, who.name,
                                        RoleOn(who, Permission::kReadAppeals, level_path),
                                        std::string(domain::AppealStatusName(before.status)),
                                        std::string(domain::AppealStatusName(after.status)), note,
                                        !(in.action == AppealAction::kNote && !in.public_note)}));
    const std::string title = ShortTitle(after, category.name);
    if (after.status != before.status || in.action == AppealAction::kExtend ||
        (in.action == AppealAction::kNote && in.public_note))
      LINLI_TRY(NotifyReporter(tx, after,
                               "您反映的问题 " + title + " " +
                                   (in.action == AppealAction::kExtend ? "已延期：" + in.note
                                    : in.action == AppealAction::kNote ? "有新的回复：" + in.note
                                                                       : StatusZh(after.status)),
                               who.account_id, now));
    if (in.action == AppealAction::kAssign || in.action == AppealAction::kEscalate ||
        in.action == AppealAction::kReopen)
      LINLI_TRY(NotifyHandlers(tx, after,
                               (in.action == AppealAction::kEscalate ? "上报的诉求 "
                                : in.action == AppealAction::kReopen ? "重新办理 "
                                                                     : "分派给您的诉求 ") +
                                   title + "：" + rec->estate_name,
                               who.account_id, now));
    LINLI_TRY(RecordAudit(tx, env_, &who,
                          {action_name, "appeal", id, before.estate_path, AppealAuditJson(before),
                           AppealAuditJson(after)}));
    return {};
  }));
  return Get(who, id);
}

Result<AppealView> AppealService::Rate(const Principal& who, std::int64_t id, domain::Rating rating,
                                       const std::string& comment) {
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto rec, storage::FindAppeal(tx, id));
    if (!rec) return NotFound("appeal " + std::to_string(id) + " does not exist", "id");
    const Appeal& before = rec->appeal;
    if (!IsReporter(who, before))
      return PermissionDenied("only the resident who reported appeal " + std::to_string(id) +
                              " may rate it; staff record a callback instead");
    const UnixSeconds now = env_.clock.Now();
    LINLI_ASSIGN_OR_RETURN(Appeal after,
                           domain::ApplyRating(before, rating, std::string(Trim(comment)), now));
    LINLI_TRY(storage::UpdateAppeal(tx, after, before.version));
    LINLI_TRY(CountIn(tx, before, after));
    LINLI_TRY(storage::InsertAppealEvent(
        tx, {0, id, now, "rate", who.account_id, who.name, "resident",
             std::string(domain::AppealStatusName(before.status)),
             std::string(domain::AppealStatusName(after.status)),
             std::string(domain::RatingLabel(rating)) +
                 (after.rating_comment.empty() ? "" : "：" + after.rating_comment),
             true}));
    if (rating == domain::Rating::kDissatisfied)
      LINLI_TRY(NotifyHandlers(tx, after, "居民对诉求 #" + std::to_string(id) + " 的办理不满意",
                               who.account_id, now));
    LINLI_TRY(RecordAudit(tx, env_, &who,
                          {"rate", "appeal", id, before.estate_path, AppealAuditJson(before),
                           json::object{{"rating", std::string(domain::RatingName(rating))}}}));
    return {};
  }));
  return Get(who, id);
}

Result<AppealView> AppealService::Callback(const Principal& who, std::int64_t id,
                                           const CallbackInput& in) {
  if (Utf8Length(in.note) > 500)
    return InvalidArgument("note has more than 500 characters; shorten it", "note");
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto rec, storage::FindAppeal(tx, id));
    if (!rec) return NotFound("appeal " + std::to_string(id) + " does not exist", "id");
    const Appeal& before = rec->appeal;
    LINLI_ASSIGN_OR_RETURN(auto level_path, LevelPath(tx, before));
    if (!MayRoute(who, level_path) && !MayHandle(who, before, level_path))
      return PermissionDenied("your roles do not allow you to record a callback on appeal " +
                              std::to_string(id));
    if (before.status != AppealStatus::kResolved && before.status != AppealStatus::kClosed)
      return FailedPrecondition("appeal " + std::to_string(id) + " is " +
                                    std::string(domain::AppealStatusName(before.status)) +
                                    ": a callback is made after it is resolved",
                                "contacted");
    if (!before.resolved_at)
      return FailedPrecondition("appeal " + std::to_string(id) +
                                    " was closed without being resolved: nothing to call back on",
                                "contacted");
    if (!in.contacted && (in.solved || in.rating))
      return InvalidArgument(
          "solved and result can only be recorded when the resident was "
          "contacted",
          "contacted");
    const UnixSeconds now = env_.clock.Now();
    Appeal after = before;
    after.version = before.version + 1;
    after.callback_contacted = in.contacted;
    after.callback_solved = in.solved;
    after.callback_rating = in.rating;
    after.callback_at = now;
    LINLI_TRY(storage::UpdateAppeal(tx, after, before.version));
    LINLI_TRY(CountIn(tx, before, after));
    std::string note = in.contacted ? "已联系" : "未联系上";
    if (in.solved) note += *in.solved ? "，已解决" : "，未解决";
    if (in.rating) note += "，" + std::string(domain::RatingLabel(*in.rating));
    if (!in.note.empty()) note += "：" + in.note;
    LINLI_TRY(storage::InsertAppealEvent(
        tx, {0, id, now, "callback", who.account_id, who.name,
             RoleOn(who, Permission::kReadAppeals, level_path),
             std::string(domain::AppealStatusName(before.status)),
             std::string(domain::AppealStatusName(after.status)), note, false}));
    LINLI_TRY(RecordAudit(tx, env_, &who,
                          {"callback", "appeal", id, before.estate_path, nullptr,
                           json::object{{"contacted", in.contacted}, {"note", note}}}));
    return {};
  }));
  return Get(who, id);
}

// ---- Publication and figures --------------------------------------------------------------------

Result<PublicBoard> AppealService::Board(std::int64_t estate_id, Page page) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<PublicBoard> {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, estate_id));
    LINLI_ASSIGN_OR_RETURN(auto catalogue, LoadCatalogue(tx, estate_id));
    PublicBoard b;
    b.estate_id = estate.id;
    b.estate_name = estate.name;
    b.items.page = page;
    LINLI_ASSIGN_OR_RETURN(b.items.total, storage::CountBoard(tx, estate_id));
    b.resolved_total = b.items.total;
    LINLI_ASSIGN_OR_RETURN(auto recs,
                           storage::ListBoard(tx, estate_id, page.page_size, page.Offset()));
    for (const auto& r : recs) {
      AppealView v = MakeView(env_, r, &catalogue, nullptr);
      PublicItem it;
      it.id = r.appeal.id;
      it.category_name = v.category_name;
      it.description = r.appeal.description;
      it.place_label = v.place_label;
      it.reporter = r.appeal.anonymous ? "匿名" : v.reporter_name;
      it.received_at = r.appeal.received_at;
      it.resolved_at = r.appeal.resolved_at;
      it.status = std::string(domain::AppealStatusName(r.appeal.status));
      it.resolution_note = r.appeal.resolution_note;
      it.rating = r.appeal.callback_rating ? r.appeal.callback_rating : r.appeal.rating;
      LINLI_ASSIGN_OR_RETURN(auto photos, storage::ListAppealPhotos(tx, r.appeal.id));
      for (const auto& p : photos)
        if (p.stage == "resolve") it.resolution_photos.push_back(PhotoRefOf(p));
      b.items.items.push_back(std::move(it));
    }
    LINLI_ASSIGN_OR_RETURN(auto cells, storage::LoadStatsCells(tx, estate_id, 0, 999912));
    std::vector<const domain::StatsCell*> ptrs;
    for (const auto& c : cells) ptrs.push_back(&c);
    b.satisfaction_rate = domain::FiguresOf(ptrs, {}).satisfaction_rate;
    return b;
  });
}

Result<StatsView> AppealService::Stats(const Principal& who, std::int64_t unit_id, int from_month,
                                       int to_month, const domain::StatsDefinitions& definitions) {
  if (from_month > to_month) return InvalidArgument("from must not be after to", "from");
  if (domain::MonthsBetween(from_month, to_month).size() > 36)
    return InvalidArgument("the period may span at most 36 months", "to");
  return env_.db.Read([&](storage::Tx& tx) -> Result<StatsView> {
    LINLI_ASSIGN_OR_RETURN(auto unit, LoadUnit(tx, unit_id));
    LINLI_TRY(Require(who, Permission::kReadAppealStats, unit.path, "read the figures here"));
    StatsView v;
    LINLI_ASSIGN_OR_RETURN(
        auto cells,
        storage::LoadStatsCells(tx, unit.id, domain::SameMonthLastYear(from_month), to_month));
    v.report = domain::Summarise(cells, from_month, to_month, definitions);
    LINLI_ASSIGN_OR_RETURN(auto counts, storage::CountOpenAndOverdue(tx, unit.id));
    v.open_now = counts.first;
    v.overdue_now = counts.second;
    // Category names: the estate's catalogue for an estate, the defaults above it.
    std::vector<CategoryView> catalogue;
    if (unit.kind == domain::UnitKind::kEstate) {
      LINLI_ASSIGN_OR_RETURN(catalogue, LoadCatalogue(tx, unit.id));
    } else {
      for (auto& c : domain::DefaultCatalogue()) catalogue.push_back({std::move(c), false});
    }
    for (const auto& [code, f] : v.report.by_category) {
      std::string name = code;
      if (const auto* c = FindCategory(catalogue, code)) {
        name = c->name;
      } else {
        LINLI_ASSIGN_OR_RETURN(auto any, storage::FindAnyCategoryName(tx, code));
        if (any) name = *any;
      }
      v.category_names.emplace_back(code, name);
    }
    v.unit = std::move(unit);
    return v;
  });
}

// ---- Notifications ------------------------------------------------------------------------------

Result<Paged<NotificationView>> AppealService::Notifications(const Principal& who, bool unread_only,
                                                             Page page) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<Paged<NotificationView>> {
    Paged<NotificationView> out;
    out.page = page;
    LINLI_ASSIGN_OR_RETURN(out.total, storage::CountNotifications(tx, who.account_id, unread_only));
    LINLI_ASSIGN_OR_RETURN(auto rows, storage::ListNotifications(tx, who.account_id, unread_only,
                                                                 page.page_size, page.Offset()));
    for (const auto& n : rows)
      out.items.push_back({n.id, n.appeal_id, n.text, n.at, n.read, n.subject_kind, n.subject_id});
    return out;
  });
}

Result<std::int64_t> AppealService::UnreadCount(const Principal& who) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<std::int64_t> {
    return storage::CountNotifications(tx, who.account_id, true);
  });
}

Status AppealService::MarkRead(const Principal& who, const std::vector<std::int64_t>& ids) {
  return env_.db.Write([&](storage::Tx& tx) -> Status {
    return storage::MarkNotificationsRead(tx, who.account_id, ids, env_.clock.Now());
  });
}

// ---- Calendar -----------------------------------------------------------------------------------

Result<CalendarYear> AppealService::GetCalendar(int year) {
  if (year < 2000 || year > 2100) return InvalidArgument("year must be 2000 to 2100", "year");
  return env_.db.Read([&](storage::Tx& tx) -> Result<CalendarYear> {
    LINLI_ASSIGN_OR_RETURN(auto days, storage::ListCalendarYear(tx, year));
    CalendarYear y;
    y.year = year;
    for (const auto& d : days) (d.kind == "holiday" ? y.holidays : y.workdays).push_back(d.day);
    return y;
  });
}

Result<CalendarYear> AppealService::PutCalendar(const Principal& who, const CalendarYear& in) {
  if (in.year < 2000 || in.year > 2100) return InvalidArgument("year must be 2000 to 2100", "year");
  bool top = false;
  for (const auto& g : who.roles)
    if (domain::RoleHas(g.role, Permission::kManageCatalogue) &&
        std::count(g.unit_path.begin(), g.unit_path.end(), '/') <= 2)
      top = true;
  if (!top)
    return PermissionDenied(
        "the holiday calendar is set at the top of the tree: ask an "
        "administrator or a district official");
  std::vector<storage::CalendarDay> days;
  std::map<std::string, std::string> seen;
  auto add = [&](const std::vector<std::string>& list, const char* kind,
                 const char* field) -> Status {
    for (size_t i = 0; i < list.size(); ++i) {
      const std::string f = std::string(field) + "[" + std::to_string(i) + "]";
      auto day = domain::ParseDay(list[i], f);
      if (!day) return tl::unexpected(day.error());
      if (list[i].substr(0, 4) != std::to_string(in.year))
        return InvalidArgument(list[i] + " is not in " + std::to_string(in.year), f);
      if (seen.count(list[i])) return InvalidArgument(list[i] + " is listed twice", f);
      seen[list[i]] = kind;
      days.push_back({list[i], kind});
    }
    return {};
  };
  LINLI_TRY(add(in.holidays, "holiday", "holidays"));
  LINLI_TRY(add(in.workdays, "workday", "workdays"));
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_TRY(storage::ReplaceCalendarYear(tx, in.year, days));
    json::array hs, ws;
    for (const auto& d : in.holidays) hs.push_back(json::value(d));
    for (const auto& d : in.workdays) ws.push_back(json::value(d));
    return RecordAudit(tx, env_, &who,
                       {"update", "calendar", in.year, "/", nullptr,
                        json::object{{"holidays", hs}, {"workdays", ws}}});
  }));
  return GetCalendar(in.year);
}

// ---- The scheduled job --------------------------------------------------------------------------

Result<int> AppealService::EscalateOverdue() {
  const UnixSeconds now = env_.clock.Now();
  LINLI_ASSIGN_OR_RETURN(auto ids, env_.db.Read([&](storage::Tx& tx) {
    return storage::ListOverdueIds(tx, now, 500);
  }));
  int moved = 0;
  for (auto id : ids) {
    // One transaction per appeal: a failure leaves the others moved and this one as it was.
    auto r = env_.db.Write([&](storage::Tx& tx) -> Result<bool> {
      LINLI_ASSIGN_OR_RETURN(auto rec, storage::FindAppeal(tx, id));
      if (!rec || !domain::IsOverdue(rec->appeal, now)) return false;
      const Appeal& before = rec->appeal;
      LINLI_ASSIGN_OR_RETURN(auto level_unit, LoadUnit(tx, before.level_unit_id));
      std::optional<domain::Unit> parent;
      if (level_unit.parent_id && before.level != domain::AppealLevel::kDistrict) {
        LINLI_ASSIGN_OR_RETURN(parent, LoadUnit(tx, *level_unit.parent_id));
      }
      auto lvl =
          parent ? domain::LevelOfUnitKind(domain::UnitKindName(parent->kind)) : std::nullopt;
      if (!lvl) {
        // Nowhere higher to go: mark it overdue (the figures' "overdue now" count it) and leave
        // it with the level it is at.
        if (before.overdue_marked) return false;
        Appeal after = before;
        after.overdue_marked = true;
        after.version = before.version + 1;
        LINLI_TRY(storage::UpdateAppeal(tx, after, before.version));
        LINLI_TRY(CountIn(tx, before, after));
        return false;
      }
      LINLI_ASSIGN_OR_RETURN(auto catalogue, LoadCatalogue(tx, before.estate_id));
      const auto category = CategoryOrOther(catalogue, before.category);
      LINLI_ASSIGN_OR_RETURN(auto cal, CalendarOf(env_, tx));
      const bool late_response = !before.responded_at && now > before.respond_by;
      domain::ActionInput in;
      in.action = AppealAction::kEscalate;
      in.note = late_response ? "超过响应时限未受理，自动上报" : "超过办结时限未办结，自动上报";
      LINLI_ASSIGN_OR_RETURN(Appeal after,
                             domain::ApplyAction(before, in, category, cal, policy_, now,
                                                 domain::EscalationTarget{parent->id, *lvl}));
      LINLI_TRY(storage::UpdateAppeal(tx, after, before.version));
      LINLI_TRY(CountIn(tx, before, after));
      LINLI_TRY(storage::InsertAppealEvent(
          tx, {0, id, now, "auto_escalate", std::nullopt, "", "system",
               std::string(domain::AppealStatusName(before.status)),
               std::string(domain::AppealStatusName(after.status)), in.note, true}));
      const std::string title = ShortTitle(after, category.name);
      LINLI_TRY(NotifyHandlers(tx, after,
                               "超时自动上报 " + title + "：" + rec->estate_name + "，请督办",
                               std::nullopt, now));
      LINLI_TRY(NotifyReporter(tx, after, "您反映的问题 " + title + " 已上报至" + parent->name,
                               std::nullopt, now));
      LINLI_TRY(RecordAudit(tx, env_, nullptr,
                            {"auto_escalate", "appeal", id, before.estate_path,
                             AppealAuditJson(before), AppealAuditJson(after)}));
      return true;
    });
    if (r && *r) ++moved;
  }
  return moved;
}

}  // namespace linli::app
