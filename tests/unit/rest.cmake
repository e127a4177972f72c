# Unit tests of the REST API: input validation (pure), and rest_api over the real store and
# readers on a temp database with a fake presence registry.
if(TARGET chat_rest)
  add_executable(rest_input_test unit/rest/rest_input_test.cpp)
  target_link_libraries(rest_input_test PRIVATE chat_rest chat_doctest_main)
  add_test(NAME rest_input COMMAND rest_input_test)

  add_executable(rest_api_test unit/rest/rest_api_test.cpp)
  target_link_libraries(rest_api_test PRIVATE chat_rest chat_doctest_main)
  add_test(NAME rest_api_unit COMMAND rest_api_test)
endif()
