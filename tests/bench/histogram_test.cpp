// The latency histogram: exact below 64, within 1/64 above, quantiles by rank, merging.
#include <doctest/doctest.h>

#include <random>
#include <vector>
#include <algorithm>
#include <cmath>

#include "bench/load/histogram.hpp"

using chat::load::histogram;

TEST_CASE("an empty histogram reports zeros") {
  histogram h;
  CHECK(h.count() == 0);
  CHECK(h.quantile(0.5) == 0);
  CHECK(h.quantile(0.99) == 0);
  CHECK(h.min() == 0);
  CHECK(h.max() == 0);
  CHECK(h.mean() == 0);
}

TEST_CASE("small values are kept exactly, and quantiles go by rank") {
  histogram h;
  for (int v = 1; v <= 50; ++v)
    h.record(v);
  CHECK(h.count() == 50);
  CHECK(h.min() == 1);
  CHECK(h.max() == 50);
  CHECK(h.mean() == doctest::Approx(25.5));
  CHECK(h.quantile(0.5) == 25);   // rank 25 of 50
  CHECK(h.quantile(0.99) == 50);  // rank ceil(49.5) = 50
  CHECK(h.quantile(0.02) == 1);
  CHECK(h.quantile(0) == 1);
  CHECK(h.quantile(1) == 50);
}

TEST_CASE("one slow value among a thousand moves p99.9 and max, not p99") {
  histogram h;
  for (int i = 0; i < 999; ++i)
    h.record(1000);
  h.record(250000);
  CHECK(h.quantile(0.99) >= 1000);
  CHECK(h.quantile(0.99) <= 1000 + 1000 / 64);
  CHECK(h.quantile(0.999) <= 1000 + 1000 / 64);  // rank 999 is still a 1000
  CHECK(h.quantile(1.0) == 250000);              // never above the true maximum
  CHECK(h.max() == 250000);
}

TEST_CASE("any quantile is at or above the true one, by less than 1/64") {
  std::mt19937_64 random(7);
  std::uniform_int_distribution<std::int64_t> micros(1, 5'000'000);
  std::vector<std::int64_t> values;
  histogram h;
  for (int i = 0; i < 20000; ++i) {
    values.push_back(micros(random));
    h.record(values.back());
  }
  std::sort(values.begin(), values.end());
  for (double q : {0.5, 0.9, 0.99, 0.999}) {
    auto exact = values[static_cast<std::size_t>(std::ceil(q * values.size())) - 1];
    auto reported = h.quantile(q);
    CAPTURE(q);
    CHECK(reported >= exact);
    CHECK(static_cast<double>(reported - exact) <= static_cast<double>(exact) / 64.0);
  }
}

TEST_CASE("out-of-range values are clamped, not lost") {
  histogram h;
  h.record(-5);
  h.record(histogram::max_value() * 2);
  CHECK(h.count() == 2);
  CHECK(h.min() == 0);
  CHECK(h.max() == histogram::max_value());
  CHECK(h.quantile(1.0) == histogram::max_value());
}

TEST_CASE("merging two threads' histograms equals recording everything in one") {
  histogram a, b, all;
  for (int v = 0; v < 3000; v += 3) {
    a.record(v * 7);
    all.record(v * 7);
  }
  for (int v = 0; v < 900; ++v) {
    b.record(v * 131);
    all.record(v * 131);
  }
  a.merge(b);
  CHECK(a.count() == all.count());
  CHECK(a.min() == all.min());
  CHECK(a.max() == all.max());
  CHECK(a.mean() == doctest::Approx(all.mean()));
  for (double q : {0.1, 0.5, 0.9, 0.99, 0.999})
    CHECK(a.quantile(q) == all.quantile(q));
  a.reset();
  CHECK(a.count() == 0);
}
