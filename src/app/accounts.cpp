#include "app/accounts.hpp"

#include <boost/json.hpp>

#include "app/audit.hpp"
#include "app/authz.hpp"
#include "core/mask.hpp"
#include "core/text.hpp"
#include "storage/repos/units.hpp"

namespace linli::app {
namespace json = boost::json;
using domain::Permission;

// Bounds concurrent argon2id computations.
class AccountService::HashSlot {
 public:
  explicit HashSlot(AccountService& s) : s_(s) {
    std::unique_lock lock(s_.hash_mu_);
    s_.hash_cv_.wait(lock, [&] { return s_.hashing_ < s_.policy_.max_concurrent_hashes; });
    ++s_.hashing_;
  }
  ~HashSlot() {
    {
      std::lock_guard lock(s_.hash_mu_);
      --s_.hashing_;
    }
    s_.hash_cv_.notify_one();
  }

 private:
  AccountService& s_;
};

Status CheckPassword(const std::string& password) {
  if (password.size() < 8)
    return InvalidArgument("password must have at least 8 characters", "password");
  if (password.size() > 128)
    return InvalidArgument("password must have at most 128 characters", "password");
  return {};
}

Status CheckPhone(const std::string& phone, const char* field) {
  if (!IsMobilePhone(phone))
    return InvalidArgument("phone must be an 11-digit mainland mobile number such as 13812345678",
                           field);
  return {};
}

namespace {

Status CheckName(const std::string& name) {
  auto t = Trim(name);
  if (t.empty()) return InvalidArgument("name is required", "name");
  if (!IsValidUtf8(t) || Utf8Length(t) > 32)
    return InvalidArgument("name must be valid text of at most 32 characters", "name");
  return {};
}

Result<std::vector<RoleGrant>> LoadRoles(storage::Tx& tx, std::int64_t account_id) {
  LINLI_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT r.id, r.role, r.unit_id, COALESCE(u.path, '/'), COALESCE(u.name, ''), "
               "COALESCE(u.kind, '') FROM account_roles r LEFT JOIN units u ON u.id = r.unit_id "
               "WHERE r.account_id = ? ORDER BY r.id",
               {account_id}));
  std::vector<RoleGrant> out;
  for (const auto& r : rows) {
    RoleGrant g;
    g.id = r.Int(0);
    g.role = domain::ParseRole(r.Text(1)).value_or(domain::Role::kResident);
    g.unit_id = r.OptInt(2);
    g.unit_path = r.Text(3);
    g.unit_name = r.Text(4);
    g.unit_kind = r.Text(5);
    out.push_back(std::move(g));
  }
  return out;
}

Result<std::optional<Principal>> LoadPrincipal(storage::Tx& tx, std::int64_t account_id) {
  LINLI_ASSIGN_OR_RETURN(
      auto row,
      tx.QueryOne("SELECT id, name, phone, person_id, disabled FROM accounts WHERE id = ?",
                  {account_id}));
  if (!row || row->Bool(4)) return std::optional<Principal>();
  Principal p;
  p.account_id = row->Int(0);
  p.name = row->Text(1);
  p.phone = row->Text(2);
  p.person_id = row->OptInt(3);
  LINLI_ASSIGN_OR_RETURN(p.roles, LoadRoles(tx, p.account_id));
  return std::optional<Principal>(std::move(p));
}

json::value GrantJson(const RoleGrant& g) {
  return json::object{{"role", std::string(domain::RoleName(g.role))},
                      {"unit_id", g.unit_id ? json::value(*g.unit_id) : json::value(nullptr)}};
}

}  // namespace

AccountService::AccountService(Env env, AccountPolicy policy) : env_(env), policy_(policy) {}

Result<std::string> AccountService::Hash(const std::string& password) {
  HashSlot slot(*this);
  return HashPassword(password);
}

bool AccountService::Verify(const std::string& hash, const std::string& password) {
  HashSlot slot(*this);
  return VerifyPassword(hash, password);
}

