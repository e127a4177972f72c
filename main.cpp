// chatd: wires the layers together. Configuration (flags, config file) → actor system (store,
// readers, chat actors) → asio threads serving HTTP, REST and Socket.IO on one port.
#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <sys/resource.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <caf/all.hpp>

#include "actors/chat/chat_service.hpp"
#include "actors/cluster/listener.hpp"
#include "actors/cluster/publisher_actor.hpp"
#include "actors/store/reader_pool.hpp"
#include "actors/rest/rest_api.hpp"
#include "actors/runtime/io_coordinator.hpp"
#include "actors/store/store_actor.hpp"
#include "common/log.hpp"
#include "messages/type_ids.hpp"
#include "persistence/export/sqlite_to_postgres.hpp"
#include "persistence/postgres/pg_connection.hpp"
#include "persistence/postgres/pg_unit_of_work.hpp"
#include "persistence/sqlite/sqlite_unit_of_work.hpp"
#include "net/engineio/cors.hpp"
#include "net/engineio/server.hpp"
#include "net/http/loop_lag.hpp"
#include "net/http/server.hpp"
#include "net/http/static_files.hpp"
#include "net/socketio/server.hpp"

namespace {

/// Every setting of chatd, from flags (`--port 3000` or `--port=3000`) or a config file
/// (`--config-file=chatd.ini`, lines `port = 3000`).
struct chatd_config : caf::actor_system_config {
  std::uint16_t port = 3000;
  std::string bind = "0.0.0.0";
  std::string db = "data/chat.db";
  std::string durability = "full";
  std::size_t commit_window_us = 2000;
  std::size_t threads = 0;
  std::size_t io_threads = 0;
  std::size_t actor_threads = 0;
  std::string actor_runtime = "io";
  std::string auth = "password";
  std::string log_level = "info";
  std::size_t max_body_chars = 4000;
  std::size_t ping_interval_ms = 25000;
  std::size_t ping_timeout_ms = 20000;
  std::size_t max_payload = 1000000;
  std::size_t max_buffered_bytes = 4 * 1024 * 1024;
  std::size_t max_page_bytes = 512 * 1024;
  std::size_t max_watched_users = 1000;
  std::size_t max_sockets_per_user = 1000;
  std::size_t max_queued_reads = 512;
  std::size_t max_events_in_flight = 2048;
  std::size_t shed_io_lag_ms = 250;
  std::size_t max_group_members = 1000;
  std::size_t token_ttl_hours = 30 * 24;
  std::size_t auth_rate = 10;
  std::size_t auth_rate_per_ip = 60;
  std::size_t max_password_jobs = 16;
  std::size_t max_connections = 10000;
  std::size_t max_pending_per_ip = 64;
  std::size_t connect_timeout_ms = 10000;
  std::string metrics_bind;
  std::string cors_origins = "*";
  bool cors_credentials = false;
  std::string web_root = CHATD_WEB_ROOT;
  std::string export_to;
  std::string redis;
  std::string sid_prefix;
  std::size_t heartbeat_ms = 2000;
  std::size_t heartbeat_ttl_ms = 8000;

