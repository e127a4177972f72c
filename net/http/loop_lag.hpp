// How far behind the I/O threads are: a timer that should fire every `interval` reports how late
// it ran, i.e. how long a ready handler (a socket read, a write) waits behind the others. When
// clients send more than the I/O threads can read, the backlog sits in the kernel's socket
// buffers where no count of the server's own work can see it; this lateness does.
#pragma once

#include <chrono>
#include <functional>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

namespace chat::http {

class loop_lag {
 public:
  using report_fn = std::function<void(std::chrono::microseconds lag)>;

  /// Reports each measured lag to `report`, on an I/O thread, from start() on.
  loop_lag(boost::asio::io_context& ioc, std::chrono::milliseconds interval, report_fn report);

  void start();
  /// No report after this returns (call on an I/O thread, or after they stopped).
  void stop();

 private:
  void arm();

  boost::asio::steady_timer timer_;
  std::chrono::milliseconds interval_;
  report_fn report_;
  bool stopped_ = false;
};

}  // namespace chat::http
