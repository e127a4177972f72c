// Credentials: argon2id hashes verify only the right password; tokens are 256-bit, unique,
// URL-safe, and stored as a stable hex hash.
#include <doctest/doctest.h>

#include <set>

#include "persistence/credentials.hpp"

using namespace chat::persistence;

TEST_SUITE("credentials") {

TEST_CASE("a password hash verifies the password and nothing else") {
  auto hash = hash_password("correct horse", minimal_password_cost());
  CHECK(hash.rfind("$argon2id$", 0) == 0);
  CHECK(verify_password("correct horse", hash));
  CHECK_FALSE(verify_password("battery staple", hash));
  CHECK_FALSE(verify_password("", hash));
}

TEST_CASE("the same password hashes differently each time (salted)") {
  auto cost = minimal_password_cost();
  CHECK(hash_password("pw", cost) != hash_password("pw", cost));
}

TEST_CASE("a pseudo-auth user (no hash) or a garbled hash never verifies") {
  CHECK_FALSE(verify_password("anything", ""));
  CHECK_FALSE(verify_password("anything", "not-a-hash"));
}

TEST_CASE("tokens carry 256 bits, URL-safe, and are unique") {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    auto token = new_token();
    CHECK(token.size() == 43);  // 32 bytes in unpadded base64
    constexpr auto url_safe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    CHECK(token.find_first_not_of(url_safe) == std::string::npos);
    seen.insert(token);
  }
  CHECK(seen.size() == 100);
}

TEST_CASE("a token's hash is 64 hex digits, stable, and differs between tokens") {
  auto a = new_token();
  CHECK(token_hash(a).size() == 64);
  CHECK(token_hash(a) == token_hash(a));
  CHECK(token_hash(a) != token_hash(new_token()));
  CHECK(token_hash(a) != a);
}

}