  chatd_config() {
    add_message_types<caf::id_block::chat>();
    // An idle scheduler worker sleeps on its condition variable at once (woken by the next
    // message from an I/O thread or the store) instead of polling its queue: CAF's default
    // spins, then naps 50 us at a time for 25 ms, a wake-up and a context switch each, after
    // every message (docs/benchmarks.md). Still overridable (--work-stealing.…, chatd.ini).
    set("work-stealing.aggressive-poll-attempts", 0);
    set("work-stealing.moderate-poll-attempts", 0);
    opt_group{custom_options_, "global"}
      .add(port, "port,p", "TCP port (0: any free port)")
      .add(bind, "bind", "address to listen on")
      .add(db, "db", "SQLite database file, or postgresql://user@host:port/dbname (migrated at start)")
      .add(durability, "durability", "full: an ack survives power loss (fsync per commit); normal: a crash of chatd")
      .add(commit_window_us, "commit-window", "µs a group commit waits for more writes after its first (0: none)")
      .add(threads, "threads,t", "cores to use: shared by I/O threads and actor scheduler workers (0: all)")
      .add(io_threads, "io-threads", "I/O threads (0: half of --threads, at least 1)")
      .add(actor_threads, "actor-threads", "with --actor-runtime pool: scheduler workers (0: the rest of --threads, at least 1)")
      .add(actor_runtime, "actor-runtime", "io: actors run on the I/O threads; pool: on scheduler workers of their own")
      .add(auth, "auth", "password (register/login) or pseudo (also POST /api/users)")
      .add(token_ttl_hours, "token-ttl", "hours a token authenticates after it was issued (0: forever)")
      .add(auth_rate, "auth-rate", "sign-in attempts per minute (and at once) per username (0: unlimited)")
      .add(auth_rate_per_ip, "auth-rate-per-ip", "sign-in attempts per minute per client address, half at once (0: unlimited)")
      .add(max_password_jobs, "max-password-jobs", "password hashes queued or running at once; more is 503")
      .add(log_level, "log-level", "debug | info | warn | error | off")
      .add(max_body_chars, "max-body-chars", "longest message body, in characters")
      .add(ping_interval_ms, "ping-interval", "Engine.IO pingInterval in ms")
      .add(ping_timeout_ms, "ping-timeout", "Engine.IO pingTimeout in ms")
      .add(max_payload, "max-payload", "Engine.IO maxPayload in bytes")
      .add(max_buffered_bytes, "max-buffered-bytes", "pending output that cuts a slow client off, in bytes")
      .add(max_watched_users, "max-watched-users", "most users one socket watches with presence:watch")
      .add(max_sockets_per_user, "max-sockets-per-user", "sockets one user may hold at once; one more is refused at CONNECT")
      .add(max_events_in_flight, "max-events-in-flight", "socket events being served at once; past it events are refused with overloaded (0: no bound)")
      .add(shed_io_lag_ms, "shed-io-lag", "ms the I/O threads may run late before a growing share of events is refused with overloaded (0: never)")
      .add(max_queued_reads, "max-queued-reads", "reads queued or running at once; past it history, sync and REST pages are overloaded (0: no bound)")
      .add(max_group_members, "max-group-members", "most members of a group room (room:create, room:add)")
      .add(max_page_bytes, "max-page-bytes", "largest history/sync page, in encoded bytes (keep well below --max-buffered-bytes)")
      .add(max_connections, "max-connections", "open TCP connections at most; past it new ones are closed at once")
      .add(max_pending_per_ip, "max-pending-per-ip", "sessions one address may open before they CONNECT; past it HTTP 429")
      .add(connect_timeout_ms, "connect-timeout", "ms a session may take to complete its Socket.IO CONNECT")
      .add(metrics_bind, "metrics-bind", "host:port serving /metrics alone (empty: /metrics on the public port)")
      .add(cors_origins, "cors-origins", "origins allowed by CORS, comma-separated (* any, empty none)")
      .add(cors_credentials, "cors-credentials", "let browsers send cookies cross-origin")
      .add(web_root, "web-root", "folder of the web client served at / (empty: none)")
      .add(export_to, "export-to", "copy the SQLite database --db into this empty PostgreSQL database (postgresql://…), then exit")
      .add(redis, "redis", "redis://host:port[/db]: one node of several sharing fan-out and presence (empty: alone)")
      .add(heartbeat_ms, "heartbeat-interval", "ms between this node's heartbeats and its checks of the others' (--redis)")
      .add(sid_prefix, "sid-prefix", "put before every Engine.IO session id, for a load balancer's stickiness (A-Z a-z 0-9 . - _)")
      .add(heartbeat_ttl_ms, "heartbeat-ttl", "ms after its last heartbeat a node counts as dead (--redis)");
  }
};

/// A node id for the Redis adapter messages: random, new at every start (a restarted node is
/// a new node; the old one's state expires with its heartbeat).
std::string random_node_id() {
  static constexpr char alphabet[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::random_device rd;
  std::string id = "chatd-";
  for (int i = 0; i < 10; ++i)
    id += alphabet[rd() % (sizeof alphabet - 1)];
  return id;
}

/// CAF's parser wants `--name=value`; people (and our tests) also write `--name value`.
std::vector<std::string> normalize_args(int argc, char** argv) {
  std::vector<std::string> out;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    bool long_opt = arg.rfind("--", 0) == 0 && arg.find('=') == std::string::npos;
    bool flag = arg == "--help" || arg == "--long-help" || arg == "--dump-config"
                || arg == "--cors-credentials";
    if (long_opt && !flag && i + 1 < argc && std::strncmp(argv[i + 1], "--", 2) != 0)
      arg += '=' + std::string{argv[++i]};
    // CAF reads `--name=` as a missing argument: an empty value (`--web-root ""`) is `""` to it.
    if (arg.rfind("--", 0) == 0 && arg.back() == '=')
      arg += "\"\"";
    out.push_back(std::move(arg));
  }
  return out;
}

/// Every connection is a file descriptor: takes all the process may open (the soft limit,
/// often 1,024, raised to the hard one) and returns that number.
std::size_t raise_fd_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
    return 0;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
      limit = raised;
  }
  return static_cast<std::size_t>(limit.rlim_cur);
}