Result<LoginResult> AccountService::Login(const std::string& phone_in,
                                          const std::string& password) {
  std::string phone(Trim(phone_in));
  if (phone.empty()) return InvalidArgument("phone is required", "phone");
  if (password.empty()) return InvalidArgument("password is required", "password");
  const UnixSeconds now = env_.clock.Now();
  const UnixSeconds window_start = now - policy_.failure_window_seconds;

  struct Found {
    std::int64_t id = 0;
    std::string hash;
    bool disabled = false;
    std::int64_t failures = 0;
  };
  LINLI_ASSIGN_OR_RETURN(Found found, env_.db.Read([&](storage::Tx& tx) -> Result<Found> {
    Found f;
    LINLI_ASSIGN_OR_RETURN(
        auto fails, tx.QueryOne("SELECT COUNT(*) FROM login_failures WHERE phone = ? AND at > ?",
                                {phone, window_start}));
    f.failures = fails->Int(0);
    LINLI_ASSIGN_OR_RETURN(
        auto row,
        tx.QueryOne("SELECT id, password_hash, disabled FROM accounts WHERE phone = ?", {phone}));
    if (row) {
      f.id = row->Int(0);
      f.hash = row->Text(1);
      f.disabled = row->Bool(2);
    }
    return f;
  }));
  if (found.failures >= policy_.max_failures)
    return MakeError(ErrorCode::kResourceExhausted,
                     "too many failed logins for this phone; wait " +
                         std::to_string(policy_.failure_window_seconds / 60) +
                         " minutes and try again, or ask an administrator to reset the password");
  // Verify even for unknown phones so that timing does not tell which phones have accounts.
  static const std::string kDummy = HashPassword("linli-dummy-password").value_or("");
  bool ok = Verify(found.id ? found.hash : kDummy, password) && found.id != 0 && !found.disabled;
  if (!ok) {
    LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
      LINLI_TRY(tx.Exec("INSERT INTO login_failures (phone, at) VALUES (?, ?)", {phone, now}));
      LINLI_TRY(tx.Exec("DELETE FROM login_failures WHERE at < ?", {now - 86400}));
      return RecordAudit(tx, env_, nullptr,
                         {"login_failed", "account",
                          found.id ? std::optional<std::int64_t>(found.id) : std::nullopt, "/",
                          nullptr, json::object{{"phone", MaskPhone(phone)}}});
    }));
    return MakeError(ErrorCode::kUnauthenticated, "wrong phone or password");
  }
  LoginResult out;
  out.token = RandomToken();
  out.expires_at = now + policy_.session_seconds;
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_TRY(tx.Exec(
        "INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
        {TokenDigest(out.token), found.id, now, out.expires_at}));
    LINLI_TRY(tx.Exec("DELETE FROM sessions WHERE expires_at < ?", {now}));
    LINLI_TRY(tx.Exec("DELETE FROM login_failures WHERE phone = ?", {phone}));
    LINLI_ASSIGN_OR_RETURN(auto p, LoadPrincipal(tx, found.id));
    if (!p) return Internal("account vanished during login");
    out.user = std::move(*p);
    return RecordAudit(tx, env_, &out.user, {"login", "account", found.id, "/", nullptr, nullptr});
  }));
  return out;
}

void AccountService::ForgetCachedSessions() {
  std::lock_guard lock(cache_mu_);
  cache_.clear();
}

Status AccountService::Logout(const std::string& token) {
  {
    std::lock_guard lock(cache_mu_);
    cache_.erase(TokenDigest(token));
  }
  return env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_TRY(tx.Exec("DELETE FROM sessions WHERE token_hash = ?", {TokenDigest(token)}));
    return {};
  });
}

Result<Principal> AccountService::Authenticate(const std::string& token) {
  const UnixSeconds now = env_.clock.Now();
  const std::string digest = TokenDigest(token);
  {
    std::lock_guard lock(cache_mu_);
    auto it = cache_.find(digest);
    if (it != cache_.end()) {
      if (it->second.expires_at <= now) {
        cache_.erase(it);
        return MakeError(ErrorCode::kUnauthenticated, "the session has expired; log in again");
      }
      if (now >= it->second.cached_at && now - it->second.cached_at < policy_.session_cache_seconds)
        return it->second.principal;
      cache_.erase(it);
    }
  }
  UnixSeconds expires_at = 0;
  auto principal = env_.db.Read([&](storage::Tx& tx) -> Result<Principal> {
    LINLI_ASSIGN_OR_RETURN(
        auto row,
        tx.QueryOne("SELECT account_id, expires_at FROM sessions WHERE token_hash = ?", {digest}));
    if (!row)
      return MakeError(ErrorCode::kUnauthenticated, "the session is not valid; log in again");
    if (row->Int(1) <= now)
      return MakeError(ErrorCode::kUnauthenticated, "the session has expired; log in again");
    expires_at = row->Int(1);
    LINLI_ASSIGN_OR_RETURN(auto p, LoadPrincipal(tx, row->Int(0)));
    if (!p) return MakeError(ErrorCode::kUnauthenticated, "the account is disabled");
    return std::move(*p);
  });
  if (principal) {
    std::lock_guard lock(cache_mu_);
    if (cache_.size() >= 10000) cache_.clear();
    cache_[digest] = CachedSession{*principal, expires_at, now};
  }
  return principal;
}

