# chat_actors: the chat path — session, room, presence, their registries, the Socket.IO bridge.
add_library(chat_actors STATIC
  chat_jobs.cpp
  chat_service.cpp
  event_validation.cpp
  presence_actor.cpp
  presence_registry.cpp
  room_actor.cpp
  room_registry.cpp
  session_actor.cpp
  session_events.cpp
  socket_bridge.cpp
)
target_include_directories(chat_actors PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(chat_actors PUBLIC chat_store chat_socketio chat_persistence chat_messages
                      ${CAF_CORE})
