// Building REST answers: JSON bodies, the contract's error shape, 204s. One place maps
// chat_errc (and foreign caf::errors) to a status, and never lets internal details out.
#pragma once

#include <string_view>

#include <caf/error.hpp>

#include "messages/chat_error.hpp"
#include "messages/wire_json.hpp"
#include "net/http/handler.hpp"

namespace chat::rest {

/// The answer path of one REST request: its HTTP version and the thread-safe responder.
class exchange {
 public:
  exchange(unsigned version, http::responder reply) : version_(version), reply_(std::move(reply)) {}

  /// `status` with `body` as application/json.
  void json_body(unsigned status, const json& body) const;
  /// 204 No Content.
  void no_content() const;
  /// {error:{code,message}} with the code's status.
  void fail(chat_errc code, std::string_view message) const;
  /// A caf::error from an actor: chat errors keep code and message; anything else is logged
  /// and answered 500 internal with a generic message.
  void fail(const caf::error& err) const;
  /// The same for an exception caught in the REST actors.
  void fail(const std::exception& e) const;

  /// Any prepared response.
  void send(http::response res) const;

  /// True while the client waits for the answer (not answered yet, still connected).
  bool waiting() const { return reply_.pending(); }

  unsigned version() const noexcept { return version_; }

  /// The address the request came from (unspecified when unknown).
  boost::asio::ip::address peer() const { return reply_.peer(); }

 private:

  unsigned version_;
  http::responder reply_;
};

/// A JSON response outside an exchange (for the I/O-thread routes: /healthz).
http::response json_response(unsigned status, const json& body, unsigned version);

}  // namespace chat::rest
