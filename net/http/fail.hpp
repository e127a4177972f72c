// One place that decides which network errors are worth a log line.
#pragma once

#include <string_view>

#include <boost/beast/core/error.hpp>

namespace chat::http {

/// True for the ends of a connection that are normal (peer closed, we cancelled, timeout of
/// an idle client): these are not reported.
bool is_normal_close(const boost::beast::error_code& ec) noexcept;

/// Logs `what: message` at debug level unless `ec` is a normal close.
void fail(const boost::beast::error_code& ec, std::string_view what);

}  // namespace chat::http
