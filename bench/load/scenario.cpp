// Setup (users, sockets, rooms), then the scenario's steps, then one JSON object.
#include "bench/load/scenario.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <stdexcept>
#include <thread>
#include <unistd.h>

#include "bench/load/population.hpp"
#include "bench/load/proc_sampler.hpp"
#include "bench/load/report.hpp"
#include "bench/load/traffic.hpp"

namespace chat::load {
namespace {

using json = nlohmann::ordered_json;

std::string run_tag() { return "L" + std::to_string(getpid()) + "x" + std::to_string(std::time(nullptr) % 100000); }

unsigned room_size(const load_options& o) {
  if (o.group_size)
    return o.group_size;
  return o.scenario == "group" ? 20 : 2;
}

json header(const load_options& o) {
  json out;
  out["scenario"] = o.scenario;
  out["label"] = o.label;
  out["server_pid"] = o.server_pid;
  out["threads"] = o.threads;
  return out;
}

void connect(population& people, const load_options& o, unsigned count) {
  auto tag = run_tag();
  people.create_users(count, tag + "-u", o.rest_parallel);
  if (!people.connect_all(o.connect_in_flight, o.setup_seconds))
    throw std::runtime_error("only " + std::to_string(people.connected()) + " of "
                             + std::to_string(count) + " sockets connected; first failure: "
                             + people.first_failure());
}

traffic_options traffic_of(const load_options& o) {
  traffic_options t;
  t.body_chars = o.body_chars;
  t.tick_seconds = o.tick_ms / 1000;
  t.drain_seconds = o.drain_seconds;
  t.server_pid = o.server_pid;
  t.run_tag = run_tag();
  return t;
}

void progress(const std::string& line) { std::cerr << "chat_load: " << line << std::endl; }

/// One step, announced on stderr first (bench/profile starts perf on "measuring").
step_result announced(traffic& load, const char* what, double rate, double seconds) {
  char line[96];
  std::snprintf(line, sizeof line, "%s %.0f msg/s for %.1f s", what, rate, seconds);
  progress(line);
  return load.run(rate, seconds);
}

json run_traffic(const load_options& o) {
  const auto size = room_size(o);
  if (size < 2 || o.users < size || o.users % size != 0)
    throw std::runtime_error("--users must be a multiple of the room size (" + std::to_string(size) + ")");
  worker_pool workers(o.threads);
  population people(workers, o.server);
  connect(people, o, o.users);
  if (!people.form_rooms(size, o.setup_seconds))
    throw std::runtime_error("rooms were not formed: " + people.first_failure());
  traffic load(people, traffic_of(o));
  auto out = header(o);
  out["users"] = o.users;
  out["rooms"] = o.users / size;
  out["group_size"] = size;
  out["body_chars"] = o.body_chars;
  const double first_rate = o.scenario == "ramp" ? o.ramp_start : o.rate;
  if (o.warmup_seconds > 0) {
    // Long enough that every user sends once: rooms are loaded, JITs warm.
    announced(load, "warming up:", first_rate, std::max(o.warmup_seconds, o.users / first_rate));
    load.settle(o.drain_seconds);
  }
  if (o.scenario != "ramp") {
    out.update(step_json(announced(load, "measuring:", o.rate, o.seconds)));
    return out;
  }
  // Ramp: multiply the rate while steps hold (divide it while they fail), then bisect between
  // the last good and the first bad rate.
  json steps = json::array();
  double good = 0, bad = 0;
  json best;
  std::string limit;
  auto try_rate = [&](double rate) {
    auto step = announced(load, "measuring:", rate, o.seconds);
    auto failure = step_failure(step, o.p99_bound_ms);
    auto figures = step_json(step);
    json brief = {{"rate", rate}, {"held", failure.empty()}, {"why", failure},
                  {"ack_p99_ms", figures["ack_ms"]["p99"]},
                  {"delivery_p99_ms", figures["delivery_ms"]["p99"]},
                  {"lost", figures["lost"]}, {"refused", figures["refused"]}};
    if (figures.contains("server")) {
      brief["server_cpu_percent"] = figures["server"]["cpu_percent"];
      brief["server_cpu_us_per_msg"] = figures["server"]["cpu_us_per_msg"];
    }
    brief["generator_cpu_percent"] = figures["generator"]["cpu_percent"];
    progress(brief.dump());
    steps.push_back(brief);
    if (failure.empty()) {
      good = rate;
      best = figures;
    } else {
      bad = rate;
      limit = failure;
      load.settle(o.drain_seconds * 3);  // let a backlog clear before the next step
    }
    return failure.empty();
  };
  for (double rate = o.ramp_start; rate <= o.ramp_max && try_rate(rate); rate *= o.ramp_factor) {}
  // Even the start failed: come down until a step holds (a server slower than the start).
  for (double rate = o.ramp_start / o.ramp_factor; good == 0 && rate >= 1; rate /= o.ramp_factor)
    try_rate(std::round(rate));
  for (unsigned i = 0; i < o.ramp_refine && good > 0 && bad > 0; ++i)
    try_rate(std::round((good + bad) / 2));
  out["p99_bound_ms"] = o.p99_bound_ms;
  out["sustainable_rate"] = good;
  out["limited_by"] = bad > 0 ? limit : "--ramp-max reached";
  out["steps"] = steps;
  out["at_sustainable"] = best;
  return out;
}

json run_idle(const load_options& o) {
  worker_pool workers(o.threads);
  population people(workers, o.server);
  auto tag = run_tag();
  people.create_users(o.connections, tag + "-u", o.rest_parallel);
  std::optional<proc_sample> before, after;
  if (o.server_pid)
    before = sample_process(o.server_pid);
  auto self_before = sample_process(getpid()).value_or(proc_sample{});
  bool all = people.connect_all(o.connect_in_flight, o.setup_seconds);
  // Hold: the sockets just sit there (pinged by the server) before the memory is read.
  std::this_thread::sleep_for(std::chrono::duration<double>(o.hold_seconds));
  if (o.server_pid)
    after = sample_process(o.server_pid);
  auto self_after = sample_process(getpid()).value_or(proc_sample{});
  auto out = header(o);
  out["connections"] = o.connections;
  out["connected"] = people.connected();
  out["failures"] = people.failures();
  if (!all || people.failures())
    out["first_failure"] = people.first_failure();
  out["hold_seconds"] = o.hold_seconds;
  const double per = static_cast<double>(std::max<std::uint64_t>(people.connected(), 1));
  if (before && after) {
    auto grown = static_cast<double>(after->rss_kib) - static_cast<double>(before->rss_kib);
    out["server"] = {{"rss_before_kib", before->rss_kib},
                     {"rss_after_kib", after->rss_kib},
                     {"rss_per_socket_kib", std::round(grown / per * 100) / 100},
                     {"cpu_seconds", std::round((after->cpu_seconds - before->cpu_seconds) * 1000) / 1000},
                     {"threads", after->threads}};
  }
  out["generator"] = {{"rss_kib", self_after.rss_kib},
                      {"rss_per_socket_kib", std::round(static_cast<double>(self_after.rss_kib - self_before.rss_kib) / per * 100) / 100},
                      {"cpu_seconds", std::round((self_after.cpu_seconds - self_before.cpu_seconds) * 1000) / 1000}};
  people.disconnect_all();
  return out;
}

}  // namespace

json run_scenario(const load_options& o) {
  if (o.threads < 1 || o.threads > 16)
    throw std::runtime_error("--threads must be 1..16");
  if (o.scenario == "idle")
    return run_idle(o);
  if (o.scenario == "direct" || o.scenario == "group" || o.scenario == "ramp")
    return run_traffic(o);
  throw std::runtime_error("unknown scenario '" + o.scenario + "' (direct, group, idle, ramp)");
}

}  // namespace chat::load
