// Readers: each read runs as one read unit of work (one snapshot even across several
// queries), on a connection no other thread touches.
#include "actors/store/reader_pool.hpp"

#include <atomic>
#include <memory>
#include <optional>
#include <tuple>
#include <vector>

#include <caf/actor_pool.hpp>
#include <caf/all.hpp>

#include "actors/store/read_operations.hpp"
#include "messages/caf_error.hpp"
#include "messages/type_ids.hpp"

namespace chat {

namespace {

using persistence::repositories;

/// Reads handed to the readers and not finished yet, shared by the pool's dispatch and the
/// readers.
using in_flight_count = std::shared_ptr<std::atomic<std::size_t>>;

struct reader_state {
  std::shared_ptr<persistence::unit_of_work> db;  ///< owned by this reader alone
  reader_options opts;
  in_flight_count in_flight;

  /// `token_hash` as presented now.
  reads::bearer bearer(const std::string& token_hash) const {
    return {token_hash, reads::issued_since(opts.token_ttl)};
  }
  static inline const char* name = "chat.reader";
};

using reader_pointer = reader_actor::stateful_pointer<reader_state>;

/// Runs `op` (repositories& -> std::tuple<Rs...>) in one read transaction.
template <class... Rs, class Op>
caf::result<Rs...> run_read(reader_pointer self, Op op) {
  struct finished {
    std::atomic<std::size_t>& count;
    ~finished() { count.fetch_sub(1, std::memory_order_relaxed); }
  } done{*self->state.in_flight};
  std::optional<std::tuple<Rs...>> out;
  try {
    self->state.db->read([&](repositories& r) { out.emplace(op(r)); });
  } catch (...) {
    return caf_error_of(std::current_exception(), "reader: read failed");
  }
  return std::apply([](auto&... xs) { return caf::result<Rs...>(std::move(xs)...); }, *out);
}

reader_actor::behavior_type reader_behavior(reader_pointer self,
                                            std::shared_ptr<persistence::unit_of_work> db,
                                            reader_options opts, in_flight_count in_flight) {
  self->state.db = std::move(db);
  self->state.opts = opts;
  self->state.in_flight = std::move(in_flight);
  return {
    [=](authenticate_atom, const std::string& token_hash) {
      return run_read<user_info>(self, [&](repositories& r) {
        return std::make_tuple(reads::authenticate(r, self->state.bearer(token_hash)));
      });
    },
    [=](room_ids_atom, id_t user) {
      return run_read<std::vector<id_t>>(self, [&](repositories& r) {
        return std::make_tuple(r.rooms.room_ids_of(user));
      });
    },
    [=](find_room_atom, id_t room) {
      return run_read<room_info>(self, [&](repositories& r) {
        auto info = r.rooms.find(room);
        if (!info)
          throw chat_error(chat_errc::not_found, "no such room");
        return std::make_tuple(std::move(*info));
      });
    },
    [=](before_atom, id_t room, std::int64_t before, std::int32_t limit) {
      return run_read<std::vector<message_info>>(self, [&](repositories& r) {
        return std::make_tuple(r.messages.before(room, before, limit));
      });
    },
    [=](after_atom, id_t room, std::int64_t after, std::int32_t limit) {
      return run_read<std::vector<message_info>>(self, [&](repositories& r) {
        return std::make_tuple(r.messages.after(room, after, limit));
      });
    },
    [=](existing_atom, const std::vector<id_t>& users) {
      return run_read<std::vector<id_t>>(self, [&](repositories& r) {
        std::vector<id_t> out;
        for (auto id : users)
          if (r.users.find(id))
            out.push_back(id);
        return std::make_tuple(std::move(out));
      });
    },
    [=](account_atom, const std::string& username) {
      return run_read<bool, user_info, std::string>(self, [&](repositories& r) {
        auto found = r.users.find_by_name(username);
        if (!found)
          return std::make_tuple(false, user_info{}, std::string{});
        return std::make_tuple(true, std::move(found->user), std::move(found->password_hash));
      });
    },
    [=](users_page_atom, const std::string& token_hash, const std::string& after,
        std::int32_t limit) {
      return run_read<std::vector<user_info>, std::string>(self, [&](repositories& r) {
        auto [users, next] = reads::users_page(r, self->state.bearer(token_hash), after, limit);
        return std::make_tuple(std::move(users), std::move(next));
      });
    },
    [=](rooms_page_atom, const std::string& token_hash, const std::string& after,
        std::int32_t limit) {
      return run_read<std::string>(self, [&](repositories& r) {
        return std::make_tuple(reads::rooms_page(r, self->state.bearer(token_hash), after, limit));
      });
    },
    [=](msgs_page_atom, const std::string& token_hash, id_t room, std::int64_t before,
        std::int32_t limit) {
      return run_read<std::string>(self, [&](repositories& r) {
        return std::make_tuple(reads::messages_page(r, self->state.bearer(token_hash), room, before, limit));
      });
    },
  };
}

/// Whether a read is one a connected client can repeat at will (see reader_options).
bool sheddable(const caf::type_erased_tuple& m) {
  return m.size() > 0 && (m.match_element<before_atom>(0) || m.match_element<after_atom>(0)
         || m.match_element<existing_atom>(0) || m.match_element<users_page_atom>(0)
         || m.match_element<rooms_page_atom>(0) || m.match_element<msgs_page_atom>(0));
}

/// Round robin over the readers, counting every read; past the bound a sheddable read is
/// answered `overloaded` right here, on the sender's thread, and never queued.
caf::actor_pool::policy bounded_round_robin(in_flight_count in_flight, std::size_t most) {
  return [in_flight, most, next = caf::actor_pool::round_robin()](
           caf::actor_system& sys, caf::actor_pool::uplock& guard,
           const caf::actor_pool::actor_vec& readers, caf::mailbox_element_ptr& ptr,
           caf::execution_unit* host) {
    if (in_flight->fetch_add(1, std::memory_order_relaxed) >= most && most > 0
        && sheddable(ptr->content())) {
      in_flight->fetch_sub(1, std::memory_order_relaxed);
      // Answered as the request's response (CAF's own bouncer would say "receiver down").
      if (ptr->sender && ptr->mid.is_request())
        ptr->sender->enqueue(nullptr, ptr->mid.response_id(),
                             caf::make_message(make_caf_error(chat_errc::overloaded,
                                                              std::string(server_busy_message))),
                             host);
      return;
    }
    next(sys, guard, readers, ptr, host);
  };
}

}  // namespace

reader_actor spawn_readers(caf::actor_system& sys, const persistence::unit_of_work_opener& open,
                           std::size_t n, reader_options opts) {
  if (n == 0)
    n = 1;
  // Open every connection here, on the caller's thread, so a bad database fails start-up
  // loudly; afterwards each connection belongs to exactly one reader thread.
  std::vector<std::shared_ptr<persistence::unit_of_work>> connections;
  for (std::size_t i = 0; i < n; ++i)
    connections.push_back(open(persistence::db_role::reader));
  std::size_t next = 0;
  auto in_flight = std::make_shared<std::atomic<std::size_t>>(0);
  auto factory = [&sys, &connections, &next, opts, in_flight] {
    return caf::actor_cast<caf::actor>(
      sys.spawn<caf::detached>(reader_behavior, connections[next++], opts, in_flight));
  };
  auto pool = caf::actor_pool::make(sys.dummy_execution_unit(), n, factory,
                                    bounded_round_robin(in_flight, opts.max_in_flight));
  return caf::actor_cast<reader_actor>(pool);
}

}  // namespace chat
