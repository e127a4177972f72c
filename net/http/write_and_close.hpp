// Writes one HTTP response on a stream nobody else uses any more, then closes it: refused
// WebSocket upgrades and the 404 of an unmounted upgrade path.
#pragma once

#include "net/http/handler.hpp"

namespace chat::http {

/// Sends `res` (Content-Length set here, Connection: close) and closes the TCP connection.
/// Asynchronous; the stream is kept alive until the write finished.
void write_and_close(beast::tcp_stream stream, response res);

}  // namespace chat::http
