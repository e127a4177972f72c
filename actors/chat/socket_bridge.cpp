// Socket events -> session actor messages; session -> client through the socket's
// thread-safe methods (they post onto the connection's strand).
#include "actors/chat/socket_bridge.hpp"

#include <type_traits>

#include <caf/send.hpp>

#include "messages/type_ids.hpp"
#include "net/socketio/packet.hpp"

namespace chat {

// The session's ack type is the socket's: an ack travels to the session without a wrapper.
static_assert(std::is_same_v<ack_fn, socketio::ack_fn>);

frame_ptr make_frame(std::string_view event, json payload) {
  json array = json::array();
  array.push_back(event);
  array.push_back(std::move(payload));
  return std::make_shared<const std::string>(socketio::encode_event("/", array));
}

frame_ptr make_frame(const json& array) {
  return std::make_shared<const std::string>(socketio::encode_event("/", array));
}

frame_ptr message_new_frame(const std::string& message_text) {
  // What encode_event("/", ["message:new", {"message": …}]) writes.
  constexpr std::string_view head = "2[\"message:new\",{\"message\":";
  std::string out;
  out.reserve(head.size() + message_text.size() + 2);
  out += head;
  out += message_text;
  out += "}]";
  return std::make_shared<const std::string>(std::move(out));
}

socketio::socket::handlers bridge_handlers(session_actor session,
                                           std::shared_ptr<event_admission> admission) {
  socketio::socket::handlers h;
  h.on_event = [session, admission = std::move(admission),
                mine = std::make_shared<std::atomic<std::size_t>>(0)](
                 std::string event, json args, socketio::ack_fn ack) {
    if (admission) {
      auto admitted = admission->admit(mine, std::move(ack));
      if (!admitted)
        return;  // refused and answered here, on the connection's strand
      ack = std::move(*admitted);
    }
    caf::anon_send(session, sio_event_atom_v, std::move(event), std::move(args), std::move(ack));
  };
  h.on_disconnect = [session](std::string_view) { caf::anon_send(session, sio_close_atom_v); };
  return h;
}

void client_link::emit(std::string_view event, json payload) {
  if (socket_) {
    json args = json::array();
    args.push_back(std::move(payload));
    socket_->emit(event, std::move(args));
  }
}

void client_link::send(const frame_ptr& frame) {
  if (socket_ && frame)
    socket_->send_encoded(frame);
}

void client_link::disconnect() {
  if (socket_)
    socket_->disconnect();
}

std::string client_link::id() const {
  return socket_ ? socket_->id() : std::string{};
}

void answer(const ack_fn& ack, json reply) {
  if (ack) {
    json args = json::array();
    args.push_back(std::move(reply));
    ack(std::move(args));
  }
}

void answer_message(const ack_fn& ack, const std::string& message_text) {
  if (!ack)
    return;
  std::string out;
  out.reserve(message_text.size() + 32);
  out += "[{\"ok\":true,\"message\":";
  out += message_text;
  out += "}]";
  ack(socketio::ack_args::encoded(std::move(out)));
}

}  // namespace chat
