// The output queue of a session and of its WebSocket: a FIFO of packets that holds no memory
// while empty. std::deque allocates its map and a 512-byte block when constructed, ~1.1 KiB for
// the two queues of every connection, idle or not (issue 11, density).
#pragma once

#include <cstddef>
#include <vector>

#include "net/engineio/packet.hpp"

namespace chat::engineio {

class packet_queue {
 public:
  using const_iterator = std::vector<out_packet>::const_iterator;

  bool empty() const noexcept { return head_ == items_.size(); }
  std::size_t size() const noexcept { return items_.size() - head_; }

  /// The oldest packet; the queue must not be empty.
  out_packet& front() noexcept { return items_[head_]; }

  void push_back(out_packet p) { items_.push_back(std::move(p)); }

  /// Drops the oldest packet. Its slot is reused once the queue empties, or compacted away
  /// when the dropped prefix is half the storage, so a queue that never empties stays bounded.
  void pop_front() {
    items_[head_] = {};
    if (++head_ == items_.size())
      return clear();
    if (head_ >= compact_after && 2 * head_ >= items_.size()) {
      items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(head_));
      head_ = 0;
    }
  }

  /// Empties the queue; storage beyond a few packets is given back (idle connections hold none
  /// of a burst's size).
  void clear() {
    head_ = 0;
    if (items_.capacity() > retained)
      std::vector<out_packet>{}.swap(items_);
    else
      items_.clear();
  }

  /// Drops every packet but the oldest (a write in flight still reads it).
  void keep_front() {
    if (empty())
      return;
    items_.erase(items_.begin() + static_cast<std::ptrdiff_t>(head_) + 1, items_.end());
  }

  const_iterator begin() const noexcept { return items_.begin() + static_cast<std::ptrdiff_t>(head_); }
  const_iterator end() const noexcept { return items_.end(); }

 private:
  static constexpr std::size_t retained = 4;
  static constexpr std::size_t compact_after = 32;

  std::vector<out_packet> items_;
  std::size_t head_ = 0;
};

}  // namespace chat::engineio
