// Blocking Beast HTTP/1.1 on plain threads: user creation is setup, not measured, and a few
// keep-alive connections in parallel make thousands of users in seconds.
#include "bench/load/rest_users.hpp"

#include <algorithm>
#include <exception>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include "bench/load/json_scan.hpp"

namespace chat::load {

namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

namespace {

/// One keep-alive connection that reconnects when the server closed it.
class rest_connection {
 public:
  explicit rest_connection(tcp::endpoint server) : server_(server), stream_(io_) {}

  account create(const std::string& name) {
    http::request<http::string_body> request{http::verb::post, "/api/users", 11};
    request.set(http::field::host, server_.address().to_string());
    request.set(http::field::content_type, "application/json");
    request.keep_alive(true);
    request.body() = "{\"username\":\"" + name + "\"}";  // our names need no escaping
    request.prepare_payload();
    http::response<http::string_body> response;
    for (int attempt = 0;; ++attempt) {
      try {
        if (!open_) {
          stream_.connect(server_);
          open_ = true;
        }
        http::write(stream_, request);
        beast::flat_buffer buffer;
        http::read(stream_, buffer, response);
        break;
      } catch (const beast::system_error&) {
        open_ = false;
        stream_.close();
        if (attempt == 1)
          throw;
      }
    }
    if (!response.keep_alive()) {
      open_ = false;
      stream_.close();
    }
    const auto& body = response.body();
    auto token = json::string_of(json::member(body, "token"));
    auto user = json::member(body, "user");
    auto id = user ? json::integer_of(json::member(*user, "id")) : std::nullopt;
    if (response.result() != http::status::ok || !token || !id)
      throw std::runtime_error("POST /api/users " + name + ": "
                               + std::to_string(response.result_int()) + " " + body.substr(0, 200));
    return {*id, std::string(*token)};
  }

 private:
  tcp::endpoint server_;
  boost::asio::io_context io_;
  beast::tcp_stream stream_;
  bool open_ = false;
};

}  // namespace

std::vector<account> create_users_over_rest(const tcp::endpoint& server,
                                  const std::vector<std::string>& names, unsigned parallel) {
  std::vector<account> out(names.size());
  parallel = std::clamp<unsigned>(parallel, 1, static_cast<unsigned>(std::max<std::size_t>(names.size(), 1)));
  std::mutex mutex;
  std::exception_ptr first_error;
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < parallel; ++t) {
    threads.emplace_back([&, t] {
      try {
        rest_connection connection(server);
        for (std::size_t i = t; i < names.size(); i += parallel)
          out[i] = connection.create(names[i]);
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!first_error)
          first_error = std::current_exception();
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  if (first_error)
    std::rethrow_exception(first_error);
  return out;
}

}  // namespace chat::load
