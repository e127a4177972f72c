# chat_store: the persistence side of the actors — caf::error <-> chat_errc, the store actor
# (group-committed writes) and the reader pool.
add_library(chat_store STATIC
  chat_caf_error.cpp
  reader_pool.cpp
  store_actor.cpp
)
target_include_directories(chat_store PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(chat_store PUBLIC chat_persistence chat_messages ${CAF_CORE})
