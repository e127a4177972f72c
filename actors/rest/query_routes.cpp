// The read side of the REST API: me, users, rooms, message history. Each is one read job
// (token check included); users also get their online flags from the presence registry.
#include <limits>

#include "actors/rest/routes.hpp"

namespace chat::rest {

namespace {

/// Answers an already rendered JSON body.
void answer_text(const exchange& ex, std::string& body) {
  auto res = json_response(200, json::object(), ex.version());
  res.body() = std::move(body);
  ex.send(std::move(res));
}

}  // namespace

void get_me(const flow& f, const exchange& ex, const http::request& req) {
  ask(
    f, ex, f.ctx->readers,
    [f, ex](user_info& me) {
      with_online(f, ex, {me.id}, [ex, me](const std::unordered_set<id_t>& online) {
        ex.json_body(200, {{"user", user_json(me, online.contains(me.id))}});
      });
    },
    authenticate_atom_v, bearer_hash(req));
}

void get_users(const flow& f, const exchange& ex, const http::request& req, const target& t) {
  auto token = bearer_hash(req);  // 401 before 400
  auto limit = parse_limit(t);
  auto after = t.param("after").value_or("");
  ask(
    f, ex, f.ctx->readers,
    [f, ex](std::vector<user_info>& page, std::string& next_cursor) {
      std::vector<id_t> ids;
      for (const auto& u : page)
        ids.push_back(u.id);
      with_online(f, ex, std::move(ids),
                  [ex, page = std::move(page),
                   next_cursor = std::move(next_cursor)](const std::unordered_set<id_t>& online) {
                    json users = json::array();
                    for (const auto& u : page)
                      users.push_back(user_json(u, online.contains(u.id)));
                    json cursor = next_cursor.empty() ? json(nullptr) : json(next_cursor);
                    ex.json_body(200, {{"users", std::move(users)}, {"nextCursor", std::move(cursor)}});
                  });
    },
    users_page_atom_v, std::move(token), std::move(after), static_cast<std::int32_t>(limit));
}

void get_rooms(const flow& f, const exchange& ex, const http::request& req, const target& t) {
  auto token = bearer_hash(req);
  auto limit = parse_limit(t);
  auto after = t.param("after").value_or("");
  ask(
    f, ex, f.ctx->readers, [ex](std::string& body) { answer_text(ex, body); },
    rooms_page_atom_v, std::move(token), std::move(after), static_cast<std::int32_t>(limit));
}

void get_messages(const flow& f, const exchange& ex, const http::request& req, const target& t,
                  id_t room_id) {
  auto token = bearer_hash(req);
  auto limit = parse_limit(t);
  auto before = parse_positive(t, "before").value_or(std::numeric_limits<std::int64_t>::max());
  ask(
    f, ex, f.ctx->readers, [ex](std::string& body) { answer_text(ex, body); },
    msgs_page_atom_v, std::move(token), room_id, before, static_cast<std::int32_t>(limit));
}

}  // namespace chat::rest
