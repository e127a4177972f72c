// libsodium behind the credentials API; sodium_init runs once, on first use, thread-safely.
#include "persistence/credentials.hpp"

#include <stdexcept>

namespace chat::persistence {

namespace {

void ensure_sodium() {
  static const int rc = sodium_init();  // magic static: once, thread-safe
  if (rc < 0)
    throw std::runtime_error("libsodium failed to initialise");
}

}  // namespace

password_cost minimal_password_cost() noexcept {
  return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

std::string hash_password(std::string_view password, password_cost cost) {
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.ops_limit,
                            cost.mem_limit, crypto_pwhash_ALG_ARGON2ID13)
      != 0)
    throw std::runtime_error("password hashing ran out of memory");
  return out;
}

bool verify_password(std::string_view password, std::string_view hash) {
  ensure_sodium();
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES)
    return false;
  std::string terminated{hash};  // crypto_pwhash_str_verify wants a C string
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

std::string new_token() {
  ensure_sodium();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  constexpr int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  char out[sodium_base64_ENCODED_LEN(sizeof bytes, variant)];
  sodium_bin2base64(out, sizeof out, bytes, sizeof bytes, variant);
  return out;
}

std::string token_hash(std::string_view token) {
  ensure_sodium();
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest,
                     reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                     nullptr, 0);
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

}  // namespace chat::persistence
