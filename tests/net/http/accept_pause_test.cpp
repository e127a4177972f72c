// Out of file descriptors, the listener pauses 100 ms at a time instead of retrying accept(2)
// at once (which spins a thread at 100%: the connection stays queued, the socket readable),
// and serves the waiting connection once descriptors are free again.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "net/http/server.hpp"

namespace net = boost::asio;
namespace bhttp = boost::beast::http;

namespace {

struct hello : chat::http::handler {
  void handle(chat::http::request, chat::http::responder reply) override {
    chat::http::response res{bhttp::status::ok, 11};
    res.body() = "hello";
    reply.send(std::move(res));
  }
};

/// Lowers the soft limit of open files for the test's lifetime, then takes every descriptor
/// left, so the server's next accept fails with EMFILE.
struct descriptor_drought {
  rlimit saved{};
  std::vector<int> fillers;

  descriptor_drought() {
    REQUIRE(getrlimit(RLIMIT_NOFILE, &saved) == 0);
    rlimit low = saved;
    low.rlim_cur = std::min<rlim_t>(saved.rlim_cur, 512);
    REQUIRE(setrlimit(RLIMIT_NOFILE, &low) == 0);
    for (int fd; (fd = open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0;) fillers.push_back(fd);
    REQUIRE(errno == EMFILE);
  }
  void end() {
    for (int fd : fillers) close(fd);
    fillers.clear();
    setrlimit(RLIMIT_NOFILE, &saved);
  }
  ~descriptor_drought() { end(); }
};

}  // namespace

TEST_CASE("out of descriptors, accepting pauses instead of spinning, then serves the waiting client") {
  net::io_context ioc;
  chat::http::server srv(ioc, {});
  srv.mount("/", std::make_shared<hello>());
  const auto port = srv.listen("127.0.0.1", 0);
  std::thread io([&] { ioc.run(); });

  net::io_context client_ioc;
  net::ip::tcp::socket client(client_ioc);
  client.open(net::ip::tcp::v4());  // its descriptor exists before the drought
  {
    descriptor_drought drought;
    const auto start = std::chrono::steady_clock::now();
    client.connect({net::ip::make_address("127.0.0.1"), port});  // queued: accept(2) gets EMFILE
    while (srv.accept_pauses() < 3) std::this_thread::yield();
    // A retry at once would have failed thousands of times by now; pauses of 100 ms, twice.
    CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(200));
    CHECK(srv.accept_pauses() < 10);
    drought.end();
  }
  bhttp::request<bhttp::string_body> req{bhttp::verb::get, "/", 11};
  req.set(bhttp::field::host, "localhost");
  bhttp::write(client, req);
  boost::beast::flat_buffer buf;
  bhttp::response<bhttp::string_body> res;
  bhttp::read(client, buf, res);
  CHECK(res.body() == "hello");

  srv.stop();
  ioc.stop();
  io.join();
}
