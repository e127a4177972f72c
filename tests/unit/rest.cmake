# Unit tests of the REST API's input validation (actors/rest_input).
if(TARGET chat_rest)
  add_executable(rest_input_test unit/rest/rest_input_test.cpp)
  target_link_libraries(rest_input_test PRIVATE chat_rest chat_doctest_main)
  add_test(NAME rest_input COMMAND rest_input_test)
endif()
