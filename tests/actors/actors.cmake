# Actor tests: the chat actors (session, room, presence, registries, bridge) with the real
# store and readers on a temp-file database and fake Socket.IO sockets; payload validation.
add_executable(chat_actors_test
  actors/event_validation_test.cpp
  actors/room_test.cpp
  actors/presence_test.cpp
  actors/session_test.cpp
  actors/membership_test.cpp
)
target_link_libraries(chat_actors_test PRIVATE chat_actors chat_doctest_main)
target_include_directories(chat_actors_test PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/actors
                           ${CMAKE_CURRENT_SOURCE_DIR}/unit/persistence)
foreach(suite IN ITEMS event_validation room presence session membership)
  add_test(NAME actors.${suite} COMMAND chat_actors_test --test-suite=${suite})
endforeach()
