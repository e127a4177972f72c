# Unit tests of net/metrics (Prometheus registry and exposition format).
add_executable(metrics_test unit/metrics/registry_test.cpp)
target_link_libraries(metrics_test PRIVATE chat_metrics chat_doctest_main)
add_test(NAME metrics COMMAND metrics_test)
