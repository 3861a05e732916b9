// The forward-only schema migrations of each backend, compiled in from
// src/storage/migrations/<backend>/NNN_name.sql (sorted by name; NNN is the version).
#pragma once

#include <span>

#include "core/embedded.hpp"

namespace linli::storage {

std::span<const EmbeddedFile> SqliteMigrations();
std::span<const EmbeddedFile> PostgresMigrations();

}  // namespace linli::storage
