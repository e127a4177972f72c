// Group commit, measured on both backends side by side: a burst of N message appends from many
// concurrent requesters across many rooms, against the store — once with batching, once with one
// transaction per write (max_batch = 1) — on SQLite (a temp file, synchronous=FULL) and on
// PostgreSQL (the URL given, or a throwaway server with fsync on, started for the run).
// Usage: store_batching [N=20000] [rooms=100] [requesters=200] [postgresql://… | none]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <caf/all.hpp>

#include "actors/store/store_actor.hpp"
#include "common/log.hpp"
#include "messages/caf_error.hpp"
#include "messages/type_ids.hpp"
#include "persistence/postgres/pg_unit_of_work.hpp"
#include "persistence/sqlite/sqlite_unit_of_work.hpp"

namespace {

using namespace chat;
using chat::id_t;  // not ::id_t from <sys/types.h>
using clock_type = std::chrono::steady_clock;

struct bench_config : caf::actor_system_config {
  bench_config() { add_message_types<caf::id_block::chat>(); }
};

struct figures {
  store_stats stats;
  double seconds = 0;
  std::uint64_t errors = 0;
};

store_stats stats_of(caf::scoped_actor& self, const store_actor& store) {
  store_stats out;
  self->request(store, caf::infinite, caf::get_atom_v, stats_atom_v)
    .receive([&](store_stats s) { out = s; }, [](caf::error&) {});
  return out;
}

/// One room per index, each with its own sender; returns (sender, room) pairs. Token hashes are
/// unique per run: runs on PostgreSQL share one database, which may hold earlier runs too.
std::vector<std::pair<id_t, id_t>> seed(caf::scoped_actor& self, const store_actor& store,
                                        int rooms) {
  const auto run_id = std::random_device{}();
  std::vector<std::pair<id_t, id_t>> out;
  auto failed = [](caf::error& e) {
    std::fprintf(stderr, "seed failed: %s\n", message_of(e).c_str());
  };
  for (int i = 0; i < rooms; ++i) {
    auto index = std::to_string(i);
    self->request(store, caf::infinite, pseudo_login_atom_v, "sender" + index, "token" + index + "-" + std::to_string(run_id))
      .receive(
        [&](user_info& user) {
          self->request(store, caf::infinite, group_new_atom_v, "room" + index, user.id,
                        std::vector<id_t>{})
            .receive([&](room_info& room) { out.emplace_back(user.id, room.id); }, failed);
        },
        failed);
  }
  return out;
}

/// A requester fires its share of appends all at once, then reports (done, errors).
caf::behavior requester(caf::event_based_actor* self, store_actor store, caf::actor report,
                        std::vector<std::pair<id_t, id_t>> targets, int count) {
  auto left = std::make_shared<int>(count);
  auto errors = std::make_shared<std::uint64_t>(0);
  for (int i = 0; i < count; ++i) {
    auto [sender, room] = targets[static_cast<std::size_t>(i) % targets.size()];
    auto done = [=] {
      if (--*left == 0)
        self->send(report, caf::ok_atom_v, *errors);
    };
    self->request(store, caf::infinite, append_atom_v, room, sender,
                  "message " + std::to_string(i), id_t{0}, std::string{})
      .then([=](message_info&, bool) { done(); }, [=](caf::error&) { ++*errors; done(); });
  }
  return {};  // replies are handled by the .then() continuations above
}

figures run(const persistence::unit_of_work_opener& open, int n, int rooms, int requesters,
            std::size_t max_batch) {
  bench_config cfg;
  caf::actor_system sys{cfg};
  auto store = spawn_store(sys, open, store_options{max_batch});
  caf::scoped_actor self{sys};
  auto targets = seed(self, store, rooms);
  if (targets.size() != static_cast<std::size_t>(rooms))
    throw std::runtime_error("seeding the rooms failed");
  auto before = stats_of(self, store);
  std::mt19937 shuffle_seed{42};
  auto start = clock_type::now();
  for (int r = 0; r < requesters; ++r) {
    auto mine = targets;  // every requester writes to every room, in its own order
    std::shuffle(mine.begin(), mine.end(), shuffle_seed);
    int count = n / requesters + (r < n % requesters ? 1 : 0);
    sys.spawn(requester, store, caf::actor{self}, std::move(mine), count);
  }
  figures out;
  for (int r = 0; r < requesters; ++r)
    self->receive([&](caf::ok_atom, std::uint64_t errors) { out.errors += errors; });
  out.seconds = std::chrono::duration<double>(clock_type::now() - start).count();
  auto after = stats_of(self, store);
  out.stats = {after.transactions - before.transactions, after.jobs - before.jobs};
  self->send_exit(store, caf::exit_reason::user_shutdown);
  return out;
}

void print(const char* backend, const char* label, const figures& f) {
  auto jobs = static_cast<double>(f.stats.jobs);
  std::printf("%-9s %-28s jobs %7llu  transactions %6llu  writes/transaction %7.1f  "
              "%8.2f s  %9.0f inserts/s  errors %llu\n",
              backend, label, static_cast<unsigned long long>(f.stats.jobs),
              static_cast<unsigned long long>(f.stats.transactions),
              f.stats.transactions ? jobs / static_cast<double>(f.stats.transactions) : 0.0,
              f.seconds, f.seconds > 0 ? jobs / f.seconds : 0.0,
              static_cast<unsigned long long>(f.errors));
}

int arg(int argc, char** argv, int index, int fallback) {
  return argc > index ? std::max(1, std::atoi(argv[index])) : fallback;
}

/// Both modes on one backend; `fresh(name)` opens a fresh database for each.
template <class Fresh>
void compare(const char* backend, Fresh fresh, int n, int rooms, int requesters) {
  print(backend, "group commit (max_batch 512)", run(fresh("batched"), n, rooms, requesters, 512));
  print(backend, "one commit per write (1)", run(fresh("single"), n, rooms, requesters, 1));
}

/// A throwaway PostgreSQL server with fsync on (tests/support/postgres_cluster), for one run.
struct throwaway_postgres {
  std::filesystem::path dir;
  std::string script = std::string{CHATD_SOURCE_DIR} + "/tests/support/postgres_cluster";
  bool up = false;

