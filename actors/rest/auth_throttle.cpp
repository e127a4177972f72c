// Token buckets per key with a bounded key set.
#include "actors/rest/auth_throttle.hpp"

#include <algorithm>
#include <cmath>

namespace chat::rest {

double auth_throttle::refilled_tokens(const bucket& b, clock::time_point now) const {
  std::chrono::duration<double> dt = now - b.refilled;
  return std::min(limits_.burst, b.tokens + dt.count() * limits_.per_minute / 60.0);
}

void auth_throttle::forget_idle(clock::time_point now) {
  std::erase_if(buckets_,
                [&](const auto& kv) { return refilled_tokens(kv.second, now) >= limits_.burst; });
}

std::optional<std::chrono::seconds> auth_throttle::take(std::string_view key,
                                                        clock::time_point now) {
  if (limits_.per_minute <= 0)
    return std::nullopt;
  std::lock_guard lock{mutex_};
  auto it = buckets_.find(std::string{key});
  if (it == buckets_.end()) {
    if (buckets_.size() >= limits_.max_keys)
      forget_idle(now);
    if (buckets_.size() >= limits_.max_keys)  // every key is busy: so is the server
      return std::chrono::seconds{static_cast<long>(std::ceil(60.0 / limits_.per_minute))};
    it = buckets_.emplace(std::string{key}, bucket{limits_.burst, now}).first;
  }
  auto& b = it->second;
  b.tokens = refilled_tokens(b, now);
  b.refilled = now;
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return std::nullopt;
  }
  auto wait = (1 - b.tokens) * 60.0 / limits_.per_minute;
  return std::chrono::seconds{std::max<long>(1, static_cast<long>(std::ceil(wait)))};
}

std::string address_key(const boost::asio::ip::address& peer) {
  if (peer.is_v4())
    return peer.to_string();
  auto v6 = peer.to_v6();
  if (v6.is_v4_mapped())
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, v6).to_string();
  auto bytes = v6.to_bytes();
  std::fill(bytes.begin() + 8, bytes.end(), 0);
  return boost::asio::ip::address_v6{bytes}.to_string() + "/64";
}

std::optional<std::string> client_key(const boost::asio::ip::address& peer,
                                      std::string_view forwarded_for) {
  if (!peer.is_unspecified() && !peer.is_loopback())
    return address_key(peer);
  if (peer.is_unspecified())  // not from a socket (an in-process call): nothing to count
    return std::nullopt;
  auto comma = forwarded_for.rfind(',');
  auto last = forwarded_for.substr(comma == std::string_view::npos ? 0 : comma + 1);
  while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
  while (!last.empty() && last.back() == ' ') last.remove_suffix(1);
  if (last.empty())
    return std::nullopt;
  boost::system::error_code ec;
  auto client = boost::asio::ip::make_address(std::string{last}, ec);
  // A proxy that forwards garbage still gets one bucket for all of it, not one per string.
  return ec ? std::string{"unparsed"} : address_key(client);
}

std::size_t auth_throttle::size() const {
  std::lock_guard lock{mutex_};
  return buckets_.size();
}

}  // namespace chat::rest
