// A Socket.IO socket and connect request without a network: records what the server sends
// (emits and shared frames, decoded for assertions) and lets a test play the client. The
// test coordinator runs every actor on the test's thread, so nothing here waits or locks:
// run the scheduler, then look.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "net/socketio/socket.hpp"

namespace chat::test {

using socketio::json;

/// One event the client received.
struct received {
  std::string event;
  json payload;
  std::shared_ptr<const std::string> frame;  ///< set when it came as a shared frame
};

class fake_socket : public socketio::socket {
 public:
  fake_socket(socketio::socket::handlers h, std::string id)
    : handlers_(std::move(h)), id_(std::move(id)) {}

  const std::string& id() const override { return id_; }
  const std::string& nsp() const override { return nsp_; }

  void emit(std::string_view event, json args) override {
    log_.push_back({std::string{event}, args.empty() ? json() : args[0], nullptr});
  }

  void send_encoded(std::shared_ptr<const std::string> packet) override {
    // "2[\"name\",{...}]" for namespace "/".
    auto array = json::parse(packet->substr(packet->find('[')));
    log_.push_back({array[0].get<std::string>(), array.size() > 1 ? array[1] : json(), packet});
  }

  void disconnect() override {
    if (disconnected_)
      return;
    disconnected_ = true;
    server_disconnected_ = true;
    handlers_.on_disconnect("server namespace disconnect");
  }

  void close_connection() override { disconnect(); }

  /// The client goes away (transport close).
  void client_disconnect() {
    if (disconnected_)
      return;
    disconnected_ = true;
    handlers_.on_disconnect("transport close");
  }

  /// Sends an event from the client; `ack` may be empty.
  void client_emit(const std::string& event, json payload, socketio::ack_fn ack) {
    json args = json::array();
    args.push_back(std::move(payload));
    handlers_.on_event(event, std::move(args), std::move(ack));
  }

  /// Whether the server disconnected this socket.
  bool server_disconnected() const { return server_disconnected_; }

  /// Everything received so far, in order.
  const std::vector<received>& all() const { return log_; }

  /// Everything named `event` received so far, in order.
  std::vector<received> all(const std::string& event) const {
    std::vector<received> out;
    for (const auto& r : log_)
      if (r.event == event)
        out.push_back(r);
    return out;
  }

 private:
  socketio::socket::handlers handlers_;
  std::string id_;
  std::string nsp_ = "/";
  std::vector<received> log_;
  bool disconnected_ = false;
  bool server_disconnected_ = false;
};

/// A CONNECT to "/" with an auth payload; remembers the server's decision.
class fake_connect_request : public socketio::connect_request {
 public:
  explicit fake_connect_request(json auth) : auth_(std::move(auth)) {}

  const std::string& nsp() const override { return nsp_; }
  const json& auth() const override { return auth_; }

  socketio::socket_ptr accept(socketio::socket::handlers h) override {
    socket_ = std::make_shared<fake_socket>(std::move(h), "sid" + std::to_string(++counter_));
    return socket_;
  }

  void reject(json data) override { rejection_ = std::move(data); }

  /// The accepted socket; null while undecided or when rejected.
  const std::shared_ptr<fake_socket>& socket() const { return socket_; }

  /// What the server rejected the connection with, if it did.
  const std::optional<json>& rejection() const { return rejection_; }

 private:
  static inline int counter_ = 0;

  std::string nsp_ = "/";
  json auth_;
  std::shared_ptr<fake_socket> socket_;
  std::optional<json> rejection_;
};

}  // namespace chat::test
