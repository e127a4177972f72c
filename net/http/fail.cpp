// One place that decides which network errors are worth a log line.
#include "net/http/fail.hpp"

#include <string>

#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/websocket/error.hpp>

#include "common/log.hpp"

namespace chat::http {

bool is_normal_close(const boost::beast::error_code& ec) noexcept {
  namespace net = boost::asio;
  return ec == net::error::operation_aborted || ec == net::error::eof || ec == net::error::connection_reset ||
         ec == net::error::broken_pipe || ec == net::error::not_connected ||
         ec == boost::beast::http::error::end_of_stream || ec == boost::beast::websocket::error::closed ||
         ec == boost::beast::error::timeout;
}

void fail(const boost::beast::error_code& ec, std::string_view what) {
  if (is_normal_close(ec)) return;
  chat::log::debug(std::string(what) + ": " + ec.message());
}

}  // namespace chat::http
