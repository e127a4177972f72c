// The REST calls of docs/protocol.md, one function each. Each answers through `ex` exactly once,
// now (validation errors are thrown) or later from an actor reply.
#pragma once

#include "actors/rest/flow.hpp"
#include "actors/rest/input.hpp"

namespace chat::rest {

// -- auth (auth_routes.cpp) ------------------------------------------------

/// POST /api/auth/register {username, password} -> 201 {user, token}; 409 when taken.
void post_register(const flow& f, const exchange& ex, const http::request& req);
/// POST /api/auth/login {username, password} -> 200 {user, token}; 401 when wrong.
void post_login(const flow& f, const exchange& ex, const http::request& req);
/// POST /api/auth/logout (bearer) -> 204; the token's sockets are closed too.
void post_logout(const flow& f, const exchange& ex, const http::request& req);
/// POST /api/users {username} -> 200 {user, token} in pseudo-auth mode, else 403.
void post_pseudo_login(const flow& f, const exchange& ex, const http::request& req);

// -- queries (query_routes.cpp) --------------------------------------------

/// GET /api/me -> {user}
void get_me(const flow& f, const exchange& ex, const http::request& req);
/// GET /api/users?limit&after -> {users, nextCursor}
void get_users(const flow& f, const exchange& ex, const http::request& req, const target& t);
/// GET /api/rooms?limit&after -> {rooms, nextCursor}
void get_rooms(const flow& f, const exchange& ex, const http::request& req, const target& t);
/// GET /api/rooms/:id/messages?before&limit -> {messages, nextBefore}
void get_messages(const flow& f, const exchange& ex, const http::request& req, const target& t,
                  id_t room_id);

/// The SHA/BLAKE2 hash of the request's bearer token. Throws unauthorized.
std::string bearer_hash(const http::request& req);

}  // namespace chat::rest
