// Cryptography through libsodium: argon2id password hashes, random tokens, token digests and
// authenticated encryption of sensitive fields (RULES.md §9).
// Thread-safety: all functions are thread-safe once InitCrypto() has run.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace linli {

// Must run once before anything else here (idempotent). Returns false if libsodium failed.
bool InitCrypto();

// argon2id, libsodium's "interactive" limits (~90 ms, 64 MiB). Slow on purpose: call it off the
// I/O threads and bound how many run at once.
Result<std::string> HashPassword(std::string_view password);
bool VerifyPassword(std::string_view stored_hash, std::string_view password);

// `bytes` random bytes, base64url without padding.
std::string RandomToken(size_t bytes = 32);
// Hex BLAKE2b-256 of a token: what the store keeps instead of the token.
std::string TokenDigest(std::string_view token);

// Standard base64 with padding (for binary data kept in TEXT columns, e.g. photos).
std::string Base64Encode(std::string_view bytes);
// nullopt when `text` is not valid base64.
std::optional<std::string> Base64Decode(std::string_view text);

// Encrypts sensitive fields with XChaCha20-Poly1305 under a 32-byte key. The ciphertext is text,
// "v1:" + base64(nonce || ciphertext), so it fits a TEXT column on both backends.
class FieldCipher {
 public:
  // key_hex: 64 hex characters.
  static Result<FieldCipher> FromHex(std::string_view key_hex);
  static std::string GenerateKeyHex();

  std::string Encrypt(std::string_view plaintext) const;
  Result<std::string> Decrypt(std::string_view ciphertext) const;
  // A keyed digest (for equality look-ups of an encrypted value without decrypting).
  std::string BlindIndex(std::string_view plaintext) const;

 private:
  std::string key_;  // 32 raw bytes
};

}  // namespace linli
