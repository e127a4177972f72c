// rest_api: the I/O-thread side. Only routing by prefix and two cheap answers happen here.
#include "actors/rest/rest_api.hpp"

#include <caf/send.hpp>

#include "actors/rest/password_hasher.hpp"
#include "actors/rest/reply.hpp"
#include "actors/rest/worker.hpp"

namespace chat::rest {

namespace beast_http = boost::beast::http;

rest_api::rest_api(caf::actor_system& sys, store_actor store, reader_actor readers,
                   presence_registry_actor presence, rest_options options,
                   metrics::registry& metrics)
  : ctx_(std::make_shared<rest_context>()), metrics_(metrics), http_metrics_(metrics) {
  ctx_->store = std::move(store);
  ctx_->readers = std::move(readers);
  ctx_->presence = std::move(presence);
  ctx_->options = options;
  ctx_->by_username = std::make_unique<auth_throttle>(
    auth_throttle::limits{options.auth_per_minute, options.auth_burst});
  ctx_->by_address = std::make_unique<auth_throttle>(auth_throttle::limits{
    options.auth_per_minute_per_address, options.auth_burst_per_address});
  ctx_->hashers = spawn_password_hashers(sys, options.hashers, options.password_cost);
  for (std::size_t i = 0; i < std::max<std::size_t>(options.workers, 1); ++i)
    workers_.push_back(sys.spawn(rest_worker, ctx_));
}

rest_api::~rest_api() { shutdown(); }

void rest_api::shutdown() {
  if (!ctx_)
    return;
  for (auto& w : workers_)
    caf::anon_send_exit(w, caf::exit_reason::user_shutdown);
  for (auto& h : ctx_->hashers)
    caf::anon_send_exit(h, caf::exit_reason::user_shutdown);
  workers_.clear();
  ctx_->hashers.clear();
  // The store and reader handles too: chatd's actor system waits for its detached actors
  // before the io_context (outliving it) destroys the long-polls that still reference us.
  ctx_.reset();
}

void rest_api::handle(http::request req, http::responder reply) {
  auto target = req.target();
  auto path = target.substr(0, target.find('?'));
  bool get = req.method() == beast_http::verb::get;
  if (path == "/healthz" || path == "/metrics") {
    if (!get) {
      reply.send(json_response(404, error_body(chat_errc::not_found, "only GET is served here"),
                               req.version()));
    } else if (path == "/healthz") {
      reply.send(json_response(200, {{"status", "ok"}}, req.version()));
    } else {
      http::response res{beast_http::status::ok, req.version()};
      res.set(beast_http::field::content_type, metrics::registry::content_type);
      res.body() = metrics_.render();
      reply.send(std::move(res));
    }
    return;
  }
  auto& worker = workers_[next_worker_.fetch_add(1, std::memory_order_relaxed) % workers_.size()];
  caf::anon_send(worker, rest_call{std::move(req), std::move(reply)});
}

}  // namespace chat::rest
