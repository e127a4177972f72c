// REST answers. JSON is dumped with invalid UTF-8 replaced (never throws on output); every
// answer says Cache-Control: no-store because bodies carry tokens and private data.
#include "actors/rest/reply.hpp"

#include <string>

#include "messages/caf_error.hpp"
#include "common/log.hpp"

namespace chat::rest {

namespace beast_http = boost::beast::http;

http::response json_response(unsigned status, const json& body, unsigned version) {
  http::response res{static_cast<beast_http::status>(status), version};
  res.set(beast_http::field::content_type, "application/json; charset=utf-8");
  res.set(beast_http::field::cache_control, "no-store");
  res.body() = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return res;
}

void exchange::send(http::response res) const {
  reply_.send(std::move(res));
}

void exchange::json_body(unsigned status, const json& body) const {
  send(json_response(status, body, version_));
}

void exchange::no_content() const {
  http::response res{beast_http::status::no_content, version_};
  res.set(beast_http::field::cache_control, "no-store");
  send(std::move(res));
}

void exchange::fail(chat_errc code, std::string_view message) const {
  json_body(static_cast<unsigned>(http_status(code)), error_body(code, message));
}

void exchange::fail(const caf::error& err) const {
  auto code = errc_of(err);
  if (code == chat_errc::internal) {
    log::error("rest: " + message_of(err));
    fail(code, "internal error");
    return;
  }
  fail(code, message_of(err));
}

void exchange::fail(const std::exception& e) const {
  if (auto* later = dynamic_cast<const retry_later*>(&e)) {
    auto res = json_response(static_cast<unsigned>(http_status(later->code())),
                             error_body(later->code(), later->what()), version_);
    res.set(beast_http::field::retry_after, std::to_string(later->after().count()));
    send(std::move(res));
    return;
  }
  if (auto* ce = dynamic_cast<const chat_error*>(&e); ce && ce->code() != chat_errc::internal) {
    fail(ce->code(), ce->what());
    return;
  }
  log::error(std::string{"rest: "} + e.what());
  fail(chat_errc::internal, "internal error");
}

}  // namespace chat::rest
