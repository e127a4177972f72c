# End-to-end tests: node:test suites against the real chatd binary (each file starts its own
# server on a free port with a fresh database). chat.test.mjs runs once per client mode.
find_program(NODE_EXECUTABLE node)
if(TARGET chatd AND NODE_EXECUTABLE)
  set(E2E_DIR ${CMAKE_CURRENT_SOURCE_DIR}/e2e)

  add_test(NAME rest_api COMMAND ${NODE_EXECUTABLE} --test rest.test.mjs WORKING_DIRECTORY ${E2E_DIR})
  set_tests_properties(rest_api PROPERTIES ENVIRONMENT "CHATD_BIN=$<TARGET_FILE:chatd>" TIMEOUT 180)

  foreach(mode websocket polling default)
    add_test(NAME chat_${mode} COMMAND ${NODE_EXECUTABLE} --test chat.test.mjs WORKING_DIRECTORY ${E2E_DIR})
    set_tests_properties(chat_${mode} PROPERTIES
      ENVIRONMENT "CHATD_BIN=$<TARGET_FILE:chatd>;CLIENT_MODE=${mode}" TIMEOUT 180)
  endforeach()

  # Transports under chat traffic: upgrade mid-stream, idle polling cost; slow client,
  # maxPayload, ping timeout.
  add_test(NAME chat_transport COMMAND ${NODE_EXECUTABLE} --test transport.test.mjs WORKING_DIRECTORY ${E2E_DIR})
  add_test(NAME chat_transport_limits COMMAND ${NODE_EXECUTABLE} --test transport_limits.test.mjs
           WORKING_DIRECTORY ${E2E_DIR})
  set_tests_properties(chat_transport chat_transport_limits PROPERTIES
    ENVIRONMENT "CHATD_BIN=$<TARGET_FILE:chatd>" TIMEOUT 180)
endif()

# The README's client example, run as written.
if(TARGET chatd AND NODE_EXECUTABLE)
  add_test(NAME docs_example COMMAND ${NODE_EXECUTABLE} --test docs_example.test.mjs
           WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/e2e)
  set_tests_properties(docs_example PROPERTIES ENVIRONMENT "CHATD_BIN=$<TARGET_FILE:chatd>" TIMEOUT 60)
endif()

# kill -9 mid-stream: every acknowledged message is still there after a restart.
if(TARGET chatd AND NODE_EXECUTABLE)
  add_test(NAME durability_kill9 COMMAND ${NODE_EXECUTABLE} --test durability.test.mjs
           WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/e2e)
  set_tests_properties(durability_kill9 PROPERTIES ENVIRONMENT "CHATD_BIN=$<TARGET_FILE:chatd>" TIMEOUT 120)
endif()

# The web client in a real browser: Debian's chromium, headless, driven by playwright-core.
# Screenshots (chat.png is the README's) land in <build>/web-screenshots.
find_program(CHROMIUM_EXECUTABLE chromium)
if(TARGET chatd AND NODE_EXECUTABLE)
  set(web_env "CHATD_BIN=$<TARGET_FILE:chatd>" "SCREENSHOT_DIR=${CMAKE_BINARY_DIR}/web-screenshots")
  if(CHROMIUM_EXECUTABLE)
    list(APPEND web_env "CHROMIUM_BIN=${CHROMIUM_EXECUTABLE}")
  endif()
  add_test(NAME web_client COMMAND ${NODE_EXECUTABLE} --test web_client.test.mjs
           WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/e2e)
  set_tests_properties(web_client PROPERTIES ENVIRONMENT "${web_env}" TIMEOUT 180)
endif()
