// An actor system for the store and reader tests, with the project's message types, and a
// unit of work that can hold the store inside a write transaction at a known moment.
#pragma once

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>

#include "messages/type_ids.hpp"
#include "persistence/unit_of_work.hpp"

namespace chat::test {

struct test_config : caf::actor_system_config {
  test_config() { add_message_types<caf::id_block::chat>(); }
};

struct actor_env {
  test_config cfg;
  caf::actor_system sys{cfg};
};

constexpr auto reply_timeout = std::chrono::seconds(10);

/// Holds the first write batch open: after its first write ran (inside the transaction, not
/// committed) `started` is set, then the batch waits for `release`.
struct gate {
  std::shared_ptr<std::promise<void>> started = std::make_shared<std::promise<void>>();
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();

  bool wait_started() {
    return started->get_future().wait_for(reply_timeout) == std::future_status::ready;
  }
};

/// A unit of work with a gate on its first write batch.
class gated_unit_of_work final : public persistence::unit_of_work {
 public:
  gated_unit_of_work(std::unique_ptr<persistence::unit_of_work> inner, gate& g)
    : inner_(std::move(inner)), started_(g.started), released_(g.released) {}

  std::vector<std::exception_ptr> write_batch(std::span<const persistence::job> jobs) override {
    if (used_ || jobs.empty())
      return inner_->write_batch(jobs);
    used_ = true;
    std::vector<persistence::job> gated(jobs.begin(), jobs.end());
    gated[0] = [first = jobs[0], started = started_, released = released_](
                 persistence::repositories& r) {
      first(r);
      started->set_value();
      released.wait_for(reply_timeout);  // bounded: a broken test must not hang
    };
    return inner_->write_batch(gated);
  }

  void read(const persistence::job& job) override { inner_->read(job); }

 private:
  std::unique_ptr<persistence::unit_of_work> inner_;
  std::shared_ptr<std::promise<void>> started_;
  std::shared_future<void> released_;
  bool used_ = false;
};

/// Opens with `open`; the writer's first batch waits at `g`.
inline persistence::unit_of_work_opener gated_opener(persistence::unit_of_work_opener open,
                                                     gate& g) {
  return [open = std::move(open), &g](persistence::db_role role)
           -> std::unique_ptr<persistence::unit_of_work> {
    if (role == persistence::db_role::writer)
      return std::make_unique<gated_unit_of_work>(open(role), g);
    return open(role);
  };
}

}  // namespace chat::test
