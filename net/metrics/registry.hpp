// Prometheus metrics without a client library: lock-free counters and gauges grouped in
// labelled families, registered at start-up, rendered in the text exposition format 0.0.4.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace chat::metrics {

/// A monotonically increasing count. inc() is one relaxed atomic add: safe on any hot path.
class counter {
 public:
  void inc(std::uint64_t n = 1) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

/// A value that goes up and down (open connections, sessions). Lock-free.
class gauge {
 public:
  void set(std::int64_t v) noexcept { value_.store(v, std::memory_order_relaxed); }
  void inc(std::int64_t n = 1) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
  void dec(std::int64_t n = 1) noexcept { value_.fetch_sub(n, std::memory_order_relaxed); }
  std::int64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> value_{0};
};

/// What every family shares: name, help, label names, and how it renders itself.
class family_base {
 public:
  family_base(std::string name, std::string help, std::vector<std::string> label_names);
  virtual ~family_base() = default;
  const std::string& name() const noexcept { return name_; }
  /// Appends "# HELP", "# TYPE" and one line per series.
  virtual void render(std::string& out) const = 0;

 protected:
  void render_header(std::string& out, std::string_view type) const;
  void render_series(std::string& out, const std::vector<std::string>& values,
                     std::string_view value) const;
  void check_arity(const std::vector<std::string>& values) const;

  std::string name_;
  std::string help_;
  std::vector<std::string> label_names_;
};

/// One metric name with a fixed set of label names; each combination of label values is a
/// series. Creating a series locks (do it at start-up and keep the reference); updating a
/// series never does. Series live as long as the family (stable addresses).
template <class Metric>
class family : public family_base {
 public:
  family(std::string name, std::string help, std::vector<std::string> label_names,
         std::string_view type)
    : family_base(std::move(name), std::move(help), std::move(label_names)), type_(type) {
    if (label_names_.empty())
      with({});  // an unlabelled metric is shown (as 0) from the start
  }

  /// The series with these label values (one per label name), created on first use.
  /// Throws std::invalid_argument on a wrong number of values.
  Metric& with(std::vector<std::string> values) {
    check_arity(values);
    std::lock_guard guard{mutex_};
    for (auto& s : series_)
      if (s.values == values)
        return s.metric;
    return series_.emplace_back(std::move(values)).metric;
  }

  /// Leaves series still at zero out of the exposition (for pre-created grids such as
  /// route x status, where most combinations never happen).
  void hide_zero_series(bool hide) noexcept { hide_zero_ = hide; }

  void render(std::string& out) const override {
    render_header(out, type_);
    std::lock_guard guard{mutex_};
    for (const auto& s : series_) {
      auto v = s.metric.value();
      if (hide_zero_ && v == 0)
        continue;
      render_series(out, s.values, std::to_string(v));
    }
  }

 private:
  struct series {
    explicit series(std::vector<std::string> v) : values(std::move(v)) {}
    std::vector<std::string> values;
    Metric metric;
  };

  std::string_view type_;
  bool hide_zero_ = false;
  mutable std::mutex mutex_;
  std::deque<series> series_;
};

using counter_family = family<counter>;
using gauge_family = family<gauge>;

/// All metrics of the process. Register families at start-up; render() on each scrape.
class registry {
 public:
  /// The Content-Type of render()'s output.
  static constexpr std::string_view content_type = "text/plain; version=0.0.4; charset=utf-8";

  /// Registers a counter family. Throws std::invalid_argument for an invalid or taken name
  /// (or label name). Counter names should end in "_total".
  counter_family& add_counter(std::string name, std::string help,
                              std::vector<std::string> label_names = {});
  /// Registers a gauge family (same rules).
  gauge_family& add_gauge(std::string name, std::string help,
                          std::vector<std::string> label_names = {});

  /// Runs before every render(): for gauges sampled from elsewhere (e.g. open connections).
  void on_collect(std::function<void()> fn);

  /// The Prometheus text exposition (format 0.0.4) of every family, in registration order.
  std::string render() const;

 private:
  template <class Family>
  Family& add(std::string name, std::string help, std::vector<std::string> labels,
              std::string_view type);

  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<family_base>> families_;
  std::vector<std::function<void()>> collectors_;
};

/// True for a valid metric name: [a-zA-Z_:][a-zA-Z0-9_:]*.
bool valid_metric_name(std::string_view name) noexcept;
/// True for a valid label name: [a-zA-Z_][a-zA-Z0-9_]*, not starting with "__".
bool valid_label_name(std::string_view name) noexcept;

}  // namespace chat::metrics
