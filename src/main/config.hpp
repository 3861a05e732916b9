// Start-up wiring shared by the subcommands: opening the store and finding the data key.
#pragma once

#include <memory>
#include <string>

#include "core/crypto.hpp"
#include "storage/database.hpp"

namespace linli::main {

// Opens the database named by `url`, failing loudly (start-up errors are exceptions).
std::unique_ptr<storage::Database> OpenOrDie(const std::string& url, bool migrate);

// The key that encrypts sensitive fields: --data-key-file, else $LINLI_DATA_KEY (hex), else for
// SQLite a file PATH.key beside the database (created with mode 0600 on first use).
FieldCipher LoadDataKey(const std::string& db_url, const std::string& key_file);

}  // namespace linli::main
