// Writes one HTTP response on a stream nobody else uses any more, then closes it.
#include "net/http/write_and_close.hpp"

#include <chrono>

#include <boost/asio/dispatch.hpp>
#include <boost/beast/http/write.hpp>

namespace chat::http {

namespace {

struct closing_write : std::enable_shared_from_this<closing_write> {
  beast::tcp_stream stream;
  response res;
  connection_slot slot;  // freed with this operation, once the socket is closed
  closing_write(beast::tcp_stream s, response r, connection_slot c)
      : stream(std::move(s)), res(std::move(r)), slot(std::move(c)) {}

  void run() {
    res.keep_alive(false);
    res.prepare_payload();
    stream.expires_after(std::chrono::seconds(10));
    beast::http::async_write(stream, res, [self = shared_from_this()](beast::error_code, std::size_t) {
      beast::error_code ec;
      self->stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
      self->stream.close();
    });
  }
};

}  // namespace

void write_and_close(beast::tcp_stream stream, response res, connection_slot slot) {
  auto op = std::make_shared<closing_write>(std::move(stream), std::move(res), std::move(slot));
  // The stream's executor is the connection's strand: start the write there.
  auto ex = op->stream.get_executor();
  boost::asio::dispatch(ex, [op] { op->run(); });
}

}  // namespace chat::http
