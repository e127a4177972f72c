# chat_rest: the REST API handler (bridges net/http to the store, readers and presence actors)
# and its password hashers. Needs chat_http; builds as soon as that library exists.
if(TARGET chat_http)
  add_library(chat_rest STATIC
    rest_api.cpp
    rest_auth_routes.cpp
    rest_input.cpp
    rest_jobs.cpp
    rest_password_hasher.cpp
    rest_query_routes.cpp
    rest_reply.cpp
    rest_worker.cpp
  )
  target_include_directories(chat_rest PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(chat_rest PUBLIC chat_store chat_http chat_metrics chat_persistence
                                         chat_messages ${CAF_CORE})
endif()
