// The Socket.IO side of the conformance echo server (conformance spec §4): namespaces "/" and
// "/custom" accept everyone and send back `auth`; "/" echoes `message` and acks `message-with-ack`.
#include "net/conformance/socketio_echo_app.hpp"

#include <chrono>
#include <memory>

#include "net/engineio/server.hpp"
#include "net/socketio/server.hpp"

namespace chat::conformance {
namespace {

using socketio::json;

/// Filled right after accept, before any event can arrive (events run on the same strand).
using socket_slot = std::shared_ptr<std::weak_ptr<socketio::socket>>;

socketio::socket::handlers echo_handlers(const socket_slot& slot) {
  return {[slot](std::string event, json args, socketio::ack_fn ack) {
            if (event == "message") {
              if (auto s = slot->lock()) s->emit("message-back", std::move(args));
            } else if (event == "message-with-ack") {
              if (ack) ack(std::move(args));
            }
          },
          {}};
}

void accept_and_send_auth(const socketio::connect_request_ptr& request, bool echo) {
  auto slot = std::make_shared<std::weak_ptr<socketio::socket>>();
  auto s = request->accept(echo ? echo_handlers(slot) : socketio::socket::handlers{});
  if (!s) return;
  *slot = s;
  // Posted after the accept: the CONNECT answer goes out first, then auth (spec §4.2).
  s->emit("auth", json::array({request->auth()}));
}

}  // namespace

void attach_socketio_echo(engineio::server& server) {
  auto sio = std::make_shared<socketio::server>(socketio::server_options{std::chrono::milliseconds(1000)});
  sio->add_namespace("/", [](socketio::connect_request_ptr r) { accept_and_send_auth(r, true); });
  sio->add_namespace("/custom", [](socketio::connect_request_ptr r) { accept_and_send_auth(r, false); });
  server.set_on_connection([sio](engineio::socket_ptr session) { sio->on_engine_connection(std::move(session)); });
}

}  // namespace chat::conformance
