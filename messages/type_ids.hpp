// The one CAF type-id block of the project: every type and atom that travels between actors.
// Add new entries at the end of the block (ids are assigned in order).
#pragma once

#include <caf/type_id.hpp>

#include "messages/domain.hpp"
#include "messages/store_stats.hpp"

CAF_BEGIN_TYPE_ID_BLOCK(chat, caf::first_custom_type_id)

  CAF_ADD_TYPE_ID(chat, (chat::user_info))
  CAF_ADD_TYPE_ID(chat, (chat::room_info))
  CAF_ADD_TYPE_ID(chat, (chat::message_info))
  CAF_ADD_TYPE_ID(chat, (std::vector<chat::user_info>))
  CAF_ADD_TYPE_ID(chat, (std::vector<chat::message_info>))

  // -- chat actors (actors/chat_protocol.hpp documents the message shapes) --
  CAF_ADD_TYPE_ID(chat, (std::vector<chat::id_t>))
  CAF_ADD_ATOM(chat, chat, sio_event_atom, "sio_event")
  CAF_ADD_ATOM(chat, chat, sio_close_atom, "sio_close")
  CAF_ADD_ATOM(chat, chat, frame_atom, "frame")
  CAF_ADD_ATOM(chat, chat, routed_atom, "routed")
  CAF_ADD_ATOM(chat, chat, retire_atom, "retire")
  CAF_ADD_ATOM(chat, chat, quit_atom, "quit")
  CAF_ADD_ATOM(chat, chat, idle_check_atom, "idle_chk")
  CAF_ADD_ATOM(chat, chat, room_sub_atom, "room_sub")
  CAF_ADD_ATOM(chat, chat, room_unsub_atom, "room_unsub")
  CAF_ADD_ATOM(chat, chat, room_gone_atom, "room_gone")
  CAF_ADD_ATOM(chat, chat, room_new_atom, "room_new")
  CAF_ADD_ATOM(chat, chat, room_add_atom, "room_add")
  CAF_ADD_ATOM(chat, chat, room_leave_atom, "room_leave")
  CAF_ADD_ATOM(chat, chat, msg_send_atom, "msg_send")
  CAF_ADD_ATOM(chat, chat, history_atom, "history")
  CAF_ADD_ATOM(chat, chat, msg_sync_atom, "msg_sync")
  CAF_ADD_ATOM(chat, chat, msg_read_atom, "msg_read")
  CAF_ADD_ATOM(chat, chat, typing_atom, "typing")
  CAF_ADD_ATOM(chat, chat, presence_atom, "presence")
  CAF_ADD_ATOM(chat, chat, p_join_atom, "p_join")
  CAF_ADD_ATOM(chat, chat, p_leave_atom, "p_leave")
  CAF_ADD_ATOM(chat, chat, p_watch_atom, "p_watch")
  CAF_ADD_ATOM(chat, chat, p_state_atom, "p_state")
  CAF_ADD_ATOM(chat, chat, online_atom, "online")
  CAF_ADD_ATOM(chat, chat, logout_atom, "logout")
  CAF_ADD_TYPE_ID(chat, (chat::store_stats))
  CAF_ADD_ATOM(chat, chat, stats_atom, "stats")
  CAF_ADD_ATOM(chat, chat, sessions_atom, "sessions")

CAF_END_TYPE_ID_BLOCK(chat)
