#include "core/crypto.hpp"

#include <sodium.h>

#include <vector>

namespace linli {

bool InitCrypto() { return sodium_init() >= 0; }

Result<std::string> HashPassword(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return Internal("password hashing ran out of memory");
  return std::string(out);
}

bool VerifyPassword(std::string_view stored_hash, std::string_view password) {
  std::string h(stored_hash);
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

namespace {
std::string ToBase64(const unsigned char* data, size_t len, int variant) {
  std::string out(sodium_base64_encoded_len(len, variant), '\0');
  sodium_bin2base64(out.data(), out.size(), data, len, variant);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}
std::string ToHex(const unsigned char* data, size_t len) {
  std::string out(len * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, len);
  out.resize(len * 2);
  return out;
}
}  // namespace

std::string Base64Encode(std::string_view bytes) {
  return ToBase64(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                  sodium_base64_VARIANT_ORIGINAL);
}

std::optional<std::string> Base64Decode(std::string_view text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return std::nullopt;
  out.resize(len);
  return out;
}

std::string RandomToken(size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  randombytes_buf(buf.data(), buf.size());
  return ToBase64(buf.data(), buf.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

std::string TokenDigest(std::string_view token) {
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return ToHex(out, sizeof out);
}

Result<FieldCipher> FieldCipher::FromHex(std::string_view key_hex) {
  unsigned char key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
  size_t len = 0;
  if (key_hex.size() != 2 * sizeof key ||
      sodium_hex2bin(key, sizeof key, key_hex.data(), key_hex.size(), nullptr, &len, nullptr) !=
          0 ||
      len != sizeof key)
    return InvalidArgument("the data key must be 64 hexadecimal characters (32 bytes)", "key");
  FieldCipher c;
  c.key_.assign(reinterpret_cast<char*>(key), sizeof key);
  sodium_memzero(key, sizeof key);
  return c;
}

std::string FieldCipher::GenerateKeyHex() {
  unsigned char key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
  crypto_aead_xchacha20poly1305_ietf_keygen(key);
  return ToHex(key, sizeof key);
}

std::string FieldCipher::Encrypt(std::string_view plaintext) const {
  constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  std::vector<unsigned char> buf(kNonce + plaintext.size() +
                                 crypto_aead_xchacha20poly1305_ietf_ABYTES);
  randombytes_buf(buf.data(), kNonce);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      buf.data() + kNonce, &clen, reinterpret_cast<const unsigned char*>(plaintext.data()),
      plaintext.size(), nullptr, 0, nullptr, buf.data(),
      reinterpret_cast<const unsigned char*>(key_.data()));
  return "v1:" + ToBase64(buf.data(), kNonce + clen, sodium_base64_VARIANT_ORIGINAL);
}

Result<std::string> FieldCipher::Decrypt(std::string_view ciphertext) const {
  constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  if (ciphertext.substr(0, 3) != "v1:") return Internal("encrypted field has an unknown format");
  ciphertext.remove_prefix(3);
  std::vector<unsigned char> buf(ciphertext.size());
  size_t len = 0;
  if (sodium_base642bin(buf.data(), buf.size(), ciphertext.data(), ciphertext.size(), nullptr, &len,
                        nullptr, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      len < kNonce + crypto_aead_xchacha20poly1305_ietf_ABYTES)
    return Internal("encrypted field is damaged");
  std::string out(len - kNonce - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long mlen = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(out.data()), &mlen, nullptr, buf.data() + kNonce,
          len - kNonce, nullptr, 0, buf.data(),
          reinterpret_cast<const unsigned char*>(key_.data())) != 0)
    return Internal("encrypted field cannot be decrypted with this data key");
  out.resize(mlen);
  return out;
}

std::string FieldCipher::BlindIndex(std::string_view plaintext) const {
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(plaintext.data()),
                     plaintext.size(), reinterpret_cast<const unsigned char*>(key_.data()),
                     key_.size());
  return ToHex(out, sizeof out);
}

}  // namespace linli
