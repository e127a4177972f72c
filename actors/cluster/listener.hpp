// The listener: one thread per node with two Redis connections of its own — one subscribed
// (PSUBSCRIBE socket.io#/#*, SUBSCRIBE to chatd's channels), one for reading other nodes'
// state. It delivers other nodes' broadcasts to this node's room and presence registries,
// keeps the view of who is online elsewhere, and checks the other nodes' heartbeats.
// Blocking by nature, so it is a thread of its own (like the asio threads), talking to the
// actors only by anon_send.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "actors/cluster/cluster_options.hpp"
#include "messages/chat_api.hpp"

namespace chat::cluster {

class listener {
 public:
  listener(cluster_options opts, room_registry_actor rooms, presence_registry_actor presence);
  ~listener();  ///< stops and joins
  listener(const listener&) = delete;
  listener& operator=(const listener&) = delete;

  /// Wakes the thread and waits for it to end (idempotent).
  void stop();

  /// Waits until the first subscription is in place and the other nodes' state read (so a
  /// node that starts serving already hears the others); false after `timeout`.
  bool wait_subscribed(std::chrono::milliseconds timeout);

 private:
  void run();

  cluster_options opts_;
  room_registry_actor rooms_;
  presence_registry_actor presence_;
  int wake_fd_ = -1;  ///< eventfd: stop() writes, the poll loop ends
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::condition_variable subscribed_cv_;
  bool subscribed_ = false;
  std::thread thread_;
};

}  // namespace chat::cluster
