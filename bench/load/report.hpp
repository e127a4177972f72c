// A step's figures as JSON: counts, latency quantiles in ms, and what the server and the
// load generator spent (CPU per message, context switches per message, RSS).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "bench/load/traffic.hpp"

namespace chat::load {

/// Every figure of one step (the body of a run's JSON line).
nlohmann::ordered_json step_json(const step_result& step);

/// Why a ramp step does not count as sustained ("" when it does): anything lost, refused,
/// duplicated or disconnected, answers still missing, a p99 (ack or delivery) over
/// `p99_bound_ms`, or the load generator itself unable to send at the rate.
std::string step_failure(const step_result& step, double p99_bound_ms);

/// The quantiles of a µs histogram, in ms: {"p50", "p99", "p999", "max"}.
nlohmann::ordered_json latency_json(const histogram& us);

}  // namespace chat::load
