// The Socket.IO server's front: the namespace table, shared by every connection it adopts.
#include "net/socketio/server.hpp"

#include "net/socketio/connection.hpp"

namespace chat::socketio {

server::server(server_options options)
    : options_(options), namespaces_(std::make_shared<namespace_map>()) {}

void server::add_namespace(std::string name, connect_handler on_connect) {
  (*namespaces_)[std::move(name)] = std::move(on_connect);
}

void server::on_engine_connection(engineio::socket_ptr engine) {
  auto conn = std::make_shared<detail::connection>(std::move(engine), namespaces_, options_);
  conn->start();
}

}  // namespace chat::socketio
