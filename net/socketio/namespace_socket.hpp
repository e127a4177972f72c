// The application's handle on one joined namespace (socketio::socket) and on one pending
// CONNECT (socketio::connect_request). Their thread-safe calls post onto the session strand.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "net/socketio/connection.hpp"
#include "net/socketio/socket.hpp"

namespace chat::socketio::detail {

class namespace_socket final : public socket, public std::enable_shared_from_this<namespace_socket> {
 public:
  namespace_socket(std::shared_ptr<connection> conn, std::string nsp, handlers h);

  const std::string& id() const override { return id_; }
  const std::string& nsp() const override { return nsp_; }
  void emit(std::string_view event, json args) override;
  void send_encoded(std::shared_ptr<const std::string> packet) override;
  void disconnect() override;
  void close_connection() override;

  // -- strand only --
  bool connected() const { return connected_; }
  void mark_connected() { connected_ = true; }
  /// Hands an EVENT payload [name, args...] to on_event, with an ack when `ack_id` is set.
  void deliver_event(json data, std::optional<std::uint64_t> ack_id);
  /// on_disconnect(reason), once; drops the handlers (they may hold this socket).
  void notify_disconnect(std::string_view reason);

 private:
  void post_packet(encoded_packet p);

  std::shared_ptr<connection> conn_;
  std::string id_;
  std::string nsp_;
  handlers handlers_;
  bool connected_ = false;  // strand only
  bool finished_ = false;   // strand only: on_disconnect was called
};

class pending_connect final : public connect_request {
 public:
  pending_connect(std::shared_ptr<connection> conn, std::string nsp, json auth, std::uint64_t token);

  const std::string& nsp() const override { return nsp_; }
  const json& auth() const override { return auth_; }
  /// Returns nullptr when a decision was already made.
  socket_ptr accept(socket::handlers h) override;
  void reject(json data) override;

 private:
  std::shared_ptr<connection> conn_;
  std::string nsp_;
  json auth_;
  std::uint64_t token_;
  std::atomic<bool> decided_{false};
};

}  // namespace chat::socketio::detail
