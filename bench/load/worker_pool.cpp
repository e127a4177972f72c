// Starting and stopping the load generator's threads.
#include "bench/load/worker_pool.hpp"

namespace chat::load {

worker_pool::worker_pool(unsigned count) {
  for (unsigned i = 0; i < count; ++i) {
    auto w = std::make_unique<worker>();
    w->guard.emplace(w->io.get_executor());
    w->thread = std::thread([io = &w->io] { io->run(); });
    workers_.push_back(std::move(w));
  }
}

worker_pool::~worker_pool() { stop(); }

void worker_pool::stop() {
  for (auto& w : workers_) {
    w->guard.reset();
    w->io.stop();
  }
  for (auto& w : workers_)
    if (w->thread.joinable())
      w->thread.join();
}

}  // namespace chat::load
