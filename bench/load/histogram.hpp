// Latency histogram: log-linear buckets (64 per power of two, so any recorded value is
// reported within 1/64 ≈ 1.6 % above it), constant-time record, mergeable across threads.
#pragma once

#include <array>
#include <cstdint>

namespace chat::load {

class histogram {
 public:
  /// Values are non-negative integers (the load generator records microseconds); negative
  /// values count as 0, values past max_value() as max_value().
  void record(std::int64_t value);
  void merge(const histogram& other);
  void reset() { *this = histogram{}; }

  std::uint64_t count() const { return count_; }
  std::int64_t min() const { return count_ ? min_ : 0; }
  std::int64_t max() const { return max_; }
  double mean() const { return count_ ? static_cast<double>(sum_) / static_cast<double>(count_) : 0; }

  /// The smallest bucket bound below which at least `fraction` (0..1) of the values lie:
  /// the exact value for values < 64, else at most 1.6 % above the true quantile, and never
  /// above max(). 0 when empty.
  std::int64_t quantile(double fraction) const;

  static constexpr std::int64_t max_value() { return (std::int64_t{1} << 40) - 1; }

 private:
  static constexpr int sub_bits = 6;                  // 64 sub-buckets per power of two
  static constexpr int sub_count = 1 << sub_bits;
  // One linear block (0..63), then one block per shift 0..33 (values up to 2^40).
  static constexpr int bucket_count = sub_count * (40 - sub_bits + 1);

  static int index_of(std::int64_t value);
  static std::int64_t highest_in(int index);

  std::array<std::uint64_t, bucket_count> buckets_{};
  std::uint64_t count_ = 0;
  std::int64_t sum_ = 0;
  std::int64_t min_ = max_value();
  std::int64_t max_ = 0;
};

}  // namespace chat::load
