// A room's message:new events in seq order, each once, on one node of a cluster: they come
// from this node's store and from other nodes (through Redis), out of order and — after a
// catch-up read of the database — possibly twice. Events past a gap wait here until the gap
// is filled (by Redis, or by the room's catch-up read after a short wait). Pure.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

namespace chat {

template <class Item>
class seq_order {
 public:
  /// Every seq up to `seq` counts as delivered (the room's last seq when it started).
  void start_at(std::int64_t seq) { watermark_ = seq; }

  /// Takes the event of `seq`; returns what can be delivered now, in seq order (a seq already
  /// delivered or waiting is dropped).
  std::vector<Item> offer(std::int64_t seq, Item item) {
    std::vector<Item> out;
    if (seq <= watermark_ || held_.count(seq) > 0)
      return out;
    held_.emplace(seq, std::move(item));
    while (!held_.empty() && held_.begin()->first == watermark_ + 1) {
      out.push_back(std::move(held_.begin()->second));
      held_.erase(held_.begin());
      ++watermark_;
    }
    return out;
  }

  /// Gives up the gaps: everything waiting, in seq order (the missing seqs reach clients by
  /// messages:sync). For a bound on what waits when the gap cannot be filled.
  std::vector<Item> release_all() {
    std::vector<Item> out;
    for (auto& [seq, item] : held_) {
      out.push_back(std::move(item));
      watermark_ = seq;
    }
    held_.clear();
    return out;
  }

  /// Events wait behind a gap.
  bool waiting() const { return !held_.empty(); }
  std::size_t held() const { return held_.size(); }
  /// Every seq up to this one has been delivered.
  std::int64_t watermark() const { return watermark_; }

 private:
  std::int64_t watermark_ = 0;
  std::map<std::int64_t, Item> held_;
};

}  // namespace chat
