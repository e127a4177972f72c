// caf::error <-> chat_errc: chat errors keep their code and message; foreign errors become
// internal with CAF's own rendering as the message (for logs, never shown verbatim to users).
#include "messages/caf_error.hpp"

#include <caf/make_message.hpp>
#include <caf/message.hpp>
#include <caf/to_string.hpp>

#include "common/log.hpp"

namespace chat {

namespace {

bool is_known_code(std::uint8_t code) {
  return code >= static_cast<std::uint8_t>(chat_errc::bad_request)
         && code <= static_cast<std::uint8_t>(chat_errc::overloaded);
}

bool is_chat_error(const caf::error& err) {
  return err && err.category() == chat_error_category && is_known_code(err.code());
}

}  // namespace

caf::error make_caf_error(chat_errc code, std::string message) {
  return caf::error(static_cast<std::uint8_t>(code), chat_error_category,
                    caf::make_message(std::move(message)));
}

caf::error make_caf_error(const chat_error& e) {
  return make_caf_error(e.code(), e.what());
}

chat_errc errc_of(const caf::error& err) {
  if (is_chat_error(err))
    return static_cast<chat_errc>(err.code());
  return chat_errc::internal;
}

caf::error caf_error_of(std::exception_ptr e, const char* where) {
  try {
    std::rethrow_exception(std::move(e));
  } catch (const chat_error& err) {
    return make_caf_error(err);
  } catch (const std::exception& err) {
    log::error(std::string{where} + ": " + err.what());
  } catch (...) {
    log::error(std::string{where} + ": unknown exception");
  }
  return make_caf_error(chat_errc::internal, "internal error");
}

std::string message_of(const caf::error& err) {
  if (is_chat_error(err)) {
    const auto& ctx = err.context();
    if (ctx.match_elements<std::string>())
      return ctx.get_as<std::string>(0);
    return std::string{code_string(static_cast<chat_errc>(err.code()))};
  }
  if (!err)
    return "no error";
  return caf::to_string(err);
}

}  // namespace chat
