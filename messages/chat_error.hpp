// The error vocabulary of the wire contract (docs/protocol.md), shared by every layer.
// Thrown as chat_error where it arises (validation, repositories), carried between
// actors as caf::error, and mapped to `{error: {code, message}}` + HTTP status in one place.
#pragma once

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace chat {

enum class chat_errc : std::uint8_t {
  bad_request = 1,
  unauthorized,
  forbidden,
  not_found,
  conflict,
  payload_too_large,
  rate_limited,
  internal,
  overloaded,  ///< the server sheds load: nothing was done, retry later
};

/// What a refusal for the server's load (overloaded) says, wherever it is made.
inline constexpr std::string_view server_busy_message = "the server is busy: retry shortly";

/// The contract's code string, e.g. "bad_request".
std::string_view code_string(chat_errc code) noexcept;

/// The HTTP status that goes with a code (400, 401, 403, 404, 409, 413, 429, 500, 503).
int http_status(chat_errc code) noexcept;

/// An error with a code from the contract and a human-readable message.
class chat_error : public std::runtime_error {
 public:
  chat_error(chat_errc code, const std::string& message)
    : std::runtime_error(message), code_(code) {}

  chat_errc code() const noexcept { return code_; }

 private:
  chat_errc code_;
};

/// A refusal that says when to come back (rate_limited, overloaded): REST answers carry it as
/// `Retry-After`.
class retry_later : public chat_error {
 public:
  retry_later(chat_errc code, const std::string& message, std::chrono::seconds after)
    : chat_error(code, message), after_(after) {}

  std::chrono::seconds after() const noexcept { return after_; }

 private:
  std::chrono::seconds after_;
};

}  // namespace chat
