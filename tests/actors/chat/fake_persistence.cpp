// The fake store and readers: every request runs at once, synchronously, on the one
// `:memory:` database (a write as its own committed transaction), unless its kind is held;
// then it is skipped and stays in the mailbox until a wake-up after its release. When only
// its answers are held, it runs, and a response promise keeps the answer until released.
#include "fake_persistence.hpp"

#include <functional>
#include <map>
#include <optional>
#include <tuple>
#include <vector>

#include <caf/all.hpp>

#include "actors/store/read_operations.hpp"
#include "common/clock.hpp"
#include "messages/caf_error.hpp"
#include "messages/type_ids.hpp"
#include "persistence/sqlite/sqlite_unit_of_work.hpp"

CAF_ADD_ATOM(chat_test, chat::test, wake_atom, "wake")

namespace chat::test {

namespace {

using persistence::repositories;

struct fake_state {
  std::shared_ptr<persistence_control> control;
  caf::local_actor* self = nullptr;  ///< for the response promises of held answers
  /// This fake's held answers, per kind, in the order their requests ran; each sends one.
  std::map<caf::atom_value, std::vector<std::function<void()>>> answers;
  static inline const char* name = "fake_persistence";
};

/// Runs `op` (repositories& -> std::tuple<Rs...>) as a committed write or a read, unless
/// requests of `kind` are held (then the message waits). When answers of `kind` are held, the
/// answer waits in a promise instead.
template <class... Rs, class Op>
caf::result<Rs...> run(fake_state& st, caf::atom_value kind, bool write, Op op) {
  auto& ctl = *st.control;
  if (ctl.held.count(kind) > 0)
    return caf::skip;
  std::optional<std::tuple<Rs...>> out;
  persistence::job job = [&](repositories& r) { out.emplace(op(r)); };
  try {
    if (write) {
      auto failures = ctl.db->write_batch(std::span<const persistence::job>{&job, 1});
      if (failures[0])
        std::rethrow_exception(failures[0]);
      ++ctl.commits;
    } else {
      ctl.db->read(job);
    }
  } catch (...) {
    return caf_error_of(std::current_exception(), "fake persistence");
  }
  if (ctl.held_answers.count(kind) > 0) {
    auto rp = st.self->make_response_promise<Rs...>();
    st.answers[kind].push_back([rp, values = std::move(*out)]() mutable {
      std::apply([&](auto&... xs) { rp.deliver(std::move(xs)...); }, values);
    });
    return rp;
  }
  return std::apply([](auto&... xs) { return caf::result<Rs...>(std::move(xs)...); }, *out);
}

/// Sends the held answers whose kind was released (from the fake's own handler: a promise is
/// delivered in the context of the actor that made it).
void send_released_answers(fake_state& st) {
  auto& answers = st.answers;
  for (auto it = answers.begin(); it != answers.end();) {
    if (st.control->held_answers.count(it->first) > 0) {
      ++it;
      continue;
    }
    for (auto& answer : it->second)
      answer();
    it = answers.erase(it);
  }
}

using store_impl = store_actor::extend<caf::reacts_to<wake_atom>>;
using store_pointer = store_impl::stateful_pointer<fake_state>;

store_impl::behavior_type fake_store(store_pointer self, std::shared_ptr<persistence_control> c) {
  self->state.control = std::move(c);
  self->state.self = self;
  auto& st = self->state;
  return {
    [&st](append_atom a, id_t room, id_t sender, std::string& body, id_t parent,
          std::string& cmid) {
      // Arguments are only read: a held message is handled again later, as it came.
      return run<message_info, bool>(st, a.value, true, [&](repositories& r) {
        auto res = r.messages.append({room, sender, body, parent, cmid}, iso8601_now());
        return std::make_tuple(std::move(res.message), res.duplicate);
      });
    },
    [&st](mark_read_atom a, id_t room, id_t user, std::int64_t seq) {
      return run<std::int64_t>(st, a.value, true, [&](repositories& r) {
        return std::make_tuple(r.read_markers.mark(room, user, seq));
      });
    },
    [&st](direct_atom a, id_t x, id_t y) {
      return run<room_info, bool>(st, a.value, true, [&](repositories& r) {
        if (x == y)
          throw chat_error(chat_errc::bad_request, "a direct room needs another user");
        bool created = false;
        auto room = r.rooms.get_or_create_direct(x, y, created);
        return std::make_tuple(std::move(room), created);
      });
    },
    [&st](group_new_atom a, std::string& name, id_t creator, std::vector<id_t>& members) {
      return run<room_info>(st, a.value, true, [&](repositories& r) {
        return std::make_tuple(r.rooms.create_group(name, creator, members));
      });
    },
    [&st](add_members_atom a, id_t room, std::vector<id_t>& users) {
      return run<room_info>(st, a.value, true, [&](repositories& r) {
        return std::make_tuple(r.rooms.add_members(room, users));
      });
    },
    [&st](remove_member_atom a, id_t room, id_t user) {
      return run<bool>(st, a.value, true, [&](repositories& r) {
        r.rooms.remove_member(room, user);
        return std::make_tuple(true);
      });
    },
    [&st](register_atom a, std::string& name, std::string& password_hash,
          std::string& token_hash) {
      return run<user_info>(st, a.value, true, [&](repositories& r) {
        auto user = r.users.create(name, password_hash);
        r.tokens.insert(token_hash, user.id);
        return std::make_tuple(std::move(user));
      });
    },
    [&st](pseudo_login_atom a, std::string& name, std::string& token_hash) {
      return run<user_info>(st, a.value, true, [&](repositories& r) {
        auto user = r.users.get_or_create(name);
        r.tokens.insert(token_hash, user.id);
        return std::make_tuple(std::move(user));
      });
    },
    [&st](add_token_atom a, id_t user, std::string& token_hash) {
      return run<bool>(st, a.value, true, [&](repositories& r) {
        r.tokens.insert(token_hash, user);
        return std::make_tuple(true);
      });
    },
    [&st](revoke_atom a, std::string& token_hash) {
      return run<bool>(st, a.value, true, [&](repositories& r) {
        return std::make_tuple(r.tokens.remove(token_hash));
      });
    },
    [&st](caf::get_atom, stats_atom) {
      store_stats s;
      s.transactions = st.control->commits;
      s.jobs = st.control->commits;
      return s;
    },
    [&st](wake_atom) { send_released_answers(st); },  // and CAF retries the skipped messages
  };
}

using readers_impl = reader_actor::extend<caf::reacts_to<wake_atom>>;
using readers_pointer = readers_impl::stateful_pointer<fake_state>;

readers_impl::behavior_type fake_readers(readers_pointer self,
                                         std::shared_ptr<persistence_control> c) {
  self->state.control = std::move(c);
  self->state.self = self;
  auto& st = self->state;
  return {
    [&st](authenticate_atom a, const std::string& token_hash) {
      return run<user_info>(st, a.value, false, [&](repositories& r) {
        return std::make_tuple(reads::authenticate(r, reads::bearer{token_hash, ""}));
      });
    },
    [&st](room_ids_atom a, id_t user) {
      return run<std::vector<id_t>>(st, a.value, false, [&](repositories& r) {
        return std::make_tuple(r.rooms.room_ids_of(user));
      });
    },
    [&st](find_room_atom a, id_t room) {
      return run<room_info>(st, a.value, false, [&](repositories& r) {
        auto info = r.rooms.find(room);
        if (!info)
          throw chat_error(chat_errc::not_found, "no such room");
        return std::make_tuple(std::move(*info));
      });
    },
    [&st](before_atom a, id_t room, std::int64_t before, std::int32_t limit) {
      return run<std::vector<message_info>>(st, a.value, false, [&](repositories& r) {
        return std::make_tuple(r.messages.before(room, before, limit));
      });
    },
    [&st](after_atom a, id_t room, std::int64_t after, std::int32_t limit) {
      return run<std::vector<message_info>>(st, a.value, false, [&](repositories& r) {
        return std::make_tuple(r.messages.after(room, after, limit));
      });
    },
    [&st](existing_atom a, const std::vector<id_t>& users) {
      return run<std::vector<id_t>>(st, a.value, false, [&](repositories& r) {
        std::vector<id_t> out;
        for (auto id : users)
          if (r.users.find(id))
            out.push_back(id);
        return std::make_tuple(std::move(out));
      });
    },
    [&st](account_atom a, const std::string& username) {
      return run<bool, user_info, std::string>(st, a.value, false, [&](repositories& r) {
        auto found = r.users.find_by_name(username);
        if (!found)
          return std::make_tuple(false, user_info{}, std::string{});
        return std::make_tuple(true, std::move(found->user), std::move(found->password_hash));
      });
    },
    [&st](users_page_atom a, const std::string& token_hash, const std::string& after,
          std::int32_t limit) {
      return run<std::vector<user_info>, std::string>(st, a.value, false, [&](repositories& r) {
        auto [users, next] = reads::users_page(r, reads::bearer{token_hash, ""}, after, limit);
        return std::make_tuple(std::move(users), std::move(next));
      });
    },
    [&st](rooms_page_atom a, const std::string& token_hash, const std::string& after,
          std::int32_t limit) {
      return run<std::string>(st, a.value, false, [&](repositories& r) {
        return std::make_tuple(reads::rooms_page(r, reads::bearer{token_hash, ""}, after, limit));
      });
    },
    [&st](msgs_page_atom a, const std::string& token_hash, id_t room, std::int64_t before,
          std::int32_t limit) {
      return run<std::string>(st, a.value, false, [&](repositories& r) {
        return std::make_tuple(reads::messages_page(r, reads::bearer{token_hash, ""}, room, before, limit));
      });
    },
    [&st](wake_atom) { send_released_answers(st); },
  };
}

}  // namespace

fake_persistence::fake_persistence(caf::actor_system& sys)
  : control_(std::make_shared<persistence_control>()) {
  // One connection for both fakes: `:memory:` is private to its connection, and the test
  // coordinator never runs two actors at once.
  control_->db = persistence::sqlite_opener(":memory:")(persistence::db_role::writer);
  store_ = caf::actor_cast<caf::actor>(sys.spawn(fake_store, control_));
  readers_ = caf::actor_cast<caf::actor>(sys.spawn(fake_readers, control_));
}

fake_persistence::~fake_persistence() {
  shutdown();
}

store_actor fake_persistence::store() const {
  return caf::actor_cast<store_actor>(store_);
}

reader_actor fake_persistence::readers() const {
  return caf::actor_cast<reader_actor>(readers_);
}

void fake_persistence::wake() {
  caf::anon_send(store_, wake_atom_v);
  caf::anon_send(readers_, wake_atom_v);
}

void fake_persistence::shutdown() {
  caf::anon_send_exit(store_, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(readers_, caf::exit_reason::user_shutdown);
}

}  // namespace chat::test
