// One PostgreSQL connection as the repositories see it: it prepares every registered statement
// on each new connection, reconnects with backoff when the server went away, and runs statements
// inside whatever transaction the unit of work has open (autocommit when none is).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <pqxx/result>

namespace chat::persistence::postgres {

/// True when `db` names a PostgreSQL database (postgresql:// or postgres:// URL) rather than
/// an SQLite file.
bool is_postgres_url(std::string_view db) noexcept;

/// `db` for a log line: a PostgreSQL URL's password replaced by "***" (anything else as is).
std::string redact_password(std::string_view db);

/// How hard a lost connection is fought for before an operation fails.
struct reconnect_policy {
  std::chrono::milliseconds give_up_after{10000};
  std::chrono::milliseconds first_backoff{50};
  std::chrono::milliseconds max_backoff{2000};
  /// Told of every failed attempt (1, 2, …) before the pause that follows it.
  std::function<void(int attempt)> on_retry;
};

class pg_connection {
 public:
  /// Connects once, at once: a wrong URL, an unknown database or a refused login fails here
  /// with libpq's message (std::invalid_argument for a malformed URL, pqxx::broken_connection
  /// otherwise). `name` shows in pg_stat_activity.application_name; `settings` (SET …
  /// statements) are applied to this and every later connection.
  pg_connection(std::string url, std::string name, std::vector<std::string> settings = {},
                reconnect_policy policy = {});

  pg_connection(const pg_connection&) = delete;
  pg_connection& operator=(const pg_connection&) = delete;

  /// Registers a statement under `name` and prepares it now and on every later connection,
  /// so a statement that does not fit the schema fails at open, not at first use.
  void prepare(const std::string& name, const std::string& sql);

  /// Runs prepared statement `name` in the current transaction (autocommit when none).
  template <class... Args>
  pqxx::result exec(const std::string& name, Args&&... args) {
    return current().exec_prepared(name, std::forward<Args>(args)...);
  }

  /// Drops the connection and connects again, retrying with growing pauses for as long as the
  /// policy allows; then throws the last pqxx::broken_connection. Statements are prepared again.
  void reconnect();

  /// The connection, for the unit of work to open a transaction on (autocommit ended first).
  pqxx::connection& for_transaction();

  /// Statements run in `tx` while a `use` lives (the unit of work's transaction or savepoint).
  class use {
   public:
    use(pg_connection& c, pqxx::transaction_base& tx) : c_(c), previous_(c.current_) {
      c_.current_ = &tx;
    }
    ~use() { c_.current_ = previous_; }
    use(const use&) = delete;
    use& operator=(const use&) = delete;

   private:
    pg_connection& c_;
    pqxx::transaction_base* previous_;
  };

 private:
  std::unique_ptr<pqxx::connection> open_once();
  pqxx::transaction_base& current();

  std::string url_;
  std::string name_;
  std::vector<std::string> settings_;
  reconnect_policy policy_;
  std::vector<std::pair<std::string, std::string>> statements_;
  std::unique_ptr<pqxx::connection> conn_;
  std::optional<pqxx::nontransaction> autocommit_;
  pqxx::transaction_base* current_ = nullptr;
};

}  // namespace chat::persistence::postgres
