// loop_lag: a handler that holds the I/O thread shows as the timer's lateness; an idle loop
// is on time.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>
#include <vector>

#include <boost/asio/post.hpp>

#include "net/http/loop_lag.hpp"

using namespace std::chrono;

TEST_CASE("loop_lag: a handler holding the I/O thread for 150 ms makes the next report ~150 ms late") {
  boost::asio::io_context ioc;
  std::vector<microseconds> reports;
  chat::http::loop_lag lag{ioc, milliseconds{10}, [&](microseconds late) {
                             reports.push_back(late);
                             if (reports.size() == 3) {
                               // The stimulus itself: this handler keeps the thread busy.
                               boost::asio::post(ioc, [] { std::this_thread::sleep_for(milliseconds{150}); });
                             }
                             if (reports.size() == 6)
                               ioc.stop();
                           }};
  lag.start();
  ioc.run();
  REQUIRE(reports.size() == 6);
  microseconds worst{0};
  for (auto r : reports)
    worst = std::max(worst, r);
  CHECK(worst >= milliseconds{130});
  CHECK(reports[0] < milliseconds{100});  // idle: on time, give or take a loaded machine
}

TEST_CASE("loop_lag: stop() ends the reports") {
  boost::asio::io_context ioc;
  int reports = 0;
  chat::http::loop_lag lag{ioc, milliseconds{1}, [&](microseconds) {
                             if (++reports == 2)
                               lag.stop();
                           }};
  lag.start();
  ioc.run();  // returns once nothing is armed any more
  CHECK(reports == 2);
}
