# Socket.IO layer: packet codec units and in-memory integration with a fake Engine.IO session.
if(TARGET chat_socketio)
  add_executable(socketio_packet_test unit/socketio/packet_test.cpp)
  target_link_libraries(socketio_packet_test PRIVATE chat_socketio chat_doctest_main)
  add_test(NAME socketio_packet COMMAND socketio_packet_test)

  add_executable(socketio_server_test unit/socketio/server_test.cpp)
  target_link_libraries(socketio_server_test PRIVATE chat_socketio chat_doctest_main)
  add_test(NAME socketio_server COMMAND socketio_server_test)
endif()
