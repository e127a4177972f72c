// Route templates for http_requests_total: ids in paths collapse to ":id", unknown /api paths to
// "/api/other", everything outside /api, /socket.io, /healthz and /metrics to "static".
#include "net/metrics/http_metrics.hpp"

#include <string>

namespace chat::metrics {

namespace {

bool is_number(std::string_view s) noexcept {
  if (s.empty())
    return false;
  for (char c : s)
    if (c < '0' || c > '9')
      return false;
  return true;
}

}  // namespace

http_metrics::http_metrics(registry& reg)
  : open_connections_(reg.add_gauge("http_open_connections",
                                    "HTTP connections currently open (WebSocket included)")
                        .with({})) {
  auto& fam = reg.add_counter("http_requests_total", "HTTP requests answered, by route and status",
                              {"route", "status"});
  fam.hide_zero_series(true);
  for (std::size_t r = 0; r < routes.size(); ++r)
    for (std::size_t s = 0; s < statuses.size(); ++s)
      requests_[r][s] = &fam.with({std::string{routes[r]}, std::string{statuses[s]}});
}

void http_metrics::record(std::string_view target, unsigned status) noexcept {
  requests_[route_of(target)][status_of(status)]->inc();
}

std::size_t http_metrics::route_of(std::string_view target) noexcept {
  auto path = target.substr(0, target.find('?'));
  if (path.size() > 1 && path.back() == '/')
    path.remove_suffix(1);
  auto index = [](std::string_view name) {
    for (std::size_t i = 0; i < routes.size(); ++i)
      if (routes[i] == name)
        return i;
    return routes.size() - 1;
  };
  if (path == "/socket.io" || path.starts_with("/socket.io/"))
    return index("/socket.io");
  if (path == "/healthz" || path == "/metrics")
    return index(path);
  if (path != "/api" && !path.starts_with("/api/"))
    return index("static");
  constexpr std::string_view rooms = "/api/rooms/";
  constexpr std::string_view messages = "/messages";
  if (path.starts_with(rooms) && path.ends_with(messages)
      && path.size() > rooms.size() + messages.size()
      && is_number(path.substr(rooms.size(), path.size() - rooms.size() - messages.size())))
    return index("/api/rooms/:id/messages");
  for (std::size_t i = 0; i < 7; ++i)  // the fixed /api routes come first in `routes`
    if (path == routes[i])
      return i;
  return index("/api/other");
}

std::size_t http_metrics::status_of(unsigned status) noexcept {
  for (std::size_t i = 0; i + 1 < statuses.size(); ++i) {
    unsigned code = 0;
    for (char c : statuses[i])
      code = code * 10 + static_cast<unsigned>(c - '0');
    if (code == status)
      return i;
  }
  return statuses.size() - 1;
}

}  // namespace chat::metrics
