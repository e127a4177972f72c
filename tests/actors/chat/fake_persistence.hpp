// The store and the readers, faked for deterministic chat tests: event-based actors (so the
// test coordinator runs them like every chat actor) over the real SQLite repositories on one
// `:memory:` database. Each write commits on its own before it is answered. A test can hold
// back any kind of request (it waits unanswered in the fake's mailbox until released), or only
// its answer (it runs and commits at once; the answer waits: a commit that answers late).
#pragma once

#include <cstddef>
#include <memory>
#include <set>
#include <span>

#include <caf/actor_system.hpp>
#include <caf/atom.hpp>

#include "messages/store_api.hpp"
#include "persistence/unit_of_work.hpp"

namespace chat::test {

/// What the fakes share with the test (one thread runs both: the test coordinator's).
struct persistence_control {
  std::unique_ptr<persistence::unit_of_work> db;
  std::set<caf::atom_value> held;  ///< kinds of request that wait (skipped) until released
  std::set<caf::atom_value> held_answers;  ///< kinds of request that run, but answer later
  std::size_t commits = 0;         ///< writes the fake store committed
};

class fake_persistence {
 public:
  /// Opens and migrates the database and spawns both fakes in `sys`.
  explicit fake_persistence(caf::actor_system& sys);
  ~fake_persistence();

  fake_persistence(const fake_persistence&) = delete;
  fake_persistence& operator=(const fake_persistence&) = delete;

  store_actor store() const;
  reader_actor readers() const;

  /// Runs `f(repositories&)` on the database now, in one committed transaction: seeding.
  template <class F>
  void seed(F f) {
    persistence::job job = [&](persistence::repositories& r) { f(r); };
    auto failures = control_->db->write_batch(std::span<const persistence::job>{&job, 1});
    if (failures[0])
      std::rethrow_exception(failures[0]);
  }

  /// Requests of this kind (e.g. append_atom_v) wait, unanswered, until released.
  template <caf::atom_value Kind>
  void hold(caf::atom_constant<Kind>) {
    control_->held.insert(Kind);
  }

  /// Lets the held requests of this kind go; they run when the scheduler runs next.
  template <caf::atom_value Kind>
  void release(caf::atom_constant<Kind>) {
    control_->held.erase(Kind);
    wake();
  }

  /// Requests of this kind run (and commit) at once, but their answers wait until
  /// release_answers: a store that committed and has not said so yet.
  template <caf::atom_value Kind>
  void hold_answers(caf::atom_constant<Kind>) {
    control_->held_answers.insert(Kind);
  }

  /// Lets the waiting answers to requests of this kind go, in order (the fakes send them
  /// when the scheduler runs next), and answers the next ones at once again.
  template <caf::atom_value Kind>
  void release_answers(caf::atom_constant<Kind>) {
    control_->held_answers.erase(Kind);
    wake();
  }

  /// Writes committed so far.
  std::size_t commits() const { return control_->commits; }

  /// Stops both fakes (requests still waiting are answered with an error by CAF).
  void shutdown();

 private:
  void wake();

  std::shared_ptr<persistence_control> control_;
  caf::actor store_;    ///< the fake store, with its wake-up message
  caf::actor readers_;  ///< the fake readers, with theirs
};

}  // namespace chat::test
