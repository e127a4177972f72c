// The default of handler::upgrade: this prefix does not speak WebSocket.
#include "net/http/handler.hpp"

#include "net/http/error_response.hpp"
#include "net/http/write_and_close.hpp"

namespace chat::http {

void handler::upgrade(request req, beast::tcp_stream stream, connection_slot slot) {
  write_and_close(std::move(stream),
                  error_response(beast::http::status::not_found, "not_found", "no WebSocket endpoint here",
                                 req.version()),
                  std::move(slot));
}

}  // namespace chat::http
