// The scenarios of the load generator, each one run from setup to a JSON line:
//   direct  rooms of two (room:direct), every user sending at an equal share of --rate
//   group   rooms of --group-size (room:create), the same traffic
//   ramp    direct (or group) traffic whose rate rises until a step fails; the last step that
//           held is the sustainable rate
//   idle    --connections authenticated sockets held open: server RSS per socket
#pragma once

#include <cstdint>
#include <string>
#include <sys/types.h>

#include <boost/asio/ip/tcp.hpp>
#include <nlohmann/json.hpp>

namespace chat::load {

struct load_options {
  std::string scenario = "direct";
  boost::asio::ip::tcp::endpoint server;
  std::string label;                 ///< the server's name in the JSON line
  pid_t server_pid = 0;              ///< /proc figures of the server when not 0
  unsigned users = 200;
  unsigned group_size = 0;           ///< 0: 2 (direct, ramp) or 20 (group)
  double rate = 1000;                ///< msg/s
  double seconds = 10;               ///< measured sending time (ramp: per step)
  double warmup_seconds = 2;         ///< unmeasured traffic first, at the rate (ramp: the start)
  unsigned connections = 1000;       ///< idle
  double hold_seconds = 3;           ///< idle: how long the sockets stay open before the sample
  unsigned threads = 1;
  unsigned body_chars = 64;
  double tick_ms = 0.5;
  double drain_seconds = 10;
  double p99_bound_ms = 50;
  double ramp_start = 125;
  double ramp_factor = 2;
  unsigned ramp_refine = 3;          ///< bisections between the last good and the first bad rate
  double ramp_max = 200000;
  unsigned rest_parallel = 8;
  unsigned connect_in_flight = 64;   ///< handshakes in progress per worker
  double setup_seconds = 120;        ///< connecting and forming rooms may take this long
};

/// Runs `options.scenario`; the JSON line's object. Throws std::runtime_error when setup
/// fails (users, sockets, rooms) or the scenario is unknown.
nlohmann::ordered_json run_scenario(const load_options& options);

}  // namespace chat::load
