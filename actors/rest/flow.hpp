// Helpers for writing a REST call as a chain of actor requests: ask() sends one request and
// continues with the typed answer, failing the exchange on an error or an exception;
// with_online() adds the presence registry's online flags.
#pragma once

#include <memory>
#include <unordered_set>
#include <utility>
#include <vector>

#include <caf/atom.hpp>
#include <caf/error.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/to_string.hpp>

#include "actors/rest/reply.hpp"
#include "actors/rest/worker.hpp"
#include "common/log.hpp"
#include "messages/type_ids.hpp"

namespace chat::rest {

// Presence registry protocol (messages/type_ids.hpp atoms, actors/chat_service.hpp):
// (online_atom, std::vector<id_t>) -> std::vector<id_t> (the online subset);
// (logout_atom, std::string token_hash) -> closes that token's sockets.
using chat::logout_atom;
using chat::online_atom;

/// The acting worker and the shared context, as captured by continuations.
struct flow {
  caf::event_based_actor* self;
  std::shared_ptr<rest_context> ctx;
};

/// Sends `xs...` to `dest`; on an answer of type R runs on_ok(R&), guarded: an exception or
/// an error answer fails `ex` instead (chat errors keep their code, the rest become 500).
template <class R, class F, class... Ts>
void ask(const flow& f, const exchange& ex, const caf::actor& dest, F on_ok, Ts&&... xs) {
  f.self->request(dest, f.ctx->options.request_timeout, std::forward<Ts>(xs)...)
    .then(
      [ex, on_ok = std::move(on_ok)](R& result) mutable {
        try {
          on_ok(result);
        } catch (const std::exception& e) {
          ex.fail(e);
        }
      },
      [ex](caf::error& err) { ex.fail(err); });
}

/// Runs then(online) with the subset of `ids` that is online now; when the registry is absent
/// or does not answer in time, nobody is online (the call still succeeds).
template <class F>
void with_online(const flow& f, const exchange& ex, std::vector<id_t> ids, F then) {
  auto guarded = [ex, then = std::move(then)](std::unordered_set<id_t> online) mutable {
    try {
      then(online);
    } catch (const std::exception& e) {
      ex.fail(e);
    }
  };
  if (!f.ctx->presence || ids.empty()) {
    guarded({});
    return;
  }
  f.self->request(f.ctx->presence, f.ctx->options.presence_timeout, online_atom::value, std::move(ids))
    .then(
      [guarded](std::vector<id_t>& online) mutable {
        guarded(std::unordered_set<id_t>(online.begin(), online.end()));
      },
      [guarded](caf::error& err) mutable {
        log::warn("rest: presence registry did not answer: " + caf::to_string(err));
        guarded({});
      });
}

}  // namespace chat::rest
