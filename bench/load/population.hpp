// The simulated users of a run: accounts made over REST, one authenticated socket each
// (spread over the worker threads), and rooms of a given size (direct rooms through
// room:direct, groups through room:create), formed before any traffic.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

#include "bench/load/countdown.hpp"
#include "bench/load/rest_users.hpp"
#include "bench/load/socketio_client.hpp"
#include "bench/load/worker_pool.hpp"

namespace chat::load {

class population;

/// A message:send in flight, by ack id: when it was sent and in which step.
struct sent_message {
  std::int64_t sent_ns = 0;
  std::uint32_t step = 0;  ///< 0: not a tracked message (or already answered)
};

/// One simulated user with its socket. Everything below `socket` is touched only on the
/// member's worker thread.
struct member final : socket_events {
  member(population& owner, std::uint32_t index, account user, unsigned worker)
      : owner(owner), index(index), user(std::move(user)), worker(worker) {}

  population& owner;
  std::uint32_t index;  ///< 0..size-1, also the sender number written into message bodies
  account user;
  unsigned worker;
  std::unique_ptr<socketio_client> socket;
  std::int64_t room_id = 0;     ///< 0: in no room (the idle scenario)
  std::uint32_t recipients = 0; ///< members of the room but this one
  bool connecting = false;

  // -- traffic bookkeeping --
  std::uint64_t next_number = 0;                 ///< per-sender message number, never reused
  std::string payload_head;                      ///< {"roomId":…,"body":"  (built once)
  std::vector<sent_message> sent;                ///< by ack id
  std::unordered_map<std::uint32_t, std::vector<bool>> seen;  ///< numbers seen, by sender

  void on_connected(socketio_client&) override;
  void on_event(socketio_client&, std::string_view name, std::string_view arg) override;
  void on_ack(socketio_client&, std::uint64_t id, std::string_view args) override;
  void on_failed(socketio_client&, std::string_view why) override;
};

/// Where acks of tracked sends and message:new deliveries go once traffic runs.
class traffic_sink {
 public:
  virtual ~traffic_sink() = default;
  virtual void on_ack(member& sender, std::uint64_t id, std::string_view args) = 0;
  virtual void on_delivery(member& recipient, std::string_view arg) = 0;
};

class population {
 public:
  population(worker_pool& workers, boost::asio::ip::tcp::endpoint server);
  ~population();

  /// `count` users named <prefix><i> over REST (`parallel` connections).
  void create_users(unsigned count, const std::string& prefix, unsigned parallel);
  /// Opens every member's socket, at most `in_flight` handshakes per worker at a time; true
  /// when all connected within `seconds` (failures are counted and their first reason kept).
  bool connect_all(unsigned in_flight, double seconds);
  /// Rooms of `size` consecutive members (2: direct rooms); true when every room was acked
  /// and every member got its room:new within `seconds`.
  bool form_rooms(unsigned size, double seconds);
  /// Drops every socket (on their workers).
  void disconnect_all();

  std::vector<std::unique_ptr<member>>& members() { return members_; }
  worker_pool& workers() { return workers_; }
  void set_sink(traffic_sink* sink) { sink_ = sink; }

  std::uint64_t connected() const { return connected_.load(); }
  std::uint64_t failures() const { return failures_.load(); }
  std::string first_failure() const;

 private:
  friend struct member;
  void start_next_connect(unsigned worker);
  void connected(member& m);
  void failed(member& m, std::string_view why);
  void record_failure(const member& m, std::string_view why);
  void room_event(member& m, std::string_view name, std::string_view arg);

  worker_pool& workers_;
  boost::asio::ip::tcp::endpoint server_;
  std::vector<std::unique_ptr<member>> members_;
  std::vector<std::vector<member*>> to_connect_;  // per worker, touched on that worker
  countdown connecting_;
  countdown forming_;
  std::vector<std::atomic<std::int64_t>> room_ids_;  // by room, as acked
  std::atomic<std::uint64_t> connected_{0};
  std::atomic<std::uint64_t> failures_{0};
  mutable std::mutex failure_mutex_;
  std::string first_failure_;
  traffic_sink* sink_ = nullptr;
};

}  // namespace chat::load
