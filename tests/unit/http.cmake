# Unit tests of net/http: routing without sockets, the server in-process on port 0, and the
# static files of the web client on a temporary folder.
if(TARGET chat_http)
  add_executable(http_tests
    unit/http/router_test.cpp
    unit/http/responder_test.cpp
    unit/http/server_test.cpp
    unit/http/static_path_test.cpp
    unit/http/static_files_test.cpp
  )
  target_link_libraries(http_tests PRIVATE chat_http chat_doctest_main ZLIB::ZLIB)
  add_test(NAME http_tests COMMAND http_tests)
endif()
