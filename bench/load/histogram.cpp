// Bucket layout: values 0..63 have a bucket each; above, a value with bit width w (w ≥ 7)
// falls into magnitude w-6, whose 64 buckets split [2^(w-1), 2^w) evenly.
#include "bench/load/histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace chat::load {

int histogram::index_of(std::int64_t value) {
  auto v = static_cast<std::uint64_t>(value);
  if (v < static_cast<std::uint64_t>(sub_count))
    return static_cast<int>(v);
  int shift = std::bit_width(v) - sub_bits - 1;    // v >> shift lies in [64, 128)
  return sub_count * (shift + 1) + static_cast<int>((v >> shift) - sub_count);
}

std::int64_t histogram::highest_in(int index) {
  if (index < sub_count)
    return index;
  int shift = index / sub_count - 1;
  auto low = static_cast<std::int64_t>(index % sub_count + sub_count) << shift;
  return low + (std::int64_t{1} << shift) - 1;
}

void histogram::record(std::int64_t value) {
  value = std::clamp<std::int64_t>(value, 0, max_value());
  ++buckets_[static_cast<std::size_t>(index_of(value))];
  ++count_;
  sum_ += value;
  min_ = std::min(min_, value);
  max_ = std::max(max_, value);
}

void histogram::merge(const histogram& other) {
  for (std::size_t i = 0; i < buckets_.size(); ++i)
    buckets_[i] += other.buckets_[i];
  count_ += other.count_;
  sum_ += other.sum_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

std::int64_t histogram::quantile(double fraction) const {
  if (count_ == 0)
    return 0;
  fraction = std::clamp(fraction, 0.0, 1.0);
  auto rank = std::max<std::uint64_t>(
    1, static_cast<std::uint64_t>(std::ceil(fraction * static_cast<double>(count_))));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < buckets_.size(); ++i) {
    seen += buckets_[i];
    if (seen >= rank)
      return std::min(highest_in(static_cast<int>(i)), max_);
  }
  return max_;
}

}  // namespace chat::load
