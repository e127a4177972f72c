// The one place where a Socket.IO socket meets CAF. Inbound: socket events become messages to
// the connection's session actor (anon_send, from the connection's strand). Outbound: the
// session reaches its client only through client_link, i.e. the socket's thread-safe methods.
#pragma once

#include <string_view>

#include "actors/chat/event_admission.hpp"
#include "messages/chat_api.hpp"
#include "net/socketio/socket.hpp"

namespace chat {

/// Encodes `[event, payload]` for namespace "/" once, to be shared by many sessions.
frame_ptr make_frame(std::string_view event, json payload);
/// The same for an event array already built, `[event, ...args]` (kept for Redis).
frame_ptr make_frame(const json& array);
/// make_frame("message:new", {message}) for a message already encoded (message_json_text).
frame_ptr message_new_frame(const std::string& message_text);

/// Handlers for connect_request::accept: every event admitted by `admission` (may be null: all
/// are) becomes (sio_event, name, args, ack) and the disconnect (sio_close), both sent to
/// `session`.
socketio::socket::handlers bridge_handlers(session_actor session,
                                           std::shared_ptr<event_admission> admission);

/// What a session may do to its client; every call is thread-safe and never blocks.
class client_link {
 public:
  client_link() = default;
  explicit client_link(socketio::socket_ptr socket) : socket_(std::move(socket)) {}

  explicit operator bool() const noexcept { return socket_ != nullptr; }

  /// Emits `event` with one argument, `payload`.
  void emit(std::string_view event, json payload);
  /// Sends a frame encoded once for many sockets.
  void send(const frame_ptr& frame);
  /// Server-side disconnect of this namespace socket.
  void disconnect();
  /// The socket id (sid), for logs.
  std::string id() const;

 private:
  socketio::socket_ptr socket_;
};

/// Answers an ack exactly once with one argument (no-op when the client asked for none).
void answer(const ack_fn& ack, json reply);
/// The same for {ok: true, message} with the message already encoded (message_json_text).
void answer_message(const ack_fn& ack, const std::string& message_text);

}  // namespace chat