Result<AccountView> AccountService::CreateAdmin(const std::string& phone,
                                                const std::string& password,
                                                const std::string& name) {
  LINLI_TRY(CheckPhone(phone));
  LINLI_TRY(CheckPassword(password));
  LINLI_ASSIGN_OR_RETURN(std::string hash, Hash(password));
  const UnixSeconds now = env_.clock.Now();
  return env_.db.Write([&](storage::Tx& tx) -> Result<AccountView> {
    LINLI_ASSIGN_OR_RETURN(auto row,
                           tx.QueryOne("SELECT id FROM accounts WHERE phone = ?", {phone}));
    std::int64_t id;
    if (row) {
      id = row->Int(0);
      LINLI_TRY(
          tx.Exec("UPDATE accounts SET password_hash = ?, disabled = 0 WHERE id = ?", {hash, id}));
    } else {
      LINLI_ASSIGN_OR_RETURN(
          id, tx.InsertReturningId("INSERT INTO accounts (phone, name, password_hash, created_at) "
                                   "VALUES (?, ?, ?, ?) RETURNING id",
                                   {phone, name, hash, now}));
    }
    LINLI_ASSIGN_OR_RETURN(auto has, tx.QueryOne("SELECT id FROM account_roles WHERE account_id = "
                                                 "? AND role = 'admin' AND unit_id IS NULL",
                                                 {id}));
    if (!has)
      LINLI_TRY(
          tx.Exec("INSERT INTO account_roles (account_id, role, unit_id, created_at) VALUES (?, "
                  "'admin', NULL, ?)",
                  {id, now}));
    LINLI_TRY(RecordAudit(tx, env_, nullptr,
                          {"create_admin", "account", id, "/", nullptr,
                           json::object{{"phone", phone}, {"name", name}}}));
    AccountView v{id, phone, name, {}};
    LINLI_ASSIGN_OR_RETURN(v.roles, LoadRoles(tx, id));
    return v;
  });
}

Result<AccountView> AccountService::CreateAccount(const Principal& who, const std::string& phone_in,
                                                  const std::string& password,
                                                  const std::string& name_in) {
  if (!AllowsSomewhere(who, Permission::kManageAccounts))
    return PermissionDenied("your roles do not allow you to create accounts");
  std::string phone(Trim(phone_in)), name(Trim(name_in));
  LINLI_TRY(CheckPhone(phone));
  LINLI_TRY(CheckName(name));
  LINLI_TRY(CheckPassword(password));
  LINLI_ASSIGN_OR_RETURN(std::string hash, Hash(password));
  const UnixSeconds now = env_.clock.Now();
  return env_.db.Write([&](storage::Tx& tx) -> Result<AccountView> {
    LINLI_ASSIGN_OR_RETURN(auto exists,
                           tx.QueryOne("SELECT id FROM accounts WHERE phone = ?", {phone}));
    if (exists)
      return AlreadyExists("an account with phone " + MaskPhone(phone) + " already exists",
                           "phone");
    // Link the account to the person with that phone, if the organisation already knows them.
    LINLI_ASSIGN_OR_RETURN(
        auto person,
        tx.QueryOne("SELECT id FROM people WHERE phone = ? ORDER BY id LIMIT 1", {phone}));
    LINLI_ASSIGN_OR_RETURN(
        std::int64_t id,
        tx.InsertReturningId(
            "INSERT INTO accounts (phone, name, password_hash, person_id, created_at) VALUES (?, "
            "?, ?, ?, ?) RETURNING id",
            {phone, name, hash, person ? storage::Value(person->Int(0)) : storage::Value(nullptr),
             now}));
    LINLI_TRY(RecordAudit(
        tx, env_, &who,
        {"create", "account", id, "/", nullptr, json::object{{"phone", phone}, {"name", name}}}));
    return AccountView{id, phone, name, {}};
  });
}

