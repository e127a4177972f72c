// The client's I/O: do_x/on_x pairs as in the Beast examples, one write in flight, one read
// loop; packets are decoded by packet_codec and handed to socket_events.
#include "bench/load/socketio_client.hpp"

#include <chrono>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket.hpp>

#include "bench/load/packet_codec.hpp"

namespace chat::load {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
using tcp = boost::asio::ip::tcp;

socketio_client::socketio_client(boost::asio::io_context& io, tcp::endpoint server,
                                 std::string token, socket_events& events)
    : ws_(io), server_(server), token_(std::move(token)), events_(events) {}

void socketio_client::start() {
  state_ = state::connecting;
  beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(30));
  beast::get_lowest_layer(ws_).async_connect(
    server_, [this](beast::error_code ec) { on_tcp_connect(ec); });
}

void socketio_client::on_tcp_connect(beast::error_code ec) {
  if (ec)
    return fail("connect: " + ec.message());
  // Latency is what we measure: no Nagle delay on our small frames.
  beast::get_lowest_layer(ws_).socket().set_option(tcp::no_delay(true));
  beast::get_lowest_layer(ws_).expires_never();
  ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
  ws_.auto_fragment(false);
  auto host = server_.address().to_string() + ":" + std::to_string(server_.port());
  ws_.async_handshake(host, "/socket.io/?EIO=4&transport=websocket",
                      [this](beast::error_code ec) { on_handshake(ec); });
}

void socketio_client::on_handshake(beast::error_code ec) {
  if (ec)
    return fail("websocket handshake: " + ec.message());
  ws_.text(true);
  do_read();
}

void socketio_client::do_read() {
  ws_.async_read(buffer_, [this](beast::error_code ec, std::size_t bytes) { on_read(ec, bytes); });
}

void socketio_client::on_read(beast::error_code ec, std::size_t) {
  if (state_ == state::failed)
    return;
  if (ec)
    return fail("read: " + ec.message());
  auto data = buffer_.cdata();
  handle({static_cast<const char*>(data.data()), data.size()});
  buffer_.consume(buffer_.size());
  if (state_ != state::failed)
    do_read();
}

void socketio_client::handle(std::string_view text) {
  auto frame = wire::decode(text);
  if (!frame)
    return fail("not an Engine.IO/Socket.IO packet: " + std::string(text.substr(0, 80)));
  using kind = wire::frame::kind;
  switch (frame->type) {
    case kind::open:
      state_ = state::engine_open;
      send(wire::encode_connect("{\"token\":\"" + token_ + "\"}"));
      break;
    case kind::ping: send(std::string(wire::pong)); break;
    case kind::close: fail("engine.io close"); break;
    case kind::connect:
      state_ = state::joined;
      events_.on_connected(*this);
      break;
    case kind::connect_error: fail("connect_error " + std::string(frame->data)); break;
    case kind::disconnect: fail("disconnected by the server"); break;
    case kind::event:
      if (auto event = wire::split_event(frame->data))
        events_.on_event(*this, event->name, event->arg);
      else
        fail("malformed event " + std::string(frame->data.substr(0, 80)));
      break;
    case kind::ack:
      if (auto found = callbacks_.find(*frame->ack_id); found != callbacks_.end()) {
        auto callback = std::move(found->second);
        callbacks_.erase(found);
        callback(frame->data);
      } else {
        events_.on_ack(*this, *frame->ack_id, frame->data);
      }
      break;
    case kind::noop:
    case kind::other: break;
  }
}

std::uint64_t socketio_client::emit(std::string_view event, std::string_view payload) {
  auto id = next_ack_++;
  std::string frame;
  frame.reserve(event.size() + payload.size() + 32);
  wire::encode_event(frame, event, payload, id);
  send(std::move(frame));
  return id;
}

void socketio_client::emit(std::string_view event, std::string_view payload,
                           ack_callback callback) {
  callbacks_.emplace(emit(event, payload), std::move(callback));
}

void socketio_client::send(std::string frame) {
  if (state_ == state::failed)
    return;
  queue_.push_back(std::move(frame));
  if (queue_.size() == 1)
    do_write();
}

void socketio_client::do_write() {
  ws_.async_write(boost::asio::buffer(queue_.front()),
                  [this](beast::error_code ec, std::size_t bytes) { on_write(ec, bytes); });
}

void socketio_client::on_write(beast::error_code ec, std::size_t) {
  if (state_ == state::failed)
    return;
  if (ec)
    return fail("write: " + ec.message());
  queue_.pop_front();
  if (!queue_.empty())
    do_write();
}

void socketio_client::fail(std::string_view why) {
  if (state_ == state::failed)
    return;
  state_ = state::failed;
  beast::error_code ignored;
  beast::get_lowest_layer(ws_).socket().close(ignored);  // ends the pending read and write
  events_.on_failed(*this, why);
}

void socketio_client::abort() {
  beast::error_code ignored;
  beast::get_lowest_layer(ws_).socket().close(ignored);
  state_ = state::failed;
}

}  // namespace chat::load
