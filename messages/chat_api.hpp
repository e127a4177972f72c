// The typed interfaces of the chat actors: session (one per Socket.IO connection), room (one
// per active room), presence (one per user with sockets or watchers) and the two registries
// that find them. Declared in dependency order, so no interface needs a later one.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "common/ack_args.hpp"
#include "messages/atoms.hpp"
#include "messages/domain.hpp"
#include "messages/wire_json.hpp"

namespace chat {

/// One encoded Socket.IO packet, encoded once and shared by every socket it goes to.
using frame_ptr = std::shared_ptr<const std::string>;

/// Answers a client's ack (the same type as socketio::ack_fn): thread-safe, at most once.
using ack_fn = std::function<void(ack_args args)>;

/// A client's connection (namespace "/").
using session_actor = caf::typed_actor<
  /// From the socket bridge: a client event (name, arguments, ack or empty).
  caf::reacts_to<sio_event_atom, std::string, json, ack_fn>,
  /// From the socket bridge: the client is gone.
  caf::reacts_to<sio_close_atom>,
  /// Send this frame to the client as it is.
  caf::reacts_to<frame_atom, frame_ptr>,
  /// (user, online): emitted to the client unless it already has that state.
  caf::reacts_to<presence_atom, id_t, bool>,
  /// (room, room:new frame): the sending room subscribed this session (a new member).
  caf::reacts_to<room_new_atom, id_t, frame_ptr>,
  /// (room): no longer subscribed (the user left it).
  caf::reacts_to<room_gone_atom, id_t>,
  /// The token of this connection was revoked: disconnect.
  caf::reacts_to<logout_atom>>;

/// A room: membership checks, posting through the store, fan-out to subscribed sessions.
using room_actor = caf::typed_actor<
  /// From the registry: (user, session) -> true once the session receives the room's events;
  /// forbidden for non-members.
  caf::replies_to<room_sub_atom, id_t, session_actor>::with<bool>,
  /// (session): stop sending to it.
  caf::reacts_to<room_unsub_atom, session_actor>,
  /// From the registry: the store just created this room; subscribe the members' live
  /// sessions and tell them (room:new), then answer.
  caf::replies_to<room_new_atom, room_info>::with<bool>,
  /// (user, body, parent, clientMsgId) -> the stored message as JSON text (message_json_text,
  /// encoded once for the ack and the message:new of every recipient), after its commit;
  /// every other subscribed session (not the sending one) gets message:new.
  caf::replies_to<msg_send_atom, id_t, std::string, id_t, std::string>::with<frame_ptr>,
  /// (user, before, limit) -> messages with seq < before, newest first.
  caf::replies_to<history_atom, id_t, std::int64_t, std::int32_t>::with<std::vector<message_info>>,
  /// (user, after seq, limit) -> messages with seq > after, oldest first.
  caf::replies_to<msg_sync_atom, id_t, std::int64_t, std::int32_t>::with<
    std::vector<message_info>>,
  /// (user, seq) -> the read marker now stored; the others get message:read.
  caf::replies_to<msg_read_atom, id_t, std::int64_t>::with<std::int64_t>,
  /// (user, typing) -> true; the others get typing.
  caf::replies_to<typing_atom, id_t, bool>::with<bool>,
  /// (user, users to add) -> the room with every member; the added are subscribed first.
  caf::replies_to<room_add_atom, id_t, std::vector<id_t>>::with<room_info>,
  /// (user) -> true once the user is no longer a member.
  caf::replies_to<room_leave_atom, id_t>::with<bool>,
  /// (user, online): forwarded to the other members' sessions.
  caf::reacts_to<presence_atom, id_t, bool>,
  /// From the registry, diagnostics (tests): the user of every subscribed session, sorted.
  caf::replies_to<caf::get_atom>::with<std::vector<id_t>>,
  /// From another node (cluster): (frame, users whose sockets skip it, seq of a message:new
  /// or 0) — to every subscribed session here.
  caf::reacts_to<cl_frame_atom, frame_ptr, std::vector<id_t>, std::int64_t>,
  /// From another node: (room as now, users added, users removed) — subscribe the added
  /// users' sessions here and tell them (room:new), drop the removed ones.
  caf::reacts_to<cl_members_atom, room_info, std::vector<id_t>, std::vector<id_t>>,
  /// The cluster lost broadcasts (Redis was away): tell every subscribed session to sync.
  caf::reacts_to<cl_resync_atom>,
  /// Self-sent: retire when idle long enough.
  caf::reacts_to<idle_check_atom>,
  /// From the registry: stop once nothing is in flight.
  caf::reacts_to<quit_atom>>;

/// Finds the room actor of a room id (spawned on demand) and retires idle rooms race-free.
using room_registry_actor = caf::typed_actor<
  /// (room, user, session) -> the room, once it has subscribed the session.
  caf::replies_to<room_sub_atom, id_t, id_t, session_actor>::with<room_actor>,
  /// (room just created) -> the room, once it has subscribed and told the members.
  caf::replies_to<room_new_atom, room_info>::with<room_actor>,
  /// From a room: (room, registry messages it has seen) — dropped only if nothing is on its
  /// way to it.
  caf::reacts_to<retire_atom, id_t, std::uint64_t>,
  /// (user, online, rooms of the user): forwarded to those rooms that are alive.
  caf::reacts_to<presence_atom, id_t, bool, std::vector<id_t>>,
  /// Diagnostics (tests): (room) -> the user of every session it has subscribed, sorted.
  caf::replies_to<caf::get_atom, id_t>::with<std::vector<id_t>>,
  /// From another node: (room, frame, users skipped, seq) — to the room if it is alive here
  /// (otherwise no session here is subscribed to it).
  caf::reacts_to<cl_frame_atom, id_t, frame_ptr, std::vector<id_t>, std::int64_t>,
  /// From another node: a room's members changed (the room is started here if needed).
  caf::reacts_to<cl_members_atom, room_info, std::vector<id_t>, std::vector<id_t>>,
  /// To every live room: broadcasts may have been lost.
  caf::reacts_to<cl_resync_atom>>;

/// One user's presence: online = at least one session.
using presence_actor = caf::typed_actor<
  caf::reacts_to<p_join_atom, session_actor>,
  caf::reacts_to<p_leave_atom, session_actor>,
  /// (watcher, what the registry answered it): watch the user's transitions.
  caf::reacts_to<p_watch_atom, session_actor, bool>,
  /// (online on another node): with the sessions here, decides online.
  caf::reacts_to<p_remote_atom, bool>,
  caf::reacts_to<quit_atom>>;

/// Finds the presence actor of a user, mirrors who is online, maps tokens to sessions.
using presence_registry_actor = caf::typed_actor<
  /// (user, token hash, session): a session opened -> registered (false: the user already
  /// holds as many sockets as allowed; the session is not registered and must close).
  caf::replies_to<p_join_atom, id_t, std::string, session_actor>::with<bool>,
  /// (user, session): a session closed.
  caf::reacts_to<p_leave_atom, id_t, session_actor>,
  /// (users, watcher) -> those online now; later transitions go to the watcher.
  caf::replies_to<p_watch_atom, std::vector<id_t>, session_actor>::with<std::vector<id_t>>,
  /// (users) -> their registered sessions, as parallel lists (user of each, session).
  caf::replies_to<sessions_atom, std::vector<id_t>>::with<std::vector<id_t>,
                                                          std::vector<session_actor>>,
  /// (users) -> the online subset (REST).
  caf::replies_to<online_atom, std::vector<id_t>>::with<std::vector<id_t>>,
  /// (token hash): disconnect every socket opened with that token.
  caf::reacts_to<logout_atom, std::string>,
  /// From a presence actor: (user, registry messages it has seen).
  caf::reacts_to<retire_atom, id_t, std::uint64_t>,
  /// Set once at start: the two registries know each other.
  caf::reacts_to<room_registry_actor>,
  /// From the cluster: (user, online on some other node) changed.
  caf::reacts_to<p_remote_atom, id_t, bool>,
  /// From another node: (users, frame, users skipped) — to those users' sessions here;
  /// no users: to every session here.
  caf::reacts_to<cl_frame_atom, std::vector<id_t>, frame_ptr, std::vector<id_t>>,
  /// From another node: (token hash) was revoked there: disconnect its sockets here.
  caf::reacts_to<cl_logout_atom, std::string>>;

}  // namespace chat

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(chat::json)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(chat::ack_fn)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(chat::frame_ptr)
