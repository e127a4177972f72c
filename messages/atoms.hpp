// Every atom the actors use, one line each, grouped by the interface that uses it
// (store_api.hpp, chat_api.hpp). CAF 0.17 atoms: text of at most 10 characters; CAF's own
// (get_atom, flush_atom, ...) are not redefined.
#pragma once

#include <caf/atom.hpp>
#include <caf/type_id.hpp>

// -- store: writes ----------------------------------------------------------------------------
CAF_ADD_ATOM(chat, chat, append_atom, "append")
CAF_ADD_ATOM(chat, chat, mark_read_atom, "mark_read")
CAF_ADD_ATOM(chat, chat, direct_atom, "direct")
CAF_ADD_ATOM(chat, chat, group_new_atom, "group_new")
CAF_ADD_ATOM(chat, chat, add_members_atom, "add_membrs")
CAF_ADD_ATOM(chat, chat, remove_member_atom, "rm_member")
CAF_ADD_ATOM(chat, chat, register_atom, "register")
CAF_ADD_ATOM(chat, chat, pseudo_login_atom, "pseudo")
CAF_ADD_ATOM(chat, chat, add_token_atom, "add_token")
CAF_ADD_ATOM(chat, chat, revoke_atom, "revoke")
CAF_ADD_ATOM(chat, chat, stats_atom, "stats")
CAF_ADD_ATOM(chat, chat, prune_atom, "prune")

// -- readers ----------------------------------------------------------------------------------
CAF_ADD_ATOM(chat, chat, authenticate_atom, "auth")
CAF_ADD_ATOM(chat, chat, room_ids_atom, "room_ids")
CAF_ADD_ATOM(chat, chat, find_room_atom, "find_room")
CAF_ADD_ATOM(chat, chat, before_atom, "before")
CAF_ADD_ATOM(chat, chat, after_atom, "after")
CAF_ADD_ATOM(chat, chat, account_atom, "account")
CAF_ADD_ATOM(chat, chat, existing_atom, "existing")
CAF_ADD_ATOM(chat, chat, users_page_atom, "users_pg")
CAF_ADD_ATOM(chat, chat, rooms_page_atom, "rooms_pg")
CAF_ADD_ATOM(chat, chat, msgs_page_atom, "msgs_pg")

// -- chat actors ------------------------------------------------------------------------------
CAF_ADD_ATOM(chat, chat, sio_event_atom, "sio_event")
CAF_ADD_ATOM(chat, chat, sio_close_atom, "sio_close")
CAF_ADD_ATOM(chat, chat, frame_atom, "frame")
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
CAF_ADD_ATOM(chat, chat, online_atom, "online")
CAF_ADD_ATOM(chat, chat, logout_atom, "logout")
CAF_ADD_ATOM(chat, chat, sessions_atom, "sessions")
CAF_ADD_ATOM(chat, chat, members_atom, "members")

// -- cluster (Redis) ---------------------------------------------------------------------------
CAF_ADD_ATOM(chat, chat, cl_publish_atom, "cl_publish")
CAF_ADD_ATOM(chat, chat, cl_members_atom, "cl_members")
CAF_ADD_ATOM(chat, chat, cl_frame_atom, "cl_frame")
CAF_ADD_ATOM(chat, chat, cl_resync_atom, "cl_resync")
CAF_ADD_ATOM(chat, chat, cl_logout_atom, "cl_logout")
CAF_ADD_ATOM(chat, chat, p_local_atom, "p_local")
CAF_ADD_ATOM(chat, chat, p_remote_atom, "p_remote")
CAF_ADD_ATOM(chat, chat, heartbeat_atom, "heartbeat")
CAF_ADD_ATOM(chat, chat, reconnect_atom, "reconnect")

// -- REST password hashers --------------------------------------------------------------------
CAF_ADD_ATOM(chat, chat, pw_hash_atom, "pw_hash")
CAF_ADD_ATOM(chat, chat, pw_check_atom, "pw_check")
