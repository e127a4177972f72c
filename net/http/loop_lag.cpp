// One timer, re-armed from its own handler: the measurement costs one handler per interval.
#include "net/http/loop_lag.hpp"

namespace chat::http {

loop_lag::loop_lag(boost::asio::io_context& ioc, std::chrono::milliseconds interval,
                   report_fn report)
  : timer_(ioc), interval_(interval), report_(std::move(report)) {}

void loop_lag::start() {
  stopped_ = false;
  arm();
}

void loop_lag::stop() {
  stopped_ = true;
  timer_.cancel();
}

void loop_lag::arm() {
  timer_.expires_after(interval_);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_)
      return;
    auto late = std::chrono::steady_clock::now() - timer_.expiry();
    report_(std::chrono::duration_cast<std::chrono::microseconds>(std::max(late, decltype(late){})));
    arm();
  });
}

}  // namespace chat::http
