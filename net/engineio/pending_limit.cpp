// Pre-admission Engine.IO sessions per client address (see pending_limit.hpp).
#include "net/engineio/pending_limit.hpp"

namespace chat::engineio {

namespace ip = boost::asio::ip;

namespace {

/// The key an address is counted under: IPv4 as is, IPv6 by its /64 network.
ip::address key_of(const ip::address& a) {
  if (!a.is_v6()) return a;
  const auto v6 = a.to_v6();
  if (v6.is_v4_mapped()) return ip::make_address_v4(ip::v4_mapped, v6);
  auto bytes = v6.to_bytes();
  for (std::size_t i = 8; i < bytes.size(); ++i) bytes[i] = 0;
  return ip::address_v6(bytes);
}

}  // namespace

pending_limit::pending_limit(std::size_t max_per_address) : state_(std::make_shared<state>()) {
  state_->max = max_per_address;
}

pending_limit::ticket pending_limit::try_acquire(const ip::address& peer) {
  const auto key = key_of(peer);
  {
    std::lock_guard lock(state_->mutex);
    auto& count = state_->counts[key];
    if (count >= state_->max) {
      if (count == 0) state_->counts.erase(key);
      return nullptr;
    }
    ++count;
  }
  return ticket(state_.get(), [s = state_, key](const void*) {
    std::lock_guard lock(s->mutex);
    const auto it = s->counts.find(key);
    if (it != s->counts.end() && --it->second == 0) s->counts.erase(it);
  });
}

std::size_t pending_limit::pending(const ip::address& peer) const {
  std::lock_guard lock(state_->mutex);
  const auto it = state_->counts.find(key_of(peer));
  return it == state_->counts.end() ? 0 : it->second;
}

}  // namespace chat::engineio
