// socketio_echo: the conformance echo server. /engine.io/ echoes every Engine.IO message
// (conformance spec §3); /socket.io/ runs the Socket.IO echo app (§4). Stops on SIGINT/SIGTERM.
#include <charconv>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/signal_set.hpp>

#include "common/log.hpp"
#include "net/engineio/server.hpp"
#include "net/http/server.hpp"
#include "net/conformance/socketio_echo_app.hpp"

namespace {

struct config {
  unsigned short port = 3000;
  std::vector<std::string> bind;  // empty: 127.0.0.1 and ::1
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
};

bool parse_number(std::string_view text, unsigned& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && end == text.data() + text.size();
}

bool parse_args(int argc, char** argv, config& cfg) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (i + 1 >= argc) return false;
    std::string_view value = argv[++i];
    unsigned n = 0;
    if (arg == "--port" && parse_number(value, n) && n <= 65535) cfg.port = static_cast<unsigned short>(n);
    else if (arg == "--bind") cfg.bind.emplace_back(value);
    else if (arg == "--threads" && parse_number(value, n) && n > 0) cfg.threads = n;
    else return false;
  }
  return true;
}

/// The settings every conformance check expects (spec §2.1).
chat::engineio::server_options engine_options() {
  chat::engineio::server_options o;
  o.ping_interval = std::chrono::milliseconds(300);
  o.ping_timeout = std::chrono::milliseconds(200);
  o.max_payload = 1000000;
  o.cors_origins = {"*"};
  return o;
}

/// Raw Engine.IO echo: every message goes back, same content, same kind, same order.
void attach_engineio_echo(chat::engineio::server& server) {
  server.set_on_connection([](chat::engineio::socket_ptr socket) {
    socket->admit();  // a raw echo has no authentication to wait for
    std::weak_ptr<chat::engineio::socket> weak = socket;
    socket->set_handlers({
        [weak](std::string_view text) {
          if (auto s = weak.lock()) s->send_text(std::make_shared<const std::string>(text));
        },
        [weak](std::span<const std::uint8_t> bytes) {
          if (auto s = weak.lock())
            s->send_binary(std::make_shared<const std::vector<std::uint8_t>>(bytes.begin(), bytes.end()));
        },
        {},
    });
  });
}

std::string url_of(const std::string& address, unsigned short port) {
  auto addr = boost::asio::ip::make_address(address);
  return "http://" + (addr.is_v6() ? "[" + address + "]" : address) + ":" + std::to_string(port);
}

}  // namespace

int main(int argc, char** argv) {
  config cfg;
  if (!parse_args(argc, argv, cfg)) {
    std::cerr << "usage: socketio_echo [--port N] [--bind ADDR]... [--threads N]\n";
    return 2;
  }
  boost::asio::io_context ioc(static_cast<int>(cfg.threads));
  chat::http::server http(ioc, {});

  auto engine = std::make_shared<chat::engineio::server>(ioc, engine_options());
  attach_engineio_echo(*engine);
  http.mount("/engine.io/", engine);

  auto sio_engine = std::make_shared<chat::engineio::server>(ioc, engine_options());
  chat::conformance::attach_socketio_echo(*sio_engine);
  http.mount("/socket.io/", sio_engine);

  std::string first_url;
  try {
    if (cfg.bind.empty()) {
      unsigned short port = http.listen("127.0.0.1", cfg.port);
      first_url = url_of("127.0.0.1", port);
      try {
        http.listen("::1", port);
      } catch (const std::exception& e) {
        chat::log::warn(std::string("not listening on ::1: ") + e.what());
      }
    } else {
      unsigned short port = cfg.port;
      for (const auto& address : cfg.bind) {
        port = http.listen(address, port);  // port 0 only picks once: all addresses share it
        if (first_url.empty()) first_url = url_of(address, port);
      }
    }
  } catch (const std::exception& e) {
    chat::log::error(std::string("cannot listen: ") + e.what());
    return 1;
  }
  chat::log::info("listening on " + first_url);

  boost::asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code, int) {
    http.stop();
    ioc.stop();
  });

  std::vector<std::thread> workers;
  for (unsigned i = 1; i < cfg.threads; ++i) workers.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& t : workers) t.join();
  // Sessions still open would stay alive in a session <-> handler cycle: end them.
  engine->end_all();
  sio_engine->end_all();
  return 0;
}
