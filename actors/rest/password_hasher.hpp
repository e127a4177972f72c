// Password hashing for the REST API on detached actors: argon2id takes ~50-100 ms of CPU and
// blocks, so it must never run on an I/O thread or a scheduler worker.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "messages/atoms.hpp"

#include "persistence/credentials.hpp"

namespace chat::rest {

/// Asked by a hasher just before it starts a job: false when nobody waits for the result any
/// more (the HTTP client hung up, or the call already failed), and the job is skipped.
using still_wanted = std::function<bool()>;

/// A password hasher (argon2id, on a thread of its own).
using password_hasher_actor = caf::typed_actor<
  /// (password, wanted) -> its argon2id hash
  caf::replies_to<pw_hash_atom, std::string, still_wanted>::with<std::string>,
  /// (password, hash, wanted) -> whether they match. An empty hash (unknown user, pseudo-auth
  /// user) is checked against a dummy hash so a wrong username costs as much time as a wrong
  /// password, then answers false.
  caf::replies_to<pw_check_atom, std::string, std::string, still_wanted>::with<bool>>;

/// Spawns `count` (at least 1) detached hasher actors using `cost`.
std::vector<password_hasher_actor> spawn_password_hashers(caf::actor_system& sys, std::size_t count,
                                               persistence::password_cost cost);

}  // namespace chat::rest

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(chat::rest::still_wanted)
