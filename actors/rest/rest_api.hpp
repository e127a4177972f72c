// The REST API as an HTTP handler: main mounts one rest_api at /api, /healthz and /metrics.
// handle() runs on an I/O thread and never blocks: /healthz and /metrics answer in place,
// every /api call is handed to a REST worker actor (see rest_worker.hpp).
#pragma once

#include <atomic>
#include <memory>
#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include "actors/rest/options.hpp"
#include "actors/rest/worker.hpp"
#include "net/http/handler.hpp"
#include "net/metrics/http_metrics.hpp"
#include "net/metrics/registry.hpp"

namespace chat::rest {

struct rest_context;

class rest_api : public http::handler {
 public:
  /// Spawns the REST workers and password hashers in `sys`. `store` takes write_jobs,
  /// `readers` read_jobs; `presence` (may be invalid: everyone offline, logout closes no
  /// sockets) answers online queries and logout notices. `metrics` is rendered at /metrics;
  /// the HTTP families (http_requests_total, http_open_connections) are registered in it.
  rest_api(caf::actor_system& sys, store_actor store, reader_actor readers,
           presence_registry_actor presence,
           rest_options options, metrics::registry& metrics);
  /// Stops the workers and hashers (call before the actor system goes away).
  ~rest_api() override;

  /// Stops the workers and hashers now. Idempotent. Needed at shutdown because open
  /// long-polls may keep this handler referenced past the point where the actor system
  /// waits for its actors.
  void shutdown();

  rest_api(const rest_api&) = delete;
  rest_api& operator=(const rest_api&) = delete;

  void handle(http::request req, http::responder reply) override;

  /// Counts one answered request of any route (wire to http::server_options::on_response).
  void observe(const http::request& req, unsigned status) noexcept {
    http_metrics_.record(req.target(), status);
  }

  /// The HTTP metrics, e.g. to keep http_open_connections current from the server.
  metrics::http_metrics& http_metrics() noexcept { return http_metrics_; }

 private:
  std::shared_ptr<rest_context> ctx_;
  metrics::registry& metrics_;
  metrics::http_metrics http_metrics_;
  std::vector<rest_worker_actor> workers_;
  std::atomic<std::size_t> next_worker_{0};
};

}  // namespace chat::rest

namespace chat {
using rest::rest_api;
using rest::rest_options;
}  // namespace chat
