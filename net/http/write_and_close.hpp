// Writes one HTTP response on a stream nobody else uses any more, then closes it: refused
// WebSocket upgrades and the 404 of an unmounted upgrade path.
#pragma once

#include "net/http/connection_limit.hpp"
#include "net/http/handler.hpp"

namespace chat::http {

/// Sends `res` (Content-Length set here, Connection: close) and closes the TCP connection.
/// Asynchronous; the stream (and its `slot` under max_connections) is kept until the write
/// finished.
void write_and_close(beast::tcp_stream stream, response res, connection_slot slot = nullptr);

}  // namespace chat::http
