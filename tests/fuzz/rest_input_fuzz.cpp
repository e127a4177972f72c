// REST input (actors/rest/input.cpp): request targets, bodies, usernames, passwords and
// bearer tokens from any bytes. Each reader returns a value within its rules or throws
// chat_error; anything else (a crash, another exception, a value breaking the rules) is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "actors/rest/input.hpp"
#include "common/utf8.hpp"

using namespace chat;

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

template <class F>
void attempt(F&& f) {
  try {
    f();
  } catch (const chat_error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  attempt([&] {
    const auto t = rest::parse_target(text);
    require(t.path.size() <= size);
    attempt([&] {
      const int limit = rest::parse_limit(t);
      require(limit >= 1 && limit <= rest::max_limit);
    });
    attempt([&] {
      const auto before = rest::parse_positive(t, "before");
      require(!before || *before >= 1);
    });
  });
  if (const auto n = rest::to_positive(text)) require(*n >= 1);
  attempt([&] {
    const auto body = rest::parse_object(text);
    require(body.is_object());
    attempt([&] {
      const auto name = rest::string_field(body, "username");
      rest::check_username(name);
      const auto n = utf8_length(name);
      require(n >= 1 && n <= rest::max_username_chars && name.front() != ' ' && name.back() != ' ');
    });
    attempt([&] {
      const auto pw = rest::string_field(body, "password");
      rest::check_password(pw);
      require(utf8_length(pw) != std::string::npos);
    });
  });
  attempt([&] {
    const auto token = rest::bearer_token(text);
    require(!token.empty() && token.size() <= 512 && token.find(' ') == std::string::npos);
  });
  return 0;
}
