# Persistence: migrations, repositories and credentials on SQLite (:memory: and temp files);
# the store actor's group commit and the reader pool (tests with a real actor system).
add_executable(persistence_test
  unit/persistence/chat_caf_error_test.cpp
  unit/persistence/credentials_test.cpp
  unit/persistence/message_repository_test.cpp
  unit/persistence/migrations_test.cpp
  unit/persistence/room_repository_test.cpp
  unit/persistence/user_token_repository_test.cpp
)
target_link_libraries(persistence_test PRIVATE chat_store chat_persistence chat_doctest_main)
target_include_directories(persistence_test PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/unit/persistence)
foreach(suite IN ITEMS migrations credentials users tokens rooms read_markers messages
                       chat_caf_error)
  add_test(NAME persistence.${suite} COMMAND persistence_test --test-suite=${suite})
endforeach()

add_executable(store_actor_test
  unit/persistence/reader_pool_test.cpp
  unit/persistence/store_actor_test.cpp
)
target_link_libraries(store_actor_test PRIVATE chat_store chat_doctest_main)
target_include_directories(store_actor_test PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/unit/persistence)
foreach(suite IN ITEMS store_actor reader_pool)
  add_test(NAME persistence.${suite} COMMAND store_actor_test --test-suite=${suite})
endforeach()
