// Password hashing for the REST API on detached actors: argon2id takes ~50-100 ms of CPU and
// blocks, so it must never run on an I/O thread or a scheduler worker.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/atom.hpp>

#include "persistence/credentials.hpp"

namespace chat::rest {

/// (pw_hash_atom, std::string password) -> std::string argon2id hash
using pw_hash_atom = caf::atom_constant<caf::atom("pw_hash")>;
/// (pw_check_atom, std::string password, std::string hash) -> bool
/// An empty hash (unknown user, pseudo-auth user) is checked against a dummy hash so a wrong
/// username costs as much time as a wrong password, then answers false.
using pw_check_atom = caf::atom_constant<caf::atom("pw_check")>;

/// Spawns `count` (at least 1) detached hasher actors using `cost`.
std::vector<caf::actor> spawn_password_hashers(caf::actor_system& sys, std::size_t count,
                                               persistence::password_cost cost);

}  // namespace chat::rest
