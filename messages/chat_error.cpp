// Code strings and HTTP statuses of the contract's errors.
#include "messages/chat_error.hpp"

namespace chat {

std::string_view code_string(chat_errc code) noexcept {
  switch (code) {
    case chat_errc::bad_request: return "bad_request";
    case chat_errc::unauthorized: return "unauthorized";
    case chat_errc::forbidden: return "forbidden";
    case chat_errc::not_found: return "not_found";
    case chat_errc::conflict: return "conflict";
    case chat_errc::payload_too_large: return "payload_too_large";
    case chat_errc::rate_limited: return "rate_limited";
    case chat_errc::overloaded: return "overloaded";
    case chat_errc::internal: break;
  }
  return "internal";
}

int http_status(chat_errc code) noexcept {
  switch (code) {
    case chat_errc::bad_request: return 400;
    case chat_errc::unauthorized: return 401;
    case chat_errc::forbidden: return 403;
    case chat_errc::not_found: return 404;
    case chat_errc::conflict: return 409;
    case chat_errc::payload_too_large: return 413;
    case chat_errc::rate_limited: return 429;
    case chat_errc::overloaded: return 503;
    case chat_errc::internal: break;
  }
  return 500;
}

}  // namespace chat