  explicit throwaway_postgres(const std::filesystem::path& d) : dir(d) {
    up = std::system(("PG_DURABLE=1 " + script + " start " + dir.string() + " >/dev/null").c_str()) == 0;
  }
  ~throwaway_postgres() {
    if (up)
      std::system((script + " stop " + dir.string()).c_str());
  }
  std::string url(const std::string& db) const {
    return "postgresql://postgres@/" + db + "?host=" + dir.string();
  }
};

}  // namespace

int main(int argc, char** argv) {
  int n = arg(argc, argv, 1, 20000);
  int rooms = arg(argc, argv, 2, 100);
  int requesters = arg(argc, argv, 3, 200);
  std::string pg_url = argc > 4 ? argv[4] : "";
  chat::log::set_level(chat::log::level::warn);
  auto dir = std::filesystem::temp_directory_path()
             / ("chatd-bench-" + std::to_string(std::random_device{}()));
  std::filesystem::create_directories(dir);
  std::printf("store_batching: %d appends, %d rooms, %d concurrent requesters\n", n, rooms,
              requesters);
  std::unique_ptr<throwaway_postgres> server;  // stopped on every way out
  int status = 0;
  try {
    std::printf("sqlite: synchronous=FULL on %s\n", dir.c_str());
    compare("sqlite", [&](const std::string& name) {
      return persistence::sqlite_opener((dir / (name + ".db")).string());
    }, n, rooms, requesters);
    if (pg_url.empty()) {
      server = std::make_unique<throwaway_postgres>(dir / "pg");
      if (!server->up)
        throw std::runtime_error("could not start PostgreSQL (tests/support/postgres_cluster)");
      pg_url = server->url("postgres");
      std::printf("postgres: a throwaway server, fsync on, synchronous_commit on, Unix socket\n");
    } else if (pg_url != "none") {
      std::printf("postgres: %s (the bench adds rows to it)\n",
                  persistence::postgres::redact_password(pg_url).c_str());
    }
    if (pg_url != "none")
      compare("postgres", [&](const std::string&) { return persistence::postgres_opener(pg_url); },
              n, rooms, requesters);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "store_batching: %s\n", e.what());
    status = 1;
  }
  server.reset();
  std::filesystem::remove_all(dir);
  return status;
}
