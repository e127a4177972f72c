// Messages of the Socket.IO error category (for logs and test failure output).
#include "net/socketio/error.hpp"

#include <string>

namespace chat::socketio {
namespace {

class category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "socketio"; }

  std::string message(int ev) const override {
    switch (static_cast<errc>(ev)) {
      case errc::empty_packet: return "empty packet";
      case errc::unknown_type: return "unknown packet type";
      case errc::bad_attachments: return "illegal attachments";
      case errc::bad_ack_id: return "ack id out of range";
      case errc::invalid_json: return "invalid JSON payload";
      case errc::too_deep: return "payload nested too deep";
      case errc::invalid_payload: return "invalid payload";
      case errc::reserved_event: return "reserved event name";
      case errc::bad_placeholder: return "illegal attachment placeholder";
      case errc::unexpected_binary: return "unexpected binary message";
      case errc::missing_attachments: return "text packet while attachments are missing";
      case errc::not_joined: return "packet for a namespace not joined";
      case errc::already_joined: return "namespace already joined";
      case errc::client_connect_error: return "CONNECT_ERROR from the client";
      case errc::attachments_too_large: return "attachments too large";
    }
    return "unknown socketio error";
  }
};

}  // namespace

const std::error_category& socketio_category() noexcept {
  static const category instance;
  return instance;
}

}  // namespace chat::socketio