/// The storage backend `db` names: a postgresql:// URL, or else an SQLite file; its writer
/// commits as `level` says.
chat::persistence::unit_of_work_opener open_backend(const std::string& db,
                                                    chat::persistence::durability level) {
  if (chat::persistence::postgres::is_postgres_url(db))
    return chat::persistence::postgres_opener(db, {}, level);
  return chat::persistence::sqlite_opener(db, level);
}

/// `chatd --export-to postgresql://… [--db data/chat.db]`: the one-off move to PostgreSQL.
int export_to_postgres(const std::string& sqlite_path, const std::string& url) {
  namespace pg = chat::persistence::postgres;
  if (!pg::is_postgres_url(url) || pg::is_postgres_url(sqlite_path)) {
    std::cerr << "chatd: --export-to takes a postgresql:// URL, and --db the SQLite file to copy\n";
    return 2;
  }
  try {
    auto n = chat::persistence::export_sqlite_to_postgres(sqlite_path, url);
    std::cout << "exported " << sqlite_path << " to " << pg::redact_password(url) << ": "
              << n.users << " users, " << n.tokens << " tokens, " << n.rooms << " rooms, "
              << n.room_members << " memberships, " << n.messages << " messages, "
              << n.read_markers << " read markers\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "chatd: export failed, no data was copied: " << e.what() << "\n";
    return 1;
  }
}

/// "host:port" or "[v6 host]:port" -> host, port; false when it is neither.
bool parse_host_port(const std::string& text, std::string& host, unsigned short& port) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) return false;
  host = text.substr(0, colon);
  if (host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  unsigned value = 0;
  for (char c : text.substr(colon + 1)) {
    if (c < '0' || c > '9' || (value = value * 10 + static_cast<unsigned>(c - '0')) > 65535) return false;
  }
  boost::system::error_code ec;
  boost::asio::ip::make_address(host, ec);
  port = static_cast<unsigned short>(value);
  return !ec;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = std::min(text.find(',', start), text.size());
    if (end > start)
      out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

/// The web client: the files of `root` (but its npm folder and package files), and the
/// socket.io browser bundle from its node_modules at /vendor/. Loaded once, held in memory.
std::shared_ptr<chat::http::static_files> web_client(const std::string& root) {
  chat::http::static_catalog_options opts;
  opts.root = root;
  opts.exclude = {"node_modules", "package.json", "package-lock.json"};
  const auto dist = std::filesystem::path{root} / "node_modules/socket.io-client/dist";
  for (const char* name : {"socket.io.esm.min.js", "socket.io.esm.min.js.map"})
    opts.extra.emplace_back(std::string{"/vendor/"} + name, dist / name);
  auto catalog = chat::http::static_catalog::load(opts);
  for (const auto& line : catalog.skipped())
    chat::log::debug("web client: not served: " + line);
  if (!catalog.find("/index.html"))
    chat::log::warn("web client: no index.html in " + root + " (--web-root)");
  else if (!catalog.find("/vendor/socket.io.esm.min.js"))
    chat::log::warn("web client: no socket.io bundle (run scripts/setup: npm ci in " + root + ")");
  chat::log::info("web client: " + std::to_string(catalog.size()) + " files from " + root + ", "
                  + std::to_string(catalog.skipped().size()) + " skipped (--log-level debug lists them)");
  return std::make_shared<chat::http::static_files>(std::move(catalog));
}

}  // namespace

