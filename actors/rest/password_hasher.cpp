// The hasher actor: one detached thread each, answering hash and verify requests in turn.
#include "actors/rest/password_hasher.hpp"

#include <caf/all.hpp>

#include "messages/caf_error.hpp"
#include "messages/type_ids.hpp"

namespace chat::rest {

namespace {

struct hasher_state {
  persistence::password_cost cost;
  std::string dummy_hash;  ///< made on first need, on this actor's own thread
  static inline const char* name = "password_hasher";
};

password_hasher_actor::behavior_type password_hasher(
  password_hasher_actor::stateful_pointer<hasher_state> self,
                              persistence::password_cost cost) {
  self->state.cost = cost;
  return {
    [=](pw_hash_atom, const std::string& password,
        const still_wanted& wanted) -> caf::result<std::string> {
      if (!wanted())
        return make_caf_error(chat_errc::overloaded, "abandoned: nobody waits for it");
      try {
        return persistence::hash_password(password, self->state.cost);
      } catch (const std::exception& e) {
        return make_caf_error(chat_errc::internal, std::string{"password hashing failed: "} + e.what());
      }
    },
    [=](pw_check_atom, const std::string& password, const std::string& hash,
        const still_wanted& wanted) -> caf::result<bool> {
      if (!wanted())
        return make_caf_error(chat_errc::overloaded, "abandoned: nobody waits for it");
      try {
        if (!hash.empty())
          return persistence::verify_password(password, hash);
        auto& dummy = self->state.dummy_hash;
        if (dummy.empty())
          dummy = persistence::hash_password("timing equaliser", self->state.cost);
        persistence::verify_password(password, dummy);
        return false;
      } catch (const std::exception& e) {
        return make_caf_error(chat_errc::internal, std::string{"password check failed: "} + e.what());
      }
    },
  };
}

}  // namespace

std::vector<password_hasher_actor> spawn_password_hashers(caf::actor_system& sys,
                                                          std::size_t count,
                                                          persistence::password_cost cost) {
  std::vector<password_hasher_actor> hashers;
  for (std::size_t i = 0; i < std::max<std::size_t>(count, 1); ++i)
    hashers.push_back(sys.spawn<caf::detached>(password_hasher, cost));
  return hashers;
}

}  // namespace chat::rest
