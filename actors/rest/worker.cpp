// Routing of /api/* to the calls of rest_routes.hpp. Runs on a scheduler worker: everything
// here either answers at once or sends a request and returns.
#include "actors/rest/worker.hpp"

#include <string_view>

#include "actors/rest/routes.hpp"

namespace chat::rest {

namespace {

using verb = boost::beast::http::verb;

/// "/api/rooms/42/messages" -> 42; nullopt when the path is not of that shape.
std::optional<std::string_view> room_messages_id(std::string_view path) {
  constexpr std::string_view prefix = "/api/rooms/";
  constexpr std::string_view suffix = "/messages";
  if (!path.starts_with(prefix) || !path.ends_with(suffix)
      || path.size() <= prefix.size() + suffix.size())
    return std::nullopt;
  auto id = path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
  if (id.find('/') != std::string_view::npos)
    return std::nullopt;
  return id;
}

[[noreturn]] void no_route(const http::request& req, std::string_view path) {
  throw chat_error(chat_errc::not_found,
                   "no route for " + std::string{req.method_string()} + " " + std::string{path});
}

void dispatch(const flow& f, const exchange& ex, const http::request& req) {
  if (req.body().size() > f.ctx->options.max_body_bytes)
    throw chat_error(chat_errc::payload_too_large, "request body too large");
  auto t = parse_target(req.target());
  const auto& path = t.path;
  auto method = req.method();
  if (path == "/api/auth/register" && method == verb::post)
    return post_register(f, ex, req);
  if (path == "/api/auth/login" && method == verb::post)
    return post_login(f, ex, req);
  if (path == "/api/auth/logout" && method == verb::post)
    return post_logout(f, ex, req);
  if (path == "/api/users" && method == verb::post)
    return post_pseudo_login(f, ex, req);
  if (path == "/api/users" && method == verb::get)
    return get_users(f, ex, req, t);
  if (path == "/api/me" && method == verb::get)
    return get_me(f, ex, req);
  if (path == "/api/rooms" && method == verb::get)
    return get_rooms(f, ex, req, t);
  if (auto id = room_messages_id(path); id && method == verb::get) {
    auto room_id = to_positive(*id);
    if (!room_id)
      throw chat_error(chat_errc::bad_request, "room id must be a positive integer");
    return get_messages(f, ex, req, t, *room_id);
  }
  no_route(req, path);
}

}  // namespace

rest_worker_actor::behavior_type rest_worker(rest_worker_actor::pointer self,
                                             std::shared_ptr<rest_context> ctx) {
  return {
    [self, ctx](rest_call& call) {
      exchange ex{call.request.version(), std::move(call.reply)};
      try {
        dispatch(flow{self, ctx}, ex, call.request);
      } catch (const std::exception& e) {
        ex.fail(e);
      }
    },
  };
}

}  // namespace chat::rest
