// Namespace sockets and pending CONNECTs: encode on the caller's thread, then post the writes
// onto the session strand so they keep their order and drop silently after a close.
#include "net/socketio/namespace_socket.hpp"

#include <boost/asio/post.hpp>

#include "net/engineio/random_id.hpp"

namespace chat::socketio::detail {

// -- namespace_socket --

namespace_socket::namespace_socket(std::shared_ptr<connection> conn, std::string nsp, handlers h)
    : conn_(std::move(conn)), id_(engineio::random_id()), nsp_(std::move(nsp)), handlers_(std::move(h)) {}

void namespace_socket::post_packet(encoded_packet p) {
  boost::asio::post(conn_->executor(), [self = shared_from_this(), p = std::move(p)] {
    if (self->connected_) self->conn_->send(p);
  });
}

void namespace_socket::emit(std::string_view event, json args) {
  json array = json::array({std::string(event)});
  if (args.is_array()) {
    for (auto& a : args) array.push_back(std::move(a));
  } else if (!args.is_null()) {
    array.push_back(std::move(args));  // a lone argument
  }
  post_packet(encode_packet({packet_type::event, nsp_, std::nullopt, std::move(array)}));
}

void namespace_socket::send_encoded(std::shared_ptr<const std::string> packet) {
  boost::asio::post(conn_->executor(), [self = shared_from_this(), packet = std::move(packet)]() mutable {
    if (self->connected_) self->conn_->send_text(std::move(packet));
  });
}

void namespace_socket::disconnect() {
  boost::asio::post(conn_->executor(), [self = shared_from_this()] {
    if (self->connected_) self->conn_->leave(self);
  });
}

void namespace_socket::close_connection() {
  boost::asio::post(conn_->executor(), [conn = conn_] { conn->shutdown("forced server close", true); });
}

void namespace_socket::deliver_event(json data, std::optional<std::uint64_t> ack_id) {
  if (!handlers_.on_event) return;
  auto name = std::move(data[0].get_ref<std::string&>());
  data.erase(data.begin());
  ack_fn ack;
  if (ack_id) {
    // Once, from any thread; after the socket left the answer is dropped.
    auto used = std::make_shared<std::atomic<bool>>(false);
    ack = [weak = weak_from_this(), used, id = *ack_id](ack_args reply) {
      if (used->exchange(true)) return;
      auto self = weak.lock();
      if (!self) return;
      if (!reply.text.empty())
        return self->post_packet({encode_ack_text(self->nsp_, id, reply.text), {}});
      auto& args = reply.value;
      if (args.is_null()) args = json::array();
      else if (!args.is_array()) args = json::array({std::move(args)});
      self->post_packet(encode_packet({packet_type::ack, self->nsp_, id, std::move(args)}));
    };
  }
  handlers_.on_event(std::move(name), std::move(data), std::move(ack));
}

void namespace_socket::notify_disconnect(std::string_view reason) {
  if (finished_) return;
  finished_ = true;
  connected_ = false;
  auto h = std::move(handlers_);
  handlers_ = {};
  if (h.on_disconnect) h.on_disconnect(reason);
}

// -- pending_connect --

pending_connect::pending_connect(std::shared_ptr<connection> conn, std::string nsp, json auth, std::uint64_t token)
    : conn_(std::move(conn)), nsp_(std::move(nsp)), auth_(std::move(auth)), token_(token) {}

socket_ptr pending_connect::accept(socket::handlers h) {
  if (decided_.exchange(true)) return nullptr;
  auto s = std::make_shared<namespace_socket>(conn_, nsp_, std::move(h));
  boost::asio::post(conn_->executor(), [conn = conn_, s, token = token_] { conn->apply_accept(s, token); });
  return s;
}

void pending_connect::reject(json data) {
  if (decided_.exchange(true)) return;
  boost::asio::post(conn_->executor(), [conn = conn_, nsp = nsp_, token = token_, data = std::move(data)] {
    conn->apply_reject(nsp, token, data);
  });
}

}  // namespace chat::socketio::detail
