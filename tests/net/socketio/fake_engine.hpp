// An in-memory Engine.IO session for tests: the test plays the client (text, binary, close)
// and reads what the Socket.IO layer sent. Handlers run on a strand of the test's io_context.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include "net/engineio/socket.hpp"

namespace chat::test {

class fake_engine final : public engineio::socket, public std::enable_shared_from_this<fake_engine> {
 public:
  explicit fake_engine(boost::asio::io_context& ioc) : strand_(boost::asio::make_strand(ioc)) {}

  const std::string& id() const override { return id_; }
  boost::asio::any_io_executor executor() const override { return strand_; }
  void set_handlers(handlers h) override { handlers_ = std::move(h); }

  void send_text(text_ptr payload) override {
    std::lock_guard lock{mutex_};
    sent_.push_back(*payload);
  }
  void send_binary(bytes_ptr payload) override {
    std::string hex = "bin:";
    for (auto b : *payload) hex += "0123456789abcdef"[b >> 4], hex += "0123456789abcdef"[b & 15];
    std::lock_guard lock{mutex_};
    sent_.push_back(hex);
  }
  void admit() override { admitted_ = true; }
  bool admitted() const { return admitted_; }

  /// Like the real session: the close is reported once, later, on the strand.
  void close() override {
    boost::asio::post(strand_, [self = shared_from_this()] { self->end("forced close"); });
  }

  // -- the client's side (each posted onto the strand, as the transports do) --
  void client_text(std::string text) {
    boost::asio::post(strand_, [self = shared_from_this(), text = std::move(text)] {
      if (!self->closed_) self->handlers_.on_text(text);
    });
  }
  void client_binary(std::vector<std::uint8_t> bytes) {
    boost::asio::post(strand_, [self = shared_from_this(), bytes = std::move(bytes)] {
      if (!self->closed_) self->handlers_.on_binary(bytes);
    });
  }
  void transport_close(std::string reason) {
    boost::asio::post(strand_, [self = shared_from_this(), reason] { self->end(reason); });
  }

  /// Everything sent so far (binary messages as "bin:<hex>"), and forgets it.
  std::vector<std::string> take() {
    std::lock_guard lock{mutex_};
    return std::exchange(sent_, {});
  }
  bool closed() const { return closed_; }

 private:
  void end(const std::string& reason) {
    if (closed_) return;
    closed_ = true;
    auto h = std::move(handlers_);  // the real session drops its handlers after on_close
    handlers_ = {};
    if (h.on_close) h.on_close(reason);
  }

  std::string id_ = "fake-sid";
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  handlers handlers_;
  std::mutex mutex_;
  std::vector<std::string> sent_;
  bool closed_ = false;  // strand only
  std::atomic<bool> admitted_ = false;
};

}  // namespace chat::test
