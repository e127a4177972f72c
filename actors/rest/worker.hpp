// The REST worker actor: takes a request handed over from an I/O thread, validates it, asks
// the reader pool / store / password hashers / presence registry, and answers via the
// request's responder. Event-based: it never blocks, it only waits on replies.
#pragma once

#include <atomic>
#include <memory>
#include <vector>

#include <caf/actor.hpp>
#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/behavior.hpp>
#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/rest/auth_throttle.hpp"
#include "actors/rest/password_hasher.hpp"
#include "messages/chat_api.hpp"
#include "messages/store_api.hpp"

#include "actors/rest/options.hpp"
#include "net/http/handler.hpp"

namespace chat::rest {

/// What every worker shares (read-only after start-up, except the hasher round-robin).
struct rest_context {
  store_actor store;
  reader_actor readers;
  presence_registry_actor presence;  ///< may be invalid: every user then shows offline
  std::vector<password_hasher_actor> hashers;
  std::atomic<std::size_t> next_hasher{0};
  std::atomic<std::size_t> password_jobs{0};  ///< queued or running on the hashers
  rest_options options;
  std::unique_ptr<auth_throttle> by_username;  ///< sign-in attempts per username
  std::unique_ptr<auth_throttle> by_address;   ///< sign-in attempts per client address

  /// The next password hasher, round-robin.
  const password_hasher_actor& hasher() {
    return hashers[next_hasher.fetch_add(1, std::memory_order_relaxed) % hashers.size()];
  }
};

/// One REST request and its answer path, handed from an I/O thread to a worker.
struct rest_call {
  http::request request;
  http::responder reply;
};

/// A REST worker: takes calls handed over from the I/O threads.
using rest_worker_actor = caf::typed_actor<caf::reacts_to<rest_call>>;

/// The worker's behaviour: answers every rest_call exactly once.
rest_worker_actor::behavior_type rest_worker(rest_worker_actor::pointer self,
                                             std::shared_ptr<rest_context> ctx);

}  // namespace chat::rest

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(chat::rest::rest_call)
