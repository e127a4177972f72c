// What one step of traffic counted: messages sent, acked, refused (by error code) and
// delivered, the duplicates and stragglers, and the latency histograms. Each worker thread
// keeps its own tally; the step's result is their merge.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "bench/load/histogram.hpp"

namespace chat::load {

struct tally {
  std::uint64_t sent = 0;        ///< message:send emitted
  std::uint64_t acked = 0;       ///< acks {ok: true}
  std::uint64_t refused = 0;     ///< acks {ok: false}; by code in `refusals`
  std::uint64_t expected = 0;    ///< deliveries owed: recipients of every acked message
  std::uint64_t delivered = 0;   ///< distinct message:new of this step's messages
  std::uint64_t duplicated = 0;  ///< a second ack for one send, or a message:new seen before
  std::uint64_t late = 0;        ///< acks and deliveries of an earlier step
  std::uint64_t foreign = 0;     ///< message:new the load generator did not send
  std::map<std::string, std::uint64_t> refusals;
  histogram ack_us;       ///< send → ack
  histogram delivery_us;  ///< send → message:new at a recipient
  histogram lag_us;       ///< how late the open-loop schedule sent (the generator's own delay)

  /// Sends without an ack, plus deliveries owed but missing.
  std::uint64_t lost() const {
    auto unanswered = sent > acked + refused ? sent - acked - refused : 0;
    auto missing = expected > delivered ? expected - delivered : 0;
    return unanswered + missing;
  }

  void merge(const tally& other) {
    sent += other.sent;
    acked += other.acked;
    refused += other.refused;
    expected += other.expected;
    delivered += other.delivered;
    duplicated += other.duplicated;
    late += other.late;
    foreign += other.foreign;
    for (const auto& [code, count] : other.refusals)
      refusals[code] += count;
    ack_us.merge(other.ack_us);
    delivery_us.merge(other.delivery_us);
    lag_us.merge(other.lag_us);
  }
};

}  // namespace chat::load
