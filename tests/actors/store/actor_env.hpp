// An actor system for the store and reader tests, with the project's message types, plus
// small helpers to build write/read jobs.
#pragma once

#include <chrono>
#include <future>
#include <string>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/make_message.hpp>

#include "actors/store/persistence_jobs.hpp"
#include "messages/type_ids.hpp"

namespace chat::test {

struct test_config : caf::actor_system_config {
  test_config() { add_message_types<caf::id_block::chat>(); }
};

struct actor_env {
  test_config cfg;
  caf::actor_system sys{cfg};
};

constexpr auto reply_timeout = std::chrono::seconds(10);

/// A write job that blocks the store (inside its transaction) until `release` is set, after
/// setting `started`: lets a test hold a batch open at a known moment.
inline write_job blocking_job(std::shared_ptr<std::promise<void>> started,
                              std::shared_future<void> release, std::string username) {
  return write_job{[=](persistence::repositories& repos) {
    auto user = repos.users.create(username, "");
    started->set_value();
    release.wait_for(std::chrono::seconds(10));  // bounded: a broken test must not hang
    return caf::make_message(user);
  }};
}

}  // namespace chat::test
