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
#include <caf/typed_event_based_actor.hpp>
#include <caf/to_string.hpp>

#include "actors/rest/reply.hpp"
#include "actors/rest/worker.hpp"
#include "common/log.hpp"
#include "messages/type_ids.hpp"

namespace chat::rest {

/// The acting worker and the shared context, as captured by continuations.
struct flow {
  rest_worker_actor::pointer self;
  std::shared_ptr<rest_context> ctx;
};

/// `f` with its exceptions turned into a failed exchange (chat errors keep their code, the
/// rest become 500); keeps f's argument types, which CAF matches against the reply.
template <class F, class... Ts>
auto guarded_impl(const exchange& ex, F f, caf::detail::type_list<Ts...>) {
  return [ex, f = std::move(f)](Ts... xs) mutable {
    try {
      f(std::forward<Ts>(xs)...);
    } catch (const std::exception& e) {
      ex.fail(e);
    }
  };
}

template <class F>
auto guarded(const exchange& ex, F f) {
  using args = typename caf::detail::get_callable_trait<F>::arg_types;
  return guarded_impl(ex, std::move(f), args{});
}

/// Sends `xs...` to `dest` (a typed handle: the reply's types are checked against on_ok's
/// arguments at compile time); on the answer runs on_ok, guarded; an error answer fails `ex`.
template <class Handle, class F, class... Ts>
void ask(const flow& f, const exchange& ex, const Handle& dest, F on_ok, Ts&&... xs) {
  f.self->request(dest, f.ctx->options.request_timeout, std::forward<Ts>(xs)...)
    .then(guarded(ex, std::move(on_ok)), [ex](caf::error& err) { ex.fail(err); });
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
  f.self->request(f.ctx->presence, f.ctx->options.presence_timeout, online_atom_v, std::move(ids))
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
