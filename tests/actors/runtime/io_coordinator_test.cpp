// The io_coordinator runs actors on the thread that runs the io_context while attached, and on
// a thread of its own before and after; a burst sent from another thread is served whole, and
// the actor system shuts down after the io_context stopped.
#include <doctest/doctest.h>

#include <atomic>
#include <sstream>
#include <string>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <caf/all.hpp>

#include "actors/runtime/io_coordinator.hpp"

namespace {

std::string thread_name(std::thread::id id) {
  std::ostringstream out;
  out << id;
  return out.str();
}

/// Answers `get` with the thread it runs on; counts `ok` messages.
caf::behavior where(caf::event_based_actor*, std::shared_ptr<std::atomic<int>> count) {
  return {
    [](caf::get_atom) { return thread_name(std::this_thread::get_id()); },
    [count](caf::ok_atom) { ++*count; },
  };
}

std::string ask(caf::actor_system& sys, const caf::actor& a) {
  caf::scoped_actor self{sys};
  std::string out;
  self->request(a, std::chrono::seconds(10), caf::get_atom_v)
    .receive([&](std::string& s) { out = s; },
             [&](caf::error& err) { FAIL("no answer: " << caf::to_string(err)); });
  return out;
}

}  // namespace

TEST_SUITE("io_coordinator") {

TEST_CASE("actors run on the I/O thread while attached, on the coordinator's thread before and after") {
  caf::actor_system_config cfg;
  chat::io_coordinator::install(cfg);
  boost::asio::io_context ioc{1};
  caf::actor_system sys{cfg};
  REQUIRE(chat::io_coordinator::of(sys) != nullptr);
  auto count = std::make_shared<std::atomic<int>>(0);
  auto a = sys.spawn(where, count);
  const auto main_thread = thread_name(std::this_thread::get_id());

  const auto before = ask(sys, a);
  CHECK(before != main_thread);

  std::string io_thread;
  {
    chat::io_attachment attached{sys, ioc};
    auto work = boost::asio::make_work_guard(ioc);
    std::thread io{[&] { ioc.run(); }};
    io_thread = thread_name(io.get_id());
    CHECK(ask(sys, a) == io_thread);

    // A burst from another thread: every message is served, on the I/O thread.
    for (int i = 0; i < 5000; ++i)
      caf::anon_send(a, caf::ok_atom_v);
    CHECK(ask(sys, a) == io_thread);  // behind the burst in the mailbox
    CHECK(count->load() == 5000);

    work.reset();
    ioc.stop();
    io.join();
  }

  // Detached (the I/O thread is gone): the coordinator's own thread serves again.
  const auto after = ask(sys, a);
  CHECK(after != io_thread);
  CHECK(after != main_thread);
  CHECK(after == before);
  caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
}

}  // TEST_SUITE
