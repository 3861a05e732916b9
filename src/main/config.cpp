#include "main/config.hpp"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace linli::main {

std::unique_ptr<storage::Database> OpenOrDie(const std::string& url, bool migrate) {
  auto db = storage::OpenDatabase(url);
  if (!db) throw std::runtime_error("cannot open the database: " + db.error().message);
  if (migrate) {
    auto n = storage::Migrate(**db);
    if (!n) throw std::runtime_error("cannot migrate the database: " + n.error().message);
  } else {
    auto status = storage::MigrationStatus(**db);
    if (!status)
      throw std::runtime_error("cannot read the schema version: " + status.error().message);
    if (status->second < status->first)
      throw std::runtime_error("the database schema is at version " +
                               std::to_string(status->second) + " but this binary needs " +
                               std::to_string(status->first) +
                               "; run 'linli migrate --db ...' first");
  }
  return std::move(*db);
}

namespace {
std::string Trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}
FieldCipher FromHexOrDie(const std::string& hex, const std::string& where) {
  auto c = FieldCipher::FromHex(hex);
  if (!c)
    throw std::runtime_error("the data key in " + where + " is not valid: " + c.error().message);
  return *c;
}
}  // namespace

FieldCipher LoadDataKey(const std::string& db_url, const std::string& key_file) {
  std::string path = key_file;
  if (path.empty()) {
    if (const char* env = std::getenv("LINLI_DATA_KEY"); env && *env)
      return FromHexOrDie(Trimmed(env), "LINLI_DATA_KEY");
    if (db_url.rfind("sqlite:", 0) != 0)
      throw std::runtime_error(
          "a PostgreSQL deployment needs its data key: pass --data-key-file FILE or set "
          "LINLI_DATA_KEY "
          "(64 hex characters; make one with 'linli keygen')");
    path = db_url.substr(7) + ".key";
  }
  std::ifstream in(path);
  if (in) {
    std::string hex;
    std::getline(in, hex);
    return FromHexOrDie(Trimmed(hex), path);
  }
  if (!key_file.empty()) throw std::runtime_error("cannot read the data key file " + path);
  std::string hex = FieldCipher::GenerateKeyHex();
  {
    std::ofstream out(path);
    if (!out) throw std::runtime_error("cannot create the data key file " + path);
    out << hex << "\n";
  }
  ::chmod(path.c_str(), 0600);
  return FromHexOrDie(hex, path);
}

}  // namespace linli::main
