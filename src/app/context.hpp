// What every use case is given: the store, the clock, the field cipher, and who is asking.
// Thread-safety: Env is shared by all requests and only holds thread-safe collaborators;
// a Principal belongs to one request.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "domain/people/role.hpp"
#include "storage/database.hpp"

namespace linli::app {

struct Env {
  storage::Database& db;
  const Clock& clock;
  const FieldCipher& cipher;
};

struct RoleGrant {
  std::int64_t id = 0;
  domain::Role role = domain::Role::kResident;
  std::optional<std::int64_t> unit_id;  // nullopt: everywhere
  std::string unit_path;                // "/" when everywhere
  std::string unit_name;
  std::string unit_kind;
};

// The authenticated account behind a request.
struct Principal {
  std::int64_t account_id = 0;
  std::string name;
  std::string phone;
  std::optional<std::int64_t> person_id;
  std::vector<RoleGrant> roles;
};

// Paging as every list endpoint takes it.
struct Page {
  int page = 1;
  int page_size = 50;
  std::int64_t Offset() const { return static_cast<std::int64_t>(page - 1) * page_size; }
};

template <class T>
struct Paged {
  std::vector<T> items;
  std::int64_t total = 0;
  Page page;
};

}  // namespace linli::app
