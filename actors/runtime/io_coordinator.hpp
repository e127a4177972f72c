// A CAF scheduler that runs the event-based actors on the asio I/O threads, so that a message
// from a socket to its session actor and from the session back to the socket's strand is a
// queue push on the same thread, not a wake-up of another one (issue 11: thread hand-offs).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/detail/thread_safe_actor_clock.hpp>
#include <caf/execution_unit.hpp>
#include <caf/scheduler/abstract_coordinator.hpp>

namespace chat {

/// Event-based actors run where the coordinator is attached: on the threads running an
/// io_context (attach_io), or on a thread of its own (before attach_io and after detach_io:
/// start-up and shutdown, when no thread runs the io_context). Detached actors keep their own
/// threads. Actors never block, so running them between I/O handlers is allowed.
class io_coordinator final : public caf::scheduler::abstract_coordinator {
 public:
  /// Makes the actor system built from `cfg` use an io_coordinator.
  static void install(caf::actor_system_config& cfg);
  /// The io_coordinator of `sys`, or nullptr when it uses another scheduler.
  static io_coordinator* of(caf::actor_system& sys);

  explicit io_coordinator(caf::actor_system& sys);

  /// From now on actors run as handlers of `ioc` (a slice at a time, between I/O handlers).
  /// `ioc` must outlive the attachment (detach_io before it is destroyed).
  void attach_io(boost::asio::io_context& ioc);
  /// Actors run on the coordinator's own thread again (call once no thread runs the io_context).
  void detach_io();

  // -- abstract_coordinator --
  void enqueue(caf::resumable* job) override;
  caf::actor_clock& clock() noexcept override { return clock_; }
  void start() override;
  void stop() override;

 private:
  /// What an actor sees as its worker: exec_later goes through enqueue.
  class unit final : public caf::execution_unit {
   public:
    explicit unit(io_coordinator* parent);
    void exec_later(caf::resumable* job) override;

   private:
    io_coordinator* parent_;
  };

  void run_one(caf::resumable* job);
  /// Takes the first queued job and runs it with `lock` (on mutex_) released meanwhile.
  void run_first(std::unique_lock<std::mutex>& lock);
  void drain_on_io();
  void run_own_thread();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<caf::resumable*> jobs_;
  boost::asio::io_context* io_ = nullptr;  ///< attached: actors run here
  bool drain_posted_ = false;              ///< a drain_on_io is queued on io_ or running
  bool stopping_ = false;
  unit unit_{this};
  std::thread own_;
  std::thread timer_;
  caf::detail::thread_safe_actor_clock clock_;
};

/// Attaches the actor system's io_coordinator (if it has one) to `ioc` for the guard's life.
class io_attachment {
 public:
  io_attachment(caf::actor_system& sys, boost::asio::io_context& ioc);
  ~io_attachment();
  io_attachment(const io_attachment&) = delete;
  io_attachment& operator=(const io_attachment&) = delete;

 private:
  io_coordinator* coordinator_;
};

}  // namespace chat
