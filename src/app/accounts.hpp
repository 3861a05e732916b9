// Accounts, sessions and role grants: logging in by phone and password (argon2id), random
// session tokens stored only as digests and expiring, a limit on failed attempts, and roles
// granted on a node of the tree.
// Thread-safety: AccountService is thread-safe; password hashing runs at most
// `max_concurrent_hashes` at once (each takes ~90 ms and 64 MiB).
#pragma once

#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/context.hpp"

namespace linli::app {

struct AccountView {
  std::int64_t id = 0;
  std::string phone;
  std::string name;
  std::vector<RoleGrant> roles;
};

struct LoginResult {
  std::string token;
  UnixSeconds expires_at = 0;
  Principal user;
};

struct AccountPolicy {
  std::int64_t session_seconds = 12 * 3600;
  int max_failures = 5;                       // failed logins per phone ...
  std::int64_t failure_window_seconds = 900;  // ... within this window lock the phone for it
  int max_concurrent_hashes = 2;
  // Authenticated sessions are remembered this long, so that a busy client does not cost three
  // queries a request; logout and role changes made here take effect at once.
  std::int64_t session_cache_seconds = 10;
};

class AccountService {
 public:
  AccountService(Env env, AccountPolicy policy = {});

  Result<LoginResult> Login(const std::string& phone, const std::string& password);
  Status Logout(const std::string& token);
  // The principal behind a bearer token, or unauthenticated.
  Result<Principal> Authenticate(const std::string& token);

  // From the command line: an admin reaching everywhere. Creates the account or, if the phone
  // exists, resets its password and makes sure it holds the admin role.
  Result<AccountView> CreateAdmin(const std::string& phone, const std::string& password,
                                  const std::string& name);
  Result<AccountView> CreateAccount(const Principal& who, const std::string& phone,
                                    const std::string& password, const std::string& name);
  Result<RoleGrant> GrantRole(const Principal& who, std::int64_t account_id,
                              const std::string& role, std::optional<std::int64_t> unit_id);
  Status RevokeRole(const Principal& who, std::int64_t account_id, std::int64_t grant_id);
  Result<Paged<AccountView>> ListAccounts(const Principal& who, std::optional<std::int64_t> unit_id,
                                          Page page);

  // Drops the cached sessions, so that the next request of every session reads its roles afresh
  // (after a use case outside this service changed someone's roles).
  void ForgetCachedSessions();

 private:
  Result<std::string> Hash(const std::string& password);
  bool Verify(const std::string& hash, const std::string& password);
  class HashSlot;

  Env env_;
  AccountPolicy policy_;
  struct CachedSession {
    Principal principal;
    UnixSeconds expires_at = 0;
    UnixSeconds cached_at = 0;
  };
  std::mutex cache_mu_;
  std::unordered_map<std::string, CachedSession> cache_;
  std::mutex hash_mu_;
  std::condition_variable hash_cv_;
  int hashing_ = 0;
};

// Validation shared with the command line.
Status CheckPassword(const std::string& password);
Status CheckPhone(const std::string& phone, const char* field = "phone");

}  // namespace linli::app
