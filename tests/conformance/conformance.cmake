# Protocol tests of the conformance echo server (node:test against the real socketio_echo).
if(TARGET socketio_echo)
  add_test(NAME engineio_protocol
           COMMAND node --test ${PROJECT_SOURCE_DIR}/tests/e2e/protocol/engineio.test.mjs)
  set_tests_properties(engineio_protocol PROPERTIES ENVIRONMENT "ECHO_BIN=$<TARGET_FILE:socketio_echo>")
  add_test(NAME socketio_protocol
           COMMAND node --test ${PROJECT_SOURCE_DIR}/tests/e2e/protocol/socketio.test.mjs)
  set_tests_properties(socketio_protocol PROPERTIES ENVIRONMENT "ECHO_BIN=$<TARGET_FILE:socketio_echo>")
endif()
