// One blocking hiredis connection, owned by one thread: commands with their replies,
// pipelining (append now, read the replies later), and a non-blocking read of pushed
// messages (pub/sub) after poll(2) said the socket is readable. Errors are exceptions.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct redisContext;
struct redisReply;

namespace chat::cluster {

/// The connection failed or Redis answered with an error; the connection is unusable after
/// an I/O error (broken() tells).
class redis_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Where Redis is: redis://host[:port][/db] (port 6379, db 0 by default).
struct redis_address {
  std::string host;
  int port = 6379;
  int db = 0;

  std::string to_string() const;
};

/// The address of `url`, or nullopt when it is not of that form.
std::optional<redis_address> parse_redis_url(std::string_view url);

struct reply_deleter {
  void operator()(redisReply* r) const;
};
using reply_ptr = std::unique_ptr<redisReply, reply_deleter>;

/// A reply's text (status, string, error) or empty.
std::string_view text_of(const redisReply* r);

class redis_connection {
 public:
  /// Connects (and SELECTs the db); throws redis_error with the reason.
  redis_connection(const redis_address& address, std::chrono::milliseconds timeout);
  ~redis_connection();
  redis_connection(const redis_connection&) = delete;
  redis_connection& operator=(const redis_connection&) = delete;

  /// Sends one command and waits for its reply; an error reply throws.
  reply_ptr command(const std::vector<std::string_view>& args);

  /// Queues one command (sent at the next read_reply()).
  void append(const std::vector<std::string_view>& args);
  /// Sends what is queued and waits for the next reply (error replies are returned, not thrown).
  reply_ptr read_reply();

  /// The socket, for poll(2).
  int fd() const;
  /// After poll(2) said readable: reads what arrived; throws when the connection closed.
  void read_available();
  /// The next complete reply read so far, if any (never blocks).
  reply_ptr next_buffered();

  bool broken() const { return broken_; }

 private:
  [[noreturn]] void fail(const char* what);

  redisContext* ctx_ = nullptr;
  bool broken_ = false;
};

}  // namespace chat::cluster
