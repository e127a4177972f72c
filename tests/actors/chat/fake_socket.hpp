// A Socket.IO socket and connect request without a network: records what the server sends
// (emits and shared frames, decoded for assertions) and lets a test play the client.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
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
  explicit fake_socket(socketio::socket::handlers h, std::string id)
    : handlers_(std::move(h)), id_(std::move(id)) {}

  const std::string& id() const override { return id_; }
  const std::string& nsp() const override { return nsp_; }

  void emit(std::string_view event, json args) override {
    record({std::string{event}, args.empty() ? json() : args[0], nullptr});
  }

  void send_encoded(std::shared_ptr<const std::string> packet) override {
    // "2[\"name\",{...}]" for namespace "/".
    auto array = json::parse(packet->substr(packet->find('[')));
    record({array[0].get<std::string>(), array.size() > 1 ? array[1] : json(), packet});
  }

  void disconnect() override {
    {
      std::lock_guard<std::mutex> guard{mtx_};
      if (disconnected_)
        return;
      disconnected_ = true;
      server_disconnected_ = true;
    }
    cv_.notify_all();
    handlers_.on_disconnect("server namespace disconnect");
  }

  void close_connection() override { disconnect(); }

  /// The client goes away (transport close).
  void client_disconnect() {
    {
      std::lock_guard<std::mutex> guard{mtx_};
      if (disconnected_)
        return;
      disconnected_ = true;
    }
    handlers_.on_disconnect("transport close");
  }

  /// Sends an event from the client; `ack` may be empty.
  void client_emit(const std::string& event, json payload, socketio::ack_fn ack) {
    json args = json::array();
    args.push_back(std::move(payload));
    handlers_.on_event(event, std::move(args), std::move(ack));
  }

  /// Waits until the `n`-th (1-based) event named `event` arrived; returns it.
  std::optional<received> wait_for(const std::string& event, std::size_t n = 1,
                                   std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    std::unique_lock<std::mutex> lock{mtx_};
    std::optional<received> out;
    cv_.wait_for(lock, timeout, [&] {
      std::size_t seen = 0;
      for (auto& r : log_)
        if (r.event == event && ++seen == n) {
          out = r;
          return true;
        }
      return false;
    });
    return out;
  }

  /// Waits until some received event satisfies `pred`; returns it.
  template <class Pred>
  std::optional<received> wait_until(Pred pred,
                                     std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    std::unique_lock<std::mutex> lock{mtx_};
    std::optional<received> out;
    cv_.wait_for(lock, timeout, [&] {
      for (auto& r : log_)
        if (pred(r)) {
          out = r;
          return true;
        }
      return false;
    });
    return out;
  }

  /// Waits until the server disconnected this socket.
  bool wait_server_disconnect(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    std::unique_lock<std::mutex> lock{mtx_};
    return cv_.wait_for(lock, timeout, [&] { return server_disconnected_; });
  }

  /// Everything received so far, in order.
  std::vector<received> all() {
    std::lock_guard<std::mutex> guard{mtx_};
    return log_;
  }

  /// Everything named `event` received so far.
  std::vector<received> all(const std::string& event) {
    std::lock_guard<std::mutex> guard{mtx_};
    std::vector<received> out;
    for (auto& r : log_)
      if (r.event == event)
        out.push_back(r);
    return out;
  }

 private:
  void record(received r) {
    {
      std::lock_guard<std::mutex> guard{mtx_};
      log_.push_back(std::move(r));
    }
    cv_.notify_all();
  }

  socketio::socket::handlers handlers_;
  std::string id_;
  std::string nsp_ = "/";
  std::mutex mtx_;
  std::condition_variable cv_;
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
    auto s = std::make_shared<fake_socket>(std::move(h), "sid" + std::to_string(++counter()));
    {
      std::lock_guard<std::mutex> guard{mtx_};
      socket_ = s;
    }
    cv_.notify_all();
    return s;
  }

  void reject(json data) override {
    {
      std::lock_guard<std::mutex> guard{mtx_};
      rejection_ = std::move(data);
    }
    cv_.notify_all();
  }

  /// Waits for accept or reject: the socket, or nullptr when rejected (see rejection()).
  std::shared_ptr<fake_socket> wait(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    std::unique_lock<std::mutex> lock{mtx_};
    cv_.wait_for(lock, timeout, [&] { return socket_ || rejection_; });
    return socket_;
  }

  std::optional<json> rejection() {
    std::lock_guard<std::mutex> guard{mtx_};
    return rejection_;
  }

 private:
  static std::atomic<int>& counter() {
    static std::atomic<int> n{0};
    return n;
  }

  std::string nsp_ = "/";
  json auth_;
  std::mutex mtx_;
  std::condition_variable cv_;
  std::shared_ptr<fake_socket> socket_;
  std::optional<json> rejection_;
};

}  // namespace chat::test
