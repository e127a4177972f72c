// The --max-connections bound (see connection_limit.hpp).
#include "net/http/connection_limit.hpp"

namespace chat::http {

connection_limit::connection_limit(std::size_t max) : state_(std::make_shared<state>()) { state_->max = max; }

connection_slot connection_limit::try_acquire() {
  auto open = state_->open.load();
  do {
    if (open >= state_->max) {
      ++state_->refused;
      return nullptr;
    }
  } while (!state_->open.compare_exchange_weak(open, open + 1));
  // The slot points at the shared state and keeps it alive; dropping the last copy frees it.
  return connection_slot(state_.get(), [s = state_](const void*) { --s->open; });
}

}  // namespace chat::http
