// The messages the chat actors exchange (session, room, presence, registries): the shared
// frame type, the non-serializable payloads that only travel inside this process, and the
// shape of every message. Atoms live in messages/type_ids.hpp.
#pragma once

#include <memory>
#include <string>

#include <caf/allowed_unsafe_message_type.hpp>

#include "messages/type_ids.hpp"
#include "messages/wire_json.hpp"
#include "net/socketio/socket.hpp"

namespace chat {

/// One encoded Socket.IO packet (EVENT text without the Engine.IO '4'), encoded once and
/// shared by every socket it goes to.
using frame_ptr = std::shared_ptr<const std::string>;

/// Encodes `[event, payload]` for namespace "/" once.
frame_ptr make_frame(std::string_view event, json payload);

// -- message shapes (-> reply) ---------------------------------------------------------------
//
// bridge -> session:   (sio_event, std::string name, json args, socketio::ack_fn ack)
//                      (sio_close)                      the client is gone
// anyone -> session:   (frame, frame_ptr)               send as is
//                      (presence, id_t user, bool online)  emitted unless already sent
//                      (room_new, caf::actor room, id_t room, frame_ptr)  subscribed by
//                                                       that room (a new member): record, send
//                      (room_gone, id_t room)           no longer subscribed (left the room)
//                      (logout)                         token revoked: disconnect
// session -> room registry: (routed, id_t room, caf::message inner) -> whatever inner answers
// room registry -> room:    (routed, caf::message inner) counted for retirement
// room:                (room_sub, id_t user) -> caf::actor  (the room; sender = session)
//                      (room_unsub)                     sender = session
//                      (msg_send, id_t user, std::string body, id_t parent,
//                       std::string client_msg_id) -> message_info
//                      (history, id_t user, int64 before, int32 limit) -> vector<message_info>
//                      (msg_sync, id_t user, int64 after) -> vector<message_info>
//                      (msg_read, id_t user, int64 seq) -> int64 (the stored marker)
//                      (typing, id_t user, bool typing) -> bool
//                      (room_new, room_info) -> bool   just created: subscribe the members'
//                                                       live sessions, tell them, then answer
//                      (room_add, id_t user, vector<id_t> users) -> room_info  (the added
//                                                       members are subscribed and told first)
//                      (room_leave, id_t user) -> bool
//                      (presence, id_t user, bool online)   forward to the other members
//                      (get) -> vector<id_t>: the user of each subscribed session (tests)
// room -> room registry: (retire, id_t room, uint64 seen) ; registry -> room: (quit)
// room registry:       (presence, id_t user, bool online, vector<id_t> rooms) to live rooms
// session -> presence registry: (p_join, id_t user, std::string token_hash)
//                      (p_leave, id_t user)
//                      (p_watch, vector<id_t> users) -> vector<id_t> (those online now)
// room -> presence registry: (sessions, vector<id_t> users)
//                      -> (vector<id_t> user of each, vector<caf::actor> session)
// presence registry -> presence: (p_join, caf::actor session) (p_leave, caf::actor session)
//                      (p_watch, caf::actor session, bool answered)
// presence -> presence registry: (retire, id_t user, uint64 seen) ; registry -> presence: (quit)

}  // namespace chat

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(chat::json)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(chat::socketio::ack_fn)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(chat::frame_ptr)
