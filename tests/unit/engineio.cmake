# Unit tests of net/engineio: the packet codec packet by packet, query parsing, CORS.
if(TARGET chat_engineio)
  add_executable(engineio_tests
    unit/engineio/packet_test.cpp
    unit/engineio/payload_test.cpp
    unit/engineio/query_test.cpp
    unit/engineio/polling_session_test.cpp
  )
  target_link_libraries(engineio_tests PRIVATE chat_engineio chat_doctest_main)
  add_test(NAME engineio_tests COMMAND engineio_tests)
endif()
