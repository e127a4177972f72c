// The one CAF type-id block of the project: every type that travels between actors, the typed
// actor handles included. Add new entries at the end (ids are assigned in order).
#pragma once

#include <caf/type_id.hpp>

#include "messages/chat_api.hpp"
#include "messages/domain.hpp"
#include "messages/store_api.hpp"
#include "messages/store_stats.hpp"

CAF_BEGIN_TYPE_ID_BLOCK(chat, caf::first_custom_type_id)

  CAF_ADD_TYPE_ID(chat, (chat::user_info))
  CAF_ADD_TYPE_ID(chat, (chat::room_info))
  CAF_ADD_TYPE_ID(chat, (chat::message_info))
  CAF_ADD_TYPE_ID(chat, (std::vector<chat::user_info>))
  CAF_ADD_TYPE_ID(chat, (std::vector<chat::message_info>))
  CAF_ADD_TYPE_ID(chat, (std::vector<chat::id_t>))
  CAF_ADD_TYPE_ID(chat, (chat::store_stats))
  CAF_ADD_TYPE_ID(chat, (chat::store_actor))
  CAF_ADD_TYPE_ID(chat, (chat::reader_actor))
  CAF_ADD_TYPE_ID(chat, (chat::session_actor))
  CAF_ADD_TYPE_ID(chat, (std::vector<chat::session_actor>))
  CAF_ADD_TYPE_ID(chat, (chat::room_actor))
  CAF_ADD_TYPE_ID(chat, (chat::room_registry_actor))
  CAF_ADD_TYPE_ID(chat, (chat::presence_actor))
  CAF_ADD_TYPE_ID(chat, (chat::presence_registry_actor))

CAF_END_TYPE_ID_BLOCK(chat)
