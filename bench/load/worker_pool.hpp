// The load generator's threads: one io_context per thread (epoll underneath), so everything
// a socket touches lives on one thread and needs no lock or strand. The main thread only
// posts work to a worker and waits for its answer.
#pragma once

#include <future>
#include <memory>
#include <optional>
#include <thread>
#include <type_traits>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

namespace chat::load {

class worker_pool {
 public:
  explicit worker_pool(unsigned count);
  ~worker_pool();
  worker_pool(const worker_pool&) = delete;
  worker_pool& operator=(const worker_pool&) = delete;

  unsigned size() const { return static_cast<unsigned>(workers_.size()); }
  boost::asio::io_context& context(unsigned index) { return workers_[index]->io; }

  /// Runs `fn` on worker `index` and returns its result once it ran.
  template <class Fn>
  std::invoke_result_t<Fn> call(unsigned index, Fn fn) {
    std::packaged_task<std::invoke_result_t<Fn>()> task(std::move(fn));
    auto result = task.get_future();
    boost::asio::post(context(index), [&task] { task(); });
    return result.get();
  }

  /// Stops every io_context (pending handlers are dropped) and joins the threads.
  void stop();

 private:
  struct worker {
    boost::asio::io_context io{1};  // one thread runs it: asio may skip its locking
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guard;
    std::thread thread;
  };
  std::vector<std::unique_ptr<worker>> workers_;
};

}  // namespace chat::load