Result<RoleGrant> AccountService::GrantRole(const Principal& who, std::int64_t account_id,
                                            const std::string& role_text,
                                            std::optional<std::int64_t> unit_id) {
  auto role = domain::ParseRole(role_text);
  if (!role)
    return InvalidArgument("role '" + role_text +
                               "' is unknown; use admin, official, branch, committee, property, "
                               "member, building_lead or resident",
                           "role");
  const UnixSeconds now = env_.clock.Now();
  auto granted = env_.db.Write([&](storage::Tx& tx) -> Result<RoleGrant> {
    std::string path = "/";
    RoleGrant g;
    g.role = *role;
    g.unit_id = unit_id;
    if (unit_id) {
      LINLI_ASSIGN_OR_RETURN(auto unit, storage::FindUnit(tx, *unit_id));
      if (!unit)
        return tl::unexpected(Error{ErrorCode::kNotFound,
                                    "unit " + std::to_string(*unit_id) + " does not exist",
                                    "unit_id",
                                    {}});
      path = unit->path;
      g.unit_name = unit->name;
      g.unit_kind = std::string(domain::UnitKindName(unit->kind));
    } else if (*role != domain::Role::kAdmin) {
      return InvalidArgument(
          "unit_id is required: a role reaches the subtree of the unit it is granted on",
          "unit_id");
    }
    g.unit_path = path;
    bool may = false;
    for (const auto& mine : who.roles)
      if (domain::RoleHas(mine.role, Permission::kManageAccounts) &&
          domain::PathWithin(path, mine.unit_path) && domain::MayGrant(mine.role, *role))
        may = true;
    if (!may)
      return PermissionDenied("you may not grant the role '" + role_text + "' on this unit");
    LINLI_ASSIGN_OR_RETURN(auto acct,
                           tx.QueryOne("SELECT id FROM accounts WHERE id = ?", {account_id}));
    if (!acct) return NotFound("account " + std::to_string(account_id) + " does not exist");
    LINLI_ASSIGN_OR_RETURN(auto dup, tx.QueryOne("SELECT id FROM account_roles WHERE account_id = "
                                                 "? AND role = ? AND COALESCE(unit_id, 0) = ?",
                                                 {account_id, role_text, unit_id.value_or(0)}));
    if (dup) return AlreadyExists("the account already holds this role on this unit", "role");
    LINLI_ASSIGN_OR_RETURN(
        g.id, tx.InsertReturningId("INSERT INTO account_roles (account_id, role, unit_id, "
                                   "created_at) VALUES (?, ?, ?, ?) RETURNING id",
                                   {account_id, role_text, storage::OptionalInt(unit_id), now}));
    LINLI_TRY(
        RecordAudit(tx, env_, &who, {"grant", "account", account_id, path, nullptr, GrantJson(g)}));
    return g;
  });
  if (granted) ForgetCachedSessions();
  return granted;
}

Status AccountService::RevokeRole(const Principal& who, std::int64_t account_id,
                                  std::int64_t grant_id) {
  auto revoked = env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto grants, LoadRoles(tx, account_id));
    for (const auto& g : grants) {
      if (g.id != grant_id) continue;
      bool may = false;
      for (const auto& mine : who.roles)
        if (domain::RoleHas(mine.role, Permission::kManageAccounts) &&
            domain::PathWithin(g.unit_path, mine.unit_path) && domain::MayGrant(mine.role, g.role))
          may = true;
      if (!may) return PermissionDenied("you may not revoke this role");
      LINLI_TRY(tx.Exec("DELETE FROM account_roles WHERE id = ?", {grant_id}));
      return RecordAudit(tx, env_, &who,
                         {"revoke", "account", account_id, g.unit_path, GrantJson(g), nullptr});
    }
    return NotFound("account " + std::to_string(account_id) + " has no role grant " +
                    std::to_string(grant_id));
  });
  ForgetCachedSessions();
  return revoked;
}

Result<Paged<AccountView>> AccountService::ListAccounts(const Principal& who,
                                                        std::optional<std::int64_t> unit_id,
                                                        Page page) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<Paged<AccountView>> {
    std::string path = "/";
    if (unit_id) {
      LINLI_ASSIGN_OR_RETURN(auto unit, storage::FindUnit(tx, *unit_id));
      if (!unit) return NotFound("unit " + std::to_string(*unit_id) + " does not exist");
      path = unit->path;
    }
    LINLI_TRY(Require(who, Permission::kManageAccounts, path, "list accounts"));
    // Accounts with a grant inside the subtree (or, at the top, every account).
    std::string from =
        path == "/"
            ? std::string(" FROM accounts a WHERE 1 = 1")
            : std::string(
                  " FROM accounts a WHERE a.id IN (SELECT r.account_id FROM account_roles r "
                  "JOIN units u ON u.id = r.unit_id WHERE u.path LIKE ?)");
    storage::Params params;
    if (path != "/") params.push_back(path + "%");
    Paged<AccountView> out;
    out.page = page;
    LINLI_ASSIGN_OR_RETURN(auto count, tx.QueryOne("SELECT COUNT(*)" + from, params));
    out.total = count->Int(0);
    params.push_back(static_cast<std::int64_t>(page.page_size));
    params.push_back(page.Offset());
    LINLI_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT a.id, a.phone, a.name" + from +
                                                   " ORDER BY a.id LIMIT ? OFFSET ?",
                                               params));
    for (const auto& r : rows) {
      AccountView v{r.Int(0), r.Text(1), r.Text(2), {}};
      LINLI_ASSIGN_OR_RETURN(v.roles, LoadRoles(tx, v.id));
      out.items.push_back(std::move(v));
    }
    return out;
  });
}

}  // namespace linli::app
