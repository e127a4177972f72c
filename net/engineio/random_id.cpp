// Unguessable identifiers from libsodium's CSPRNG (see random_id.hpp).
#include "net/engineio/random_id.hpp"

#include <array>
#include <cstdint>
#include <stdexcept>

#include <sodium.h>

namespace chat::engineio {

std::string random_id() {
  static const int init = sodium_init();  // once, thread-safe; 1 means "already initialised"
  if (init < 0) throw std::runtime_error("libsodium failed to initialise");
  std::array<std::uint8_t, random_id_bytes> bytes;
  randombytes_buf(bytes.data(), bytes.size());
  constexpr int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::array<char, sodium_base64_ENCODED_LEN(random_id_bytes, variant)> text;
  sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(), variant);
  return std::string(text.data());
}

}  // namespace chat::engineio
