// Passwords and bearer tokens (libsodium): argon2id password hashes, 256-bit random tokens,
// and the hash under which a token is stored (the database never sees a token itself).
#pragma once

#include <string>
#include <string_view>

#include <sodium.h>

namespace chat::persistence {

/// argon2id cost. INTERACTIVE by default; tests may lower it (MIN) to run fast.
struct password_cost {
  unsigned long long ops_limit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  std::size_t mem_limit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
};

/// The cheapest cost libsodium allows (tests only).
password_cost minimal_password_cost() noexcept;

/// An argon2id hash string (crypto_pwhash_str format, self-describing). Blocking: call it only
/// on a detached actor. Throws std::runtime_error when out of memory.
std::string hash_password(std::string_view password, password_cost cost = {});

/// True when `password` matches `hash`; false for a wrong password or an empty/invalid hash.
bool verify_password(std::string_view password, std::string_view hash);

/// A new bearer token: 32 random bytes (256 bits) as URL-safe base64 without padding.
std::string new_token();

/// The lowercase hex of BLAKE2b-256(token): the form a token is stored and looked up in.
std::string token_hash(std::string_view token);

}  // namespace chat::persistence
