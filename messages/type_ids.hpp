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
  CAF_ADD_TYPE_ID(chat, (chat::store_stats))
  CAF_ADD_ATOM(chat, chat, stats_atom, "stats")
  CAF_ADD_TYPE_ID(chat, (std::vector<chat::id_t>))

CAF_END_TYPE_ID_BLOCK(chat)
