// Turning tallies and /proc samples into the figures the comparison table quotes.
#include "bench/load/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace chat::load {
namespace {

double rounded(double value, int decimals) {
  auto scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

std::string fixed(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

double per(double total, std::uint64_t count) {
  return count ? total / static_cast<double>(count) : 0;
}

}  // namespace

nlohmann::ordered_json latency_json(const histogram& us) {
  auto ms = [](std::int64_t v) { return rounded(static_cast<double>(v) / 1000.0, 3); };
  return {{"p50", ms(us.quantile(0.50))},
          {"p99", ms(us.quantile(0.99))},
          {"p999", ms(us.quantile(0.999))},
          {"max", ms(us.max())}};
}

nlohmann::ordered_json step_json(const step_result& step) {
  const auto& t = step.totals;
  nlohmann::ordered_json out;
  out["rate"] = step.rate;
  out["seconds"] = step.seconds;
  out["sent_rate"] = rounded(static_cast<double>(t.sent) / std::max(step.pacing_seconds, 1e-9), 1);
  out["sent"] = t.sent;
  out["acked"] = t.acked;
  out["refused"] = t.refused;
  out["refusals"] = t.refusals;
  out["expected_deliveries"] = t.expected;
  out["delivered"] = t.delivered;
  out["lost"] = t.lost();
  out["duplicated"] = t.duplicated;
  out["late"] = t.late;
  out["foreign"] = t.foreign;
  out["disconnects"] = step.disconnects;
  out["drained"] = step.drained;
  out["wall_seconds"] = rounded(step.wall_seconds, 3);
  out["ack_ms"] = latency_json(t.ack_us);
  out["delivery_ms"] = latency_json(t.delivery_us);
  out["send_lag_ms"] = latency_json(t.lag_us);
  if (step.server_before && step.server_after) {
    const auto& a = *step.server_before;
    const auto& b = *step.server_after;
    double cpu = b.cpu_seconds - a.cpu_seconds;
    auto switches = b.context_switches > a.context_switches ? b.context_switches - a.context_switches : 0;
    out["server"] = {
      {"cpu_seconds", rounded(cpu, 3)},
      {"cpu_percent", rounded(100 * cpu / std::max(step.wall_seconds, 1e-9), 1)},
      {"cpu_us_per_msg", rounded(1e6 * per(cpu, t.acked), 1)},
      {"cpu_us_per_delivery", rounded(1e6 * per(cpu, t.delivered), 1)},
      {"context_switches", switches},
      {"context_switches_per_msg", rounded(per(static_cast<double>(switches), t.acked), 2)},
      {"rss_kib", b.rss_kib},
      {"rss_peak_kib", std::max(step.server_rss_peak_kib, b.rss_kib)},
      {"threads", b.threads}};
  }
  double self = step.self_after.cpu_seconds - step.self_before.cpu_seconds;
  out["generator"] = {{"cpu_seconds", rounded(self, 3)},
                      {"cpu_percent", rounded(100 * self / std::max(step.wall_seconds, 1e-9), 1)},
                      {"cpu_us_per_msg", rounded(1e6 * per(self, t.acked), 1)},
                      {"rss_kib", step.self_after.rss_kib}};
  if (step.machine_before && step.machine_after) {
    // Everything else running meanwhile (other builds on a shared machine) competes for the
    // same cores: the busy time the server and the generator do not account for.
    double busy = step.machine_after->busy_seconds - step.machine_before->busy_seconds;
    double total = step.machine_after->total_seconds - step.machine_before->total_seconds;
    double ours = self;
    if (step.server_before && step.server_after)
      ours += step.server_after->cpu_seconds - step.server_before->cpu_seconds;
    double wall = std::max(step.wall_seconds, 1e-9);
    out["machine"] = {{"cores", std::round(total / wall)},
                      {"busy_percent", rounded(100 * busy / std::max(total, 1e-9), 1)},
                      {"others_cpu_percent", rounded(100 * std::max(busy - ours, 0.0) / wall, 1)}};
  }
  return out;
}

std::string step_failure(const step_result& step, double p99_bound_ms) {
  const auto& t = step.totals;
  auto ms = [](const histogram& h) { return static_cast<double>(h.quantile(0.99)) / 1000.0; };
  if (t.lost())
    return std::to_string(t.lost()) + " lost";
  if (t.refused) {
    std::string codes;
    for (const auto& [code, count] : t.refusals)
      codes += (codes.empty() ? "" : ", ") + code + " " + std::to_string(count);
    return std::to_string(t.refused) + " refused (" + codes + ")";
  }
  if (t.duplicated)
    return std::to_string(t.duplicated) + " duplicated";
  if (step.disconnects)
    return std::to_string(step.disconnects) + " sockets lost";
  if (!step.drained)
    return "answers still missing after the drain";
  // Lag alone (the generator preempted on a busy machine, then catching up) still delivers
  // the load; a generator that cannot reach the rate at all does not.
  const double sent_rate = static_cast<double>(t.sent) / std::max(step.pacing_seconds, 1e-9);
  if (sent_rate < 0.95 * step.rate)
    return "load generator too slow (sent " + fixed(sent_rate) + " msg/s, p99 lag "
           + fixed(ms(t.lag_us)) + " ms)";
  if (ms(t.ack_us) > p99_bound_ms)
    return "p99 ack " + fixed(ms(t.ack_us)) + " ms";
  if (ms(t.delivery_us) > p99_bound_ms)
    return "p99 delivery " + fixed(ms(t.delivery_us)) + " ms";
  return "";
}

}  // namespace chat::load
