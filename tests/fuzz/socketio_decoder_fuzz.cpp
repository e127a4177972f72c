// The Socket.IO decoder with binary reassembly (net/socketio/connection.cpp over packet.cpp):
// the input is a sequence of Engine.IO messages separated by \x1e, "b<bytes>" a binary one,
// anything else a text one, fed to a real connection over an in-memory Engine.IO session
// whose application accepts every CONNECT and answers every ack. Each text is also decoded
// and re-encoded on its own. Nothing may crash, leak or grow past its bounds.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "net/socketio/packet.hpp"
#include "net/socketio/server.hpp"
#include "tests/net/socketio/fake_engine.hpp"

using namespace chat::socketio;

namespace {

void round_trip(std::string_view text) {
  packet p;
  if (decode_packet(text, p)) return;
  if (p.attachments > 0 && check_placeholders(*p.data, p.attachments)) return;
  (void)encode_packet(p);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  boost::asio::io_context ioc;
  server_options options;
  options.max_attachment_bytes = 4096;
  server srv(options);
  std::vector<socket_ptr> sockets;
  for (std::string nsp : {"/", "/admin"})
    srv.add_namespace(nsp, [&sockets](connect_request_ptr r) {
      if (r->auth().contains("reject")) return r->reject({{"message", "no"}});
      sockets.push_back(r->accept({[](std::string, json args, ack_fn ack) {
                                     if (ack) ack(std::move(args));
                                   },
                                   {}}));
    });
  auto engine = std::make_shared<chat::test::fake_engine>(ioc);
  boost::asio::post(engine->executor(), [&] { srv.on_engine_connection(engine); });

  std::string_view input(reinterpret_cast<const char*>(data), size);
  while (!input.empty()) {
    const auto end = input.find('\x1e');
    const auto message = input.substr(0, end);
    input = end == std::string_view::npos ? std::string_view{} : input.substr(end + 1);
    if (message.starts_with('b')) {
      engine->client_binary({message.begin() + 1, message.end()});
    } else {
      round_trip(message);
      engine->client_text(std::string(message));
    }
    ioc.restart();
    ioc.poll();
  }
  engine->transport_close("transport close");  // frees the engine <-> connection cycle
  ioc.restart();
  ioc.poll();
  return 0;
}