int main(int argc, char** argv) {
  chatd_config cfg;
  if (auto err = cfg.parse(normalize_args(argc, argv), "chatd.ini")) {
    std::cerr << "chatd: " << cfg.render(err) << " (see --help)\n";
    return 2;
  }
  if (cfg.cli_helptext_printed)
    return 0;
  chat::log::level level;
  if (!chat::log::parse_level(cfg.log_level, level)) {
    std::cerr << "chatd: unknown --log-level " << cfg.log_level << "\n";
    return 2;
  }
  chat::log::set_level(level);
  if (!cfg.export_to.empty())
    return export_to_postgres(cfg.db, cfg.export_to);
  if (cfg.auth != "password" && cfg.auth != "pseudo") {
    std::cerr << "chatd: --auth must be password or pseudo\n";
    return 2;
  }
  const auto durability = chat::persistence::parse_durability(cfg.durability);
  if (!durability) {
    std::cerr << "chatd: --durability must be full or normal, not " << cfg.durability << "\n";
    return 2;
  }
  if (cfg.actor_runtime != "io" && cfg.actor_runtime != "pool") {
    std::cerr << "chatd: --actor-runtime must be io or pool, not " << cfg.actor_runtime << "\n";
    return 2;
  }
  const bool actors_on_io = cfg.actor_runtime == "io";
  // One busy thread per core. With --actor-runtime io (the default) the actors run between the
  // I/O handlers, so a message crosses no thread from its socket to the store and back; one
  // core is left to the store's commits. With pool, the I/O threads and the scheduler's
  // workers share the cores (the store and the readers mostly wait for the disk).
  const std::size_t cores =
    cfg.threads > 0 ? cfg.threads : std::max(1u, std::thread::hardware_concurrency());
  const std::size_t threads = cfg.io_threads > 0 ? cfg.io_threads
                              : actors_on_io   ? std::max<std::size_t>(1, cores - 1)
                                               : std::max<std::size_t>(1, cores / 2);
  const std::size_t actor_threads =
    actors_on_io ? 0
    : cfg.actor_threads > 0 ? cfg.actor_threads
                            : std::max<std::size_t>(1, cores - std::min(cores, threads));
  if (actors_on_io)
    chat::io_coordinator::install(cfg);
  else
    cfg.set("scheduler.max-threads", actor_threads);

  // Settings checked before anything starts: a refusal here leaves nothing running.
  chat::engineio::server_options eio_opts;
  eio_opts.ping_interval = std::chrono::milliseconds{cfg.ping_interval_ms};
  eio_opts.ping_timeout = std::chrono::milliseconds{cfg.ping_timeout_ms};
  eio_opts.max_payload = cfg.max_payload;
  eio_opts.max_buffered_bytes = cfg.max_buffered_bytes;
  eio_opts.cors_origins = split_list(cfg.cors_origins);
  eio_opts.cors_credentials = cfg.cors_credentials;
  eio_opts.max_pending_per_address = cfg.max_pending_per_ip;
  eio_opts.sid_prefix = cfg.sid_prefix;
  if (cfg.sid_prefix.size() > 32
      || cfg.sid_prefix.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_")
           != std::string::npos) {
    std::cerr << "chatd: --sid-prefix takes at most 32 of A-Z a-z 0-9 . - _ (it goes into URLs unescaped)\n";
    return 2;
  }
  if (auto error = chat::engineio::cors_settings_error(eio_opts)) {
    std::cerr << "chatd: " << *error << "\n";
    return 2;
  }
  std::string metrics_host;
  unsigned short metrics_port = 0;
  if (!cfg.metrics_bind.empty() && !parse_host_port(cfg.metrics_bind, metrics_host, metrics_port)) {
    std::cerr << "chatd: --metrics-bind wants host:port (an IP address, [v6]:port), not " << cfg.metrics_bind
              << "\n";
    return 2;
  }

  std::optional<chat::cluster::cluster_options> cluster_opts;
  if (!cfg.redis.empty()) {
    auto address = chat::cluster::parse_redis_url(cfg.redis);
    if (!address) {
      std::cerr << "chatd: --redis wants redis://host[:port][/db], not " << cfg.redis << "\n";
      return 2;
    }
    if (cfg.heartbeat_ms == 0 || cfg.heartbeat_ttl_ms <= cfg.heartbeat_ms) {
      std::cerr << "chatd: --heartbeat-ttl must be longer than --heartbeat-interval (> 0)\n";
      return 2;
    }
    cluster_opts.emplace();
    cluster_opts->address = *address;
    cluster_opts->uid = random_node_id();
    cluster_opts->heartbeat_interval = std::chrono::milliseconds{cfg.heartbeat_ms};
    cluster_opts->heartbeat_ttl = std::chrono::milliseconds{cfg.heartbeat_ttl_ms};
    cluster_opts->max_message_bytes = cfg.max_payload;
  }

  // Declared before the actor system, so destroyed after it: actors own network objects (a
  // session actor holds its socket, with its strand and timers), and the actor system's
  // destructor waits for every actor to finish. Those must not outlive the io_context.
  boost::asio::io_context ioc{static_cast<int>(threads)};
  caf::actor_system sys{cfg};
  const auto db_name = chat::persistence::postgres::redact_password(cfg.db);
  // Beyond the connections: the database, the listeners, epoll, timers, the log (~64 in all).
  if (const auto fds = raise_fd_limit(); fds > 0 && cfg.max_connections + 64 > fds)
    chat::log::warn("--max-connections " + std::to_string(cfg.max_connections) + " exceeds what "
                    + std::to_string(fds) + " file descriptors allow (ulimit -n): past ~"
                    + std::to_string(fds > 64 ? fds - 64 : 0) + " accepts pause");
  chat::log::info("chatd starting: db " + db_name + " (durability " + cfg.durability + "), " + std::to_string(threads)
                  + " I/O threads, " + (actors_on_io ? std::string{"actors on them"} : std::to_string(actor_threads) + " actor threads")
                  + ", auth "
                  + cfg.auth);

  // -- persistence: one writer (group commit), a pool of readers ------------------------------
  // The backend is chosen here and nowhere else: the actors see only the unit of work. Each
  // store and reader holds a connection of its own (PostgreSQL: 1 + readers per process).
  chat::store_actor store;
  chat::reader_actor readers;
  try {
    auto open_db = open_backend(cfg.db, *durability);
    const std::chrono::seconds token_ttl = std::chrono::hours{cfg.token_ttl_hours};
    store = chat::spawn_store(sys, open_db,
                              chat::store_options{
                                .commit_window = std::chrono::microseconds{cfg.commit_window_us},
                                .token_ttl = token_ttl,
                              });
    readers = chat::spawn_readers(sys, open_db, std::max<std::size_t>(2, cores),
                                  chat::reader_options{.token_ttl = token_ttl,
                                                       .max_in_flight = cfg.max_queued_reads});
  } catch (const std::exception& e) {
    chat::log::error("cannot open the database " + db_name + ": " + e.what());
    if (store)
      caf::anon_send_exit(store, caf::exit_reason::user_shutdown);
    return 1;
  }

  // -- chat actors behind Socket.IO ------------------------------------------------------------
  chat::chat_options chat_opts;
  chat_opts.max_body_chars = cfg.max_body_chars;
  chat_opts.max_page_bytes = cfg.max_page_bytes;
  chat_opts.max_watched_users = cfg.max_watched_users;
  chat_opts.max_sockets_per_user = std::max<std::size_t>(cfg.max_sockets_per_user, 1);
  chat_opts.max_events_in_flight = cfg.max_events_in_flight;
  chat_opts.max_io_lag = std::chrono::milliseconds{cfg.shed_io_lag_ms};
  chat_opts.max_group_members = std::max<std::size_t>(cfg.max_group_members, 2);
  chat::metrics::registry metrics;
  // -- cluster: the Redis publisher before the chat actors (they publish through it), the
  // listener after them (it delivers to them) -----------------------------------------------
  chat::cluster_actor publisher;
  if (cluster_opts) {
    cluster_opts->metrics = chat::cluster::cluster_metrics::registered_in(metrics);
    publisher = chat::cluster::spawn_publisher(sys, *cluster_opts);
    chat::log::info("cluster: node " + cluster_opts->uid + " on " + cluster_opts->address.to_string());
  }
  chat::chat_service chat{sys, store, readers, chat_opts, publisher};
  std::optional<chat::cluster::listener> listener;
  if (cluster_opts) {
    listener.emplace(*cluster_opts, chat.room_registry(), chat.presence_registry());
    if (listener->wait_subscribed(cluster_opts->timeout))
      chat::log::info("cluster: subscribed; other nodes' broadcasts and presence reach this node");
    else
      chat::log::warn("cluster: Redis is not reachable yet: serving this node's clients alone until it is");
  }

  auto engine = std::make_shared<chat::engineio::server>(ioc, eio_opts);
  chat::socketio::server_options sio_opts;
  sio_opts.max_attachment_bytes = cfg.max_payload;
  sio_opts.connect_timeout = std::chrono::milliseconds{cfg.connect_timeout_ms};
  chat::socketio::server sio{sio_opts};
  sio.add_namespace("/", [&chat](chat::socketio::connect_request_ptr req) {
    chat.on_connect(std::move(req));
  });
  engine->set_on_connection([&sio](chat::engineio::socket_ptr s) {
    sio.on_engine_connection(std::move(s));
  });

  // -- HTTP: REST, health, metrics, Socket.IO on one port --------------------------------------
  chat::rest_options rest_opts;
  rest_opts.pseudo_auth = cfg.auth == "pseudo";
  rest_opts.auth_per_minute = static_cast<double>(cfg.auth_rate);
  rest_opts.auth_burst = static_cast<double>(std::max<std::size_t>(cfg.auth_rate, 1));
  rest_opts.auth_per_minute_per_address = static_cast<double>(cfg.auth_rate_per_ip);
  rest_opts.auth_burst_per_address = static_cast<double>(std::max<std::size_t>(cfg.auth_rate_per_ip / 2, 1));
  rest_opts.max_password_jobs = std::max<std::size_t>(cfg.max_password_jobs, 1);
  auto rest = std::make_shared<chat::rest_api>(sys, store, readers, chat.presence_registry(),
                                               rest_opts, metrics);
  chat::http::server_options http_opts;
  http_opts.max_connections = cfg.max_connections;
  http_opts.on_response = [rest](const chat::http::request& req, unsigned status) {
    rest->observe(req, status);
  };
  chat::http::server http{ioc, http_opts};
  http.mount("/socket.io/", engine);
  http.mount("/api", rest);
  http.mount("/healthz", rest);
  // With --metrics-bind, /metrics is served on its own listener (a private address) and not
  // on the public port.
  std::optional<chat::http::server> metrics_http;
  if (cfg.metrics_bind.empty()) {
    http.mount("/metrics", rest);
  } else {
    chat::http::server_options metrics_opts;
    metrics_opts.max_connections = 64;
    metrics_http.emplace(ioc, metrics_opts);
    metrics_http->mount("/metrics", rest);
  }
  // Everything else: the web client (the longer prefixes above take precedence).
  if (!cfg.web_root.empty())
    http.mount("/", web_client(cfg.web_root));

  // Gauges sampled at scrape time from the components that own the numbers.
  auto& engine_sessions =
    metrics.add_gauge("engineio_sessions", "Open Engine.IO sessions (all transports)").with({});
  auto& tcp_connections =
    metrics.add_gauge("tcp_connections", "Open TCP connections, WebSockets included (--max-connections)").with({});
  auto& refused = metrics.add_counter("tcp_connections_refused_total",
                                      "Connections closed at accept: --max-connections were open").with({});
  auto& events_in_flight =
    metrics.add_gauge("chat_events_in_flight", "Socket events admitted and not answered yet (--max-events-in-flight)").with({});
  auto& events_refused = metrics.add_counter("chat_events_refused_total",
                                             "Socket events refused at the edge, by bound", {"bound"});
  auto& refused_total = events_refused.with({"total"});
  auto& refused_socket = events_refused.with({"per_socket"});
  std::uint64_t refused_seen = 0;  // on_collect runs under the registry's lock: one at a time
  std::uint64_t total_seen = 0, socket_seen = 0;
  metrics.on_collect([&] {
    const auto& admission = chat.admission();
    events_in_flight.set(static_cast<std::int64_t>(admission.in_flight()));
    refused_total.inc(admission.refused_overloaded() - total_seen);
    total_seen = admission.refused_overloaded();
    refused_socket.inc(admission.refused_per_socket() - socket_seen);
    socket_seen = admission.refused_per_socket();
    rest->http_metrics().open_connections().set(static_cast<std::int64_t>(http.open_connections()));
    engine_sessions.set(static_cast<std::int64_t>(engine->session_count()));
    tcp_connections.set(static_cast<std::int64_t>(http.open_sockets()));
    const auto now = http.refused_connections();
    refused.inc(now - refused_seen);
    refused_seen = now;
  });

  unsigned short port = 0;
  try {
    port = http.listen(cfg.bind, cfg.port);
  } catch (const std::exception& e) {
    chat::log::error("cannot listen on " + cfg.bind + ":" + std::to_string(cfg.port) + ": "
                     + e.what());
    return 1;
  }
  if (metrics_http) {
    try {
      metrics_port = metrics_http->listen(metrics_host, metrics_port);
    } catch (const std::exception& e) {
      chat::log::error("cannot listen on " + cfg.metrics_bind + " (--metrics-bind): " + e.what());
      return 1;
    }
    const bool v6 = metrics_host.find(':') != std::string::npos;
    chat::log::info("metrics on http://" + (v6 ? "[" + metrics_host + "]" : metrics_host) + ":"
                    + std::to_string(metrics_port) + "/metrics");
  }
  chat::log::info("listening on http://" + cfg.bind + ":" + std::to_string(port));

  // How late the I/O threads run: past --shed-io-lag the edge refuses a growing share of events.
  auto& io_lag_gauge =
    metrics.add_gauge("io_loop_lag_microseconds", "How late the I/O threads ran a 25 ms timer, last measured (--shed-io-lag)").with({});
  auto& shed_gauge = metrics.add_gauge("chat_events_shed_percent",
                                       "Share of socket events refused for the I/O threads' lateness (--shed-io-lag)").with({});
  chat::http::loop_lag io_lag{ioc, std::chrono::milliseconds{25}, [&](std::chrono::microseconds lag) {
                                io_lag_gauge.set(lag.count());
                                chat.admission().io_lag(lag);
                                shed_gauge.set(std::lround(chat.admission().shed_share() * 100));
                              }};
  io_lag.start();

  // Stop accepting, close every client session (they see a close and can reconnect
  // elsewhere), give the closes a moment to reach the wire, then stop the I/O threads.
  boost::asio::signal_set signals{ioc, SIGINT, SIGTERM};
  boost::asio::steady_timer grace{ioc};
  signals.async_wait([&](const boost::system::error_code&, int sig) {
    chat::log::info(std::string{"stopping on "} + (sig == SIGINT ? "SIGINT" : "SIGTERM"));
    http.stop();
    if (metrics_http) metrics_http->stop();
    engine->close_all();
    grace.expires_after(std::chrono::milliseconds{300});
    io_lag.stop();
    grace.async_wait([&](const boost::system::error_code&) { ioc.stop(); });
  });


  {
    // The actors run on the I/O threads while they serve; before and after (shutdown), on a
    // thread of the coordinator's own.
    chat::io_attachment actors_here{sys, ioc};
    std::vector<std::thread> io_threads;
    for (std::size_t i = 1; i < threads; ++i)
      io_threads.emplace_back([&ioc] { ioc.run(); });
    ioc.run();
    for (auto& t : io_threads)
      t.join();
  }
  // A polling client may not have polled for its close packet within the grace period: end
  // what is still open, so its session actor hears of the disconnect and nothing is left in
  // a session <-> handler cycle.
  engine->end_all();
  // Nothing more comes from the other nodes; this node's last presence changes go out, then
  // its heartbeat key is deleted (the others drop it at their next check).
  if (listener)
    listener->stop();
  if (publisher)
    caf::anon_send_exit(publisher, caf::exit_reason::user_shutdown);
  // Anything acknowledged is already committed; the store finishes its batch on exit.
  rest->shutdown();
  caf::anon_send_exit(store, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(readers, caf::exit_reason::user_shutdown);
  chat::log::info("stopped");
  return 0;
}
