// The scheduler that runs actors on the I/O threads (see io_coordinator.hpp).
#include "actors/runtime/io_coordinator.hpp"

#include <algorithm>
#include <utility>

#include <boost/asio/post.hpp>
#include <caf/actor_system.hpp>
#include <caf/detail/set_thread_name.hpp>
#include <caf/resumable.hpp>

namespace chat {

namespace {
// Actors run at most this many jobs per I/O handler, each at most this many messages (at most
// 256 messages, ~1-5 ms), before the I/O thread serves its sockets and timers again: a busy
// room cannot starve reads, writes, heartbeats or the loop-lag probe (--shed-io-lag).
constexpr std::size_t jobs_per_slice = 32;
constexpr std::size_t messages_per_job = 8;
}  // namespace

void io_coordinator::install(caf::actor_system_config& cfg) {
  cfg.module_factories.push_back([](caf::actor_system& sys) -> caf::actor_system::module* {
    return new io_coordinator(sys);
  });
}

io_coordinator* io_coordinator::of(caf::actor_system& sys) {
  return dynamic_cast<io_coordinator*>(&sys.scheduler());
}

io_coordinator::io_coordinator(caf::actor_system& sys) : abstract_coordinator(sys) {}

io_coordinator::unit::unit(io_coordinator* parent)
    : caf::execution_unit(&parent->system()), parent_(parent) {}

void io_coordinator::unit::exec_later(caf::resumable* job) { parent_->enqueue(job); }

// -- where actors run -----------------------------------------------------------------------

void io_coordinator::attach_io(boost::asio::io_context& ioc) {
  std::lock_guard lock{mutex_};
  io_ = &ioc;
  if (!jobs_.empty() && !drain_posted_) {
    drain_posted_ = true;
    boost::asio::post(ioc, [this] { drain_on_io(); });
  }
}

void io_coordinator::detach_io() {
  std::lock_guard lock{mutex_};
  io_ = nullptr;
  drain_posted_ = false;  // a drain still queued on the stopped io_context never runs
  wake_.notify_one();
}

void io_coordinator::enqueue(caf::resumable* job) {
  boost::asio::io_context* post_to = nullptr;
  {
    std::lock_guard lock{mutex_};
    jobs_.push_back(job);
    if (io_ == nullptr) {
      wake_.notify_one();
      return;
    }
    // One drain queued at a time: every job pushed meanwhile rides on it, so a burst of
    // messages wakes the I/O thread once.
    if (!drain_posted_) {
      drain_posted_ = true;
      post_to = io_;
    }
  }
  if (post_to != nullptr)
    boost::asio::post(*post_to, [this] { drain_on_io(); });
}

void io_coordinator::run_one(caf::resumable* job) {
  const auto throughput = std::min(max_throughput_, messages_per_job);
  switch (job->resume(&unit_, throughput)) {
    case caf::resumable::resume_later:
      enqueue(job);
      break;
    case caf::resumable::done:
    case caf::resumable::awaiting_message:
    case caf::resumable::shutdown_execution_unit:
      caf::intrusive_ptr_release(job);
      break;
  }
}

void io_coordinator::run_first(std::unique_lock<std::mutex>& lock) {
  auto* job = jobs_.front();
  jobs_.pop_front();
  lock.unlock();
  run_one(job);
  lock.lock();
}

void io_coordinator::drain_on_io() {
  std::unique_lock lock{mutex_};
  for (std::size_t n = 0; n < jobs_per_slice; ++n) {
    if (jobs_.empty() || io_ == nullptr) {
      drain_posted_ = false;
      return;
    }
    run_first(lock);
  }
  // More is queued: let the I/O handlers waiting behind this one run first.
  if (io_ != nullptr && !jobs_.empty())
    boost::asio::post(*io_, [this] { drain_on_io(); });
  else
    drain_posted_ = false;
}

void io_coordinator::run_own_thread() {
  std::unique_lock lock{mutex_};
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || (io_ == nullptr && !jobs_.empty()); });
    if (stopping_)
      return;
    run_first(lock);
  }
}

// -- life cycle -----------------------------------------------------------------------------

void io_coordinator::start() {
  timer_ = std::thread{[this] {
    caf::detail::set_thread_name("caf.clock");
    system().thread_started();
    clock_.run_dispatch_loop();
    system().thread_terminates();
  }};
  own_ = std::thread{[this] {
    caf::detail::set_thread_name("caf.actors");
    system().thread_started();
    run_own_thread();
    system().thread_terminates();
  }};
  abstract_coordinator::start();
}

void io_coordinator::stop() {
  stop_actors();
  {
    std::lock_guard lock{mutex_};
    stopping_ = true;
    io_ = nullptr;
    wake_.notify_all();
  }
  own_.join();
  std::deque<caf::resumable*> left;
  {
    std::lock_guard lock{mutex_};
    left.swap(jobs_);
  }
  for (auto* job : left)
    cleanup_and_release(job);
  clock_.cancel_dispatch_loop();
  timer_.join();
}

// -- io_attachment --------------------------------------------------------------------------

io_attachment::io_attachment(caf::actor_system& sys, boost::asio::io_context& ioc)
    : coordinator_(io_coordinator::of(sys)) {
  if (coordinator_ != nullptr)
    coordinator_->attach_io(ioc);
}

io_attachment::~io_attachment() {
  if (coordinator_ != nullptr)
    coordinator_->detach_io();
}

}  // namespace chat
