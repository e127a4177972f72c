// One client joined to one Socket.IO namespace, as the application (the actors' bridge) sees
// it: events and acks in, events out. Never sees HTTP, WebSocket frames or Engine.IO packets.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/ack_args.hpp"

namespace chat::socketio {

/// Payloads keep key order (echo must be byte-exact); binary attachments appear in place as
/// json binary values (json::binary_t), in both directions.
using json = nlohmann::ordered_json;

/// The arguments of an ack: a JSON array, or the same array already encoded.
using ack_args = chat::ack_args;

/// Answers one client ack request, once, from any thread. Empty when the client sent the
/// event without an ack id. `args` is the array of ack arguments.
using ack_fn = std::function<void(ack_args args)>;

class socket {
 public:
  struct handlers {
    /// An EVENT: name, the remaining arguments as a JSON array, and the ack (maybe empty).
    std::function<void(std::string event, json args, ack_fn ack)> on_event;
    /// Once: the client left the namespace, the connection closed, or the server disconnected.
    std::function<void(std::string_view reason)> on_disconnect;
  };

  virtual ~socket() = default;

  virtual const std::string& id() const = 0;         ///< this namespace socket's sid
  virtual const std::string& nsp() const = 0;        ///< e.g. "/"

  /// Sends an EVENT (BINARY_EVENT when `args` holds binary values). Thread-safe.
  virtual void emit(std::string_view event, json args) = 0;

  /// Sends an already encoded Socket.IO packet for this namespace (see encode_event in
  /// packet.hpp): a fan-out frame encoded once and shared by every recipient. Thread-safe.
  virtual void send_encoded(std::shared_ptr<const std::string> packet) = 0;

  /// Server-side disconnect: DISCONNECT to the client, then on_disconnect. Thread-safe.
  virtual void disconnect() = 0;

  /// Closes the whole Engine.IO connection (all namespaces). Thread-safe.
  virtual void close_connection() = 0;
};

using socket_ptr = std::shared_ptr<socket>;

/// A client's CONNECT to a namespace, waiting for the application's decision. Exactly one of
/// accept/reject must be called, from any thread; until then nothing is sent.
class connect_request {
 public:
  virtual ~connect_request() = default;
  virtual const std::string& nsp() const = 0;
  /// The CONNECT payload ({} when none), e.g. {"token": "..."}.
  virtual const json& auth() const = 0;
  /// Joins the namespace: sends CONNECT {sid}; events then go to `h`. Returns the socket.
  virtual socket_ptr accept(socket::handlers h) = 0;
  /// Refuses: sends CONNECT_ERROR with `data`, e.g. {"message":"unauthorized"}.
  virtual void reject(json data) = 0;
};

using connect_request_ptr = std::shared_ptr<connect_request>;

}  // namespace chat::socketio
