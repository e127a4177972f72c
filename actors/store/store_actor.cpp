// Group commit in an event-based actor: a write is queued with its response promise; the first
// write of a batch sends `flush` to self, which lands behind every write already in the
// mailbox (with a commit window, the store first waits out the window and looks once more).
// On `flush` the batch runs as one unit of work (each write isolated from the others) and the
// replies go out after the commit. A batch runs in lock order (room by room), so
// batches of several chatd processes on one PostgreSQL database take their row locks in one
// order and do not deadlock each other.
#include "actors/store/store_actor.hpp"

#include <algorithm>
#include <compare>
#include <memory>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include <caf/all.hpp>

#include "actors/store/read_operations.hpp"
#include "common/clock.hpp"
#include "common/log.hpp"
#include "messages/caf_error.hpp"
#include "messages/type_ids.hpp"

namespace chat {

namespace {

using persistence::repositories;

/// The actor's own full interface: the public one plus the self-sent flush.
using store_impl =
  store_actor::extend<caf::reacts_to<caf::flush_atom>, caf::reacts_to<prune_atom>>;

/// Where a write's row locks sort: writes that only add rows of their own (accounts, new rooms)
/// first, then room by room, a room's messages before its read markers. Stable: a room's
/// messages keep their arrival order, and so their seqs.
struct lock_order {
  id_t room = 0;
  int kind = 0;  ///< 0: messages, 1: read markers
  auto operator<=>(const lock_order&) const = default;
};

struct pending_write {
  persistence::job run;                        ///< does the write, keeps its result
  std::function<void(caf::error)> reply;       ///< the kept result, or `error` if set
  lock_order order;
};

struct store_state {
  std::shared_ptr<persistence::unit_of_work> db;  ///< owned by this actor alone
  std::size_t max_batch = 512;
  std::chrono::seconds token_ttl{0};
  std::chrono::microseconds commit_window{0};
  std::chrono::steady_clock::time_point batch_opened;  ///< when its first write arrived
  bool window_waited = false;                           ///< the batch waited out its window
  std::vector<pending_write> batch;
  store_stats stats;
  static inline const char* name = "chat.store";
};

using store_pointer = store_impl::stateful_pointer<store_state>;

/// Called before a write joins the batch: the first write of a batch schedules its flush
/// behind whatever is already in the mailbox.
void open_batch(store_pointer self) {
  auto& st = self->state;
  if (!st.batch.empty())
    return;
  st.batch_opened = std::chrono::steady_clock::now();
  self->send(self, caf::flush_atom_v);
}

/// Queues `op` (repositories& -> std::tuple<Rs...>) for the next commit; its result is
/// delivered to the current request once that commit succeeded.
template <class... Rs, class Op>
caf::typed_response_promise<Rs...> enqueue(store_pointer self, Op op, lock_order order = {}) {
  auto promise = self->make_response_promise<Rs...>();
  auto result = std::make_shared<std::tuple<Rs...>>();
  auto& st = self->state;
  open_batch(self);
  st.batch.push_back({
    [op = std::move(op), result](repositories& r) { *result = op(r); },
    [promise, result](caf::error err) mutable {
      if (err)
        promise.deliver(std::move(err));
      else
        std::apply([&](auto&... xs) { promise.deliver(std::move(xs)...); }, *result);
    },
    order,
  });
  return promise;
}

/// One transaction over writes [first, last); replies after it committed (or failed).
void commit_batch(store_state& st, pending_write* first, pending_write* last) {
  std::vector<persistence::job> jobs;
  jobs.reserve(static_cast<std::size_t>(last - first));
  for (auto* p = first; p != last; ++p)
    jobs.push_back(std::move(p->run));
  std::vector<std::exception_ptr> failures;
  caf::error batch_error;
  try {
    failures = st.db->write_batch(jobs);
  } catch (const std::exception& e) {
    log::error(std::string{"store: batch transaction failed: "} + e.what());
    batch_error = make_caf_error(chat_errc::internal, "the write could not be stored");
  }
  ++st.stats.transactions;
  st.stats.jobs += jobs.size();
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    if (batch_error)
      first[i].reply(batch_error);
    else if (failures[i])
      first[i].reply(caf_error_of(failures[i], "store: write failed"));
    else
      first[i].reply({});
  }
}

/// Queues the deletion of expired tokens with the next batch (nobody waits for it).
void prune_tokens(store_pointer self) {
  auto& st = self->state;
  open_batch(self);
  auto since = reads::issued_since(st.token_ttl);
  st.batch.push_back({
    [since](repositories& r) {
      if (auto n = r.tokens.remove_issued_before(since); n > 0)
        log::info("store: deleted " + std::to_string(n) + " expired tokens");
    },
    [](caf::error err) {
      if (err)
        log::warn("store: deleting expired tokens failed: " + to_string(err));
    },
  });
}

/// Waits out the rest of the batch's commit window, if any, on this (detached) thread; true when
/// it did: the flush is then sent again, behind the writes that arrived meanwhile.
bool wait_for_window(store_state& st) {
  if (st.window_waited || st.commit_window.count() <= 0 || st.batch.empty()
      || st.batch.size() >= st.max_batch)
    return false;
  st.window_waited = true;
  auto until = st.batch_opened + st.commit_window;
  if (until > std::chrono::steady_clock::now())
    std::this_thread::sleep_until(until);
  return true;
}

/// Commits every queued write, at most max_batch per transaction.
void flush(store_state& st) {
  st.window_waited = false;
  auto batch = std::move(st.batch);
  st.batch = {};
  std::stable_sort(batch.begin(), batch.end(),
                   [](const pending_write& a, const pending_write& b) { return a.order < b.order; });
  for (std::size_t i = 0; i < batch.size(); i += st.max_batch) {
    auto end = std::min(batch.size(), i + st.max_batch);
    commit_batch(st, batch.data() + i, batch.data() + end);
  }
}

store_impl::behavior_type store_behavior(store_pointer self,
                                         std::shared_ptr<persistence::unit_of_work> db,
                                         store_options opts) {
  self->state.db = std::move(db);
  self->state.max_batch = opts.max_batch == 0 ? 1 : opts.max_batch;
  self->state.token_ttl = opts.token_ttl;
  self->state.commit_window = opts.commit_window;
  if (opts.token_ttl.count() > 0)
    self->send(self, prune_atom_v);
  // Shutting down: writes already taken in are committed and answered, never dropped.
  self->set_exit_handler([=](caf::exit_msg& msg) {
    flush(self->state);
    self->quit(msg.reason);
  });
  return {
    // -- chat ----------------------------------------------------------------------------------
    [=](append_atom, id_t room, id_t sender, std::string& body, id_t parent,
        std::string& client_msg_id) {
      persistence::new_message m{room, sender, std::move(body), parent, std::move(client_msg_id)};
      return enqueue<message_info, bool>(
        self,
        [m = std::move(m)](repositories& r) {
          auto res = r.messages.append(m, iso8601_now());
          return std::make_tuple(std::move(res.message), res.duplicate);
        },
        lock_order{room, 0});
    },
    [=](mark_read_atom, id_t room, id_t user, std::int64_t seq) {
      return enqueue<std::int64_t>(
        self, [=](repositories& r) { return std::make_tuple(r.read_markers.mark(room, user, seq)); },
        lock_order{room, 1});
    },
    [=](direct_atom, id_t a, id_t b) {
      return enqueue<room_info, bool>(self, [=](repositories& r) {
        if (a == b)
          throw chat_error(chat_errc::bad_request, "a direct room needs another user");
        bool created = false;
        auto room = r.rooms.get_or_create_direct(a, b, created);
        return std::make_tuple(std::move(room), created);
      });
    },
    [=](group_new_atom, std::string& name, id_t creator, std::vector<id_t>& members) {
      return enqueue<room_info>(self, [name = std::move(name), creator,
                                       members = std::move(members)](repositories& r) {
        return std::make_tuple(r.rooms.create_group(name, creator, members));
      });
    },
    [=](add_members_atom, id_t room, std::vector<id_t>& users) {
      return enqueue<room_info>(self, [room, users = std::move(users)](repositories& r) {
        return std::make_tuple(r.rooms.add_members(room, users));
      });
    },
    [=](remove_member_atom, id_t room, id_t user) {
      return enqueue<bool>(self, [=](repositories& r) {
        r.rooms.remove_member(room, user);
        return std::make_tuple(true);
      });
    },
    // -- accounts ------------------------------------------------------------------------------
    [=](register_atom, std::string& username, std::string& password_hash,
        std::string& token_hash) {
      return enqueue<user_info>(self, [name = std::move(username), hash = std::move(password_hash),
                                       token = std::move(token_hash)](repositories& r) {
        auto user = r.users.create(name, hash);
        r.tokens.insert(token, user.id);
        return std::make_tuple(std::move(user));
      });
    },
    [=](pseudo_login_atom, std::string& username, std::string& token_hash) {
      return enqueue<user_info>(self, [name = std::move(username),
                                       token = std::move(token_hash)](repositories& r) {
        // A name with a password belongs to whoever knows it: never a token without it.
        if (auto found = r.users.find_by_name(name); found && !found->password_hash.empty())
          throw chat_error(chat_errc::forbidden,
                           "this account has a password: sign in with /api/auth/login");
        auto user = r.users.get_or_create(name);
        r.tokens.insert(token, user.id);
        return std::make_tuple(std::move(user));
      });
    },
    [=](add_token_atom, id_t user, std::string& token_hash) {
      return enqueue<bool>(self, [user, token = std::move(token_hash)](repositories& r) {
        r.tokens.insert(token, user);
        return std::make_tuple(true);
      });
    },
    [=](revoke_atom, std::string& token_hash) {
      return enqueue<bool>(self, [token = std::move(token_hash)](repositories& r) {
        return std::make_tuple(r.tokens.remove(token));
      });
    },
    // -- diagnostics and the batch itself ------------------------------------------------------
    [=](caf::get_atom, stats_atom) { return self->state.stats; },
    [=](caf::flush_atom) {
      if (wait_for_window(self->state))
        self->send(self, caf::flush_atom_v);
      else
        flush(self->state);
    },
    [=](prune_atom) {
      prune_tokens(self);
      self->delayed_send(self, opts.prune_every, prune_atom_v);
    },
  };
}

}  // namespace

store_actor spawn_store(caf::actor_system& sys, const persistence::unit_of_work_opener& open,
                        store_options opts) {
  std::shared_ptr<persistence::unit_of_work> db = open(persistence::db_role::writer);
  // Detached: the database blocks (fsync), so the store gets a thread of its own.
  auto impl = sys.spawn<caf::detached>(store_behavior, std::move(db), opts);
  return caf::actor_cast<store_actor>(impl);
}

}  // namespace chat
