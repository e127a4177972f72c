// Unguessable identifiers: the Engine.IO session id is the only credential of a polling
// session and of an upgrade, so it comes from the system CSPRNG, never from a seeded PRNG
// whose state can be recovered from the ids it printed.
#pragma once

#include <cstddef>
#include <string>

namespace chat::engineio {

/// 120 random bits: 20 characters of base64url (A-Z a-z 0-9 - _), safe in URLs unescaped.
inline constexpr std::size_t random_id_bytes = 15;

/// A fresh id of `random_id_bytes` bytes from libsodium's randombytes_buf (getrandom(2) on
/// Linux: no user-space state, so a forked process never repeats its parent's ids),
/// base64url-encoded without padding. Thread-safe.
std::string random_id();

}  // namespace chat::engineio
