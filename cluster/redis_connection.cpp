// hiredis 0.14's blocking API (Debian's libhiredis-dev), wrapped: connect with a timeout,
// argv commands (binary-safe), the reader for pushed messages.
#include "cluster/redis_connection.hpp"

#include <charconv>

#include <hiredis/hiredis.h>

namespace chat::cluster {

std::string redis_address::to_string() const {
  return "redis://" + host + ":" + std::to_string(port) + (db != 0 ? "/" + std::to_string(db) : "");
}

std::optional<redis_address> parse_redis_url(std::string_view url) {
  constexpr std::string_view scheme = "redis://";
  if (url.substr(0, scheme.size()) != scheme)
    return std::nullopt;
  url.remove_prefix(scheme.size());
  redis_address a;
  auto slash = url.find('/');
  auto authority = url.substr(0, slash);
  if (slash != std::string_view::npos) {
    auto db = url.substr(slash + 1);
    if (!db.empty()) {
      auto [p, ec] = std::from_chars(db.data(), db.data() + db.size(), a.db);
      if (ec != std::errc{} || p != db.data() + db.size() || a.db < 0)
        return std::nullopt;
    }
  }
  if (authority.find('@') != std::string_view::npos)
    return std::nullopt;  // no AUTH support: say so rather than ignore the password
  std::string_view host = authority, port;
  if (!authority.empty() && authority.front() == '[') {  // [v6 address]:port
    auto close = authority.find(']');
    if (close == std::string_view::npos)
      return std::nullopt;
    host = authority.substr(1, close - 1);
    auto rest = authority.substr(close + 1);
    if (!rest.empty() && rest.front() != ':')
      return std::nullopt;
    port = rest.empty() ? rest : rest.substr(1);
  } else if (auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (!port.empty()) {
    auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), a.port);
    if (ec != std::errc{} || p != port.data() + port.size() || a.port <= 0 || a.port > 65535)
      return std::nullopt;
  } else if (authority.size() != host.size() && authority.back() == ':') {
    return std::nullopt;
  }
  if (host.empty())
    return std::nullopt;
  a.host = std::string{host};
  return a;
}

void reply_deleter::operator()(redisReply* r) const {
  if (r)
    freeReplyObject(r);
}

std::string_view text_of(const redisReply* r) {
  if (r && (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS
            || r->type == REDIS_REPLY_ERROR))
    return {r->str, r->len};
  return {};
}

redis_connection::redis_connection(const redis_address& address,
                                   std::chrono::milliseconds timeout) {
  timeval tv{static_cast<time_t>(timeout.count() / 1000),
             static_cast<suseconds_t>(timeout.count() % 1000 * 1000)};
  ctx_ = redisConnectWithTimeout(address.host.c_str(), address.port, tv);
  if (ctx_ == nullptr)
    throw redis_error("cannot allocate a Redis connection");
  if (ctx_->err) {
    std::string why = ctx_->errstr;
    redisFree(ctx_);
    ctx_ = nullptr;
    throw redis_error("cannot connect to " + address.to_string() + ": " + why);
  }
  // Replies must not take longer than the connect may (a Redis that stopped answering).
  redisSetTimeout(ctx_, tv);
  redisEnableKeepAlive(ctx_);
  if (address.db != 0) {
    auto db = std::to_string(address.db);
    command({"SELECT", db});
  }
}

redis_connection::~redis_connection() {
  if (ctx_)
    redisFree(ctx_);
}

void redis_connection::fail(const char* what) {
  broken_ = true;
  throw redis_error(std::string{what} + ": " + (ctx_->errstr[0] ? ctx_->errstr : "connection lost"));
}

void redis_connection::append(const std::vector<std::string_view>& args) {
  std::vector<const char*> argv;
  std::vector<std::size_t> lens;
  argv.reserve(args.size());
  lens.reserve(args.size());
  for (auto a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  if (redisAppendCommandArgv(ctx_, static_cast<int>(argv.size()), argv.data(), lens.data()) != REDIS_OK)
    fail("Redis command");
}

reply_ptr redis_connection::read_reply() {
  void* r = nullptr;
  if (redisGetReply(ctx_, &r) != REDIS_OK || r == nullptr)
    fail("Redis reply");
  return reply_ptr{static_cast<redisReply*>(r)};
}

reply_ptr redis_connection::command(const std::vector<std::string_view>& args) {
  append(args);
  auto r = read_reply();
  if (r->type == REDIS_REPLY_ERROR)
    throw redis_error("Redis " + std::string{args.front()} + ": " + std::string{text_of(r.get())});
  return r;
}

int redis_connection::fd() const {
  return ctx_->fd;
}

void redis_connection::read_available() {
  if (redisBufferRead(ctx_) != REDIS_OK)
    fail("Redis read");
}

reply_ptr redis_connection::next_buffered() {
  void* r = nullptr;
  if (redisGetReplyFromReader(ctx_, &r) != REDIS_OK)
    fail("Redis protocol");
  return reply_ptr{static_cast<redisReply*>(r)};
}

}  // namespace chat::cluster
