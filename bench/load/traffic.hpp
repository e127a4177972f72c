// Open-loop message traffic over a formed population: every member sends message:send to
// its room at an equal share of a target rate, on a fixed schedule that does not wait for
// answers; acks and deliveries are matched to their sends and timed. A run is a series of
// steps (warm-up, measure, ramp levels) over the same sockets.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

#include <boost/asio/steady_timer.hpp>

#include "bench/load/countdown.hpp"
#include "bench/load/population.hpp"
#include "bench/load/proc_sampler.hpp"
#include "bench/load/tally.hpp"

namespace chat::load {

struct traffic_options {
  unsigned body_chars = 64;        ///< message body length (the first ~40 carry the stamp)
  double tick_seconds = 0.0005;    ///< the pacer wakes at most this often and sends what is due
  double drain_seconds = 10;       ///< after the last send, how long answers may take
  pid_t server_pid = 0;            ///< sampled from /proc when not 0
  std::string run_tag;             ///< makes clientMsgIds unique across runs on one server
};

/// One step: what was asked, what was counted, what the processes spent.
struct step_result {
  std::uint32_t id = 0;
  double rate = 0;              ///< target msg/s
  double seconds = 0;           ///< target sending time
  tally totals;
  double pacing_seconds = 0;    ///< first send to last send
  double wall_seconds = 0;      ///< first send to the end of the drain (CPU is measured over it)
  bool drained = false;         ///< every ack and delivery arrived within drain_seconds
  std::uint64_t disconnects = 0;
  std::optional<proc_sample> server_before, server_after;
  std::uint64_t server_rss_peak_kib = 0;
  proc_sample self_before, self_after;
  std::optional<machine_sample> machine_before, machine_after;
};

class traffic final : public traffic_sink {
 public:
  traffic(population& people, traffic_options options);
  ~traffic() override;

  /// Sends at `rate` msg/s for `seconds`, then waits for the answers (drain_seconds at most).
  step_result run(double rate, double seconds);
  /// Waits up to `seconds` more for what the last step still owes (after an overload).
  bool settle(double seconds) { return outstanding_.wait(seconds); }

  void on_ack(member& sender, std::uint64_t id, std::string_view args) override;
  void on_delivery(member& recipient, std::string_view arg) override;

 private:
  using clock = std::chrono::steady_clock;
  /// A worker's share of the sending, and its tally. Touched only on that worker.
  struct lane {
    explicit lane(boost::asio::io_context& io) : timer(io) {}
    boost::asio::steady_timer timer;
    std::vector<member*> senders;
    tally counts;
    double rate = 0;
    std::uint64_t total = 0, sent = 0;
    std::size_t next_sender = 0;
    clock::time_point start;
    std::string frame;  // reused payload buffer
  };

  void pace(lane& l);
  void send_one(lane& l, member& m, clock::time_point now);
  std::uint64_t sample_rss_peak(std::uint64_t peak) const;

  population& people_;
  traffic_options options_;
  std::vector<std::unique_ptr<lane>> lanes_;  // by worker
  std::size_t senders_ = 0;
  std::uint32_t last_step_ = 0;
  std::atomic<std::uint32_t> step_{0};  // the step acks and deliveries are counted for
  countdown pacing_;
  countdown outstanding_;
};

}  // namespace chat::load
