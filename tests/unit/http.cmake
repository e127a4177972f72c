# Unit tests of net/http: routing without sockets, and the server in-process on port 0.
if(TARGET chat_http)
  add_executable(http_tests
    unit/http/router_test.cpp
    unit/http/responder_test.cpp
    unit/http/server_test.cpp
  )
  target_link_libraries(http_tests PRIVATE chat_http chat_doctest_main)
  add_test(NAME http_tests COMMAND http_tests)
endif()
