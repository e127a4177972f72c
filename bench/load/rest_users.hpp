// Creates the load generator's users over REST: pseudo-auth `POST /api/users {username}`,
// which chatd (--auth pseudo) and both Node.js peers answer with {user, token}.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

namespace chat::load {

struct account {
  std::int64_t id = 0;
  std::string token;
};

/// One account per name, in order, over `parallel` keep-alive connections; throws
/// std::runtime_error naming the first refusal (status and body) or I/O error.
std::vector<account> create_users_over_rest(const boost::asio::ip::tcp::endpoint& server,
                                  const std::vector<std::string>& names, unsigned parallel);

}  // namespace chat::load
