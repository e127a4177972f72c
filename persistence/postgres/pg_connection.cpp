// Connecting, reconnecting and preparing. libpqxx 6 would quietly reactivate a broken connection
// by itself but forget nothing about why; here a broken connection is replaced by a new one, on
// purpose, with a bounded backoff, and the statements are prepared again on it.
#include "persistence/postgres/pg_connection.hpp"

#include <algorithm>
#include <stdexcept>
#include <thread>

#include <libpq-fe.h>

#include "common/log.hpp"

namespace chat::persistence::postgres {

namespace {

std::string first_line(std::string_view text) {
  return std::string{text.substr(0, text.find('\n'))};
}

/// A malformed URL is the caller's mistake, not a network problem: say so, never retry it.
void check_url(const std::string& url) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (options == nullptr) {
    std::string why = error != nullptr ? first_line(error) : "out of memory";
    PQfreemem(error);
    throw std::invalid_argument("invalid PostgreSQL URL: " + why);
  }
  PQconninfoFree(options);
}

}  // namespace

bool is_postgres_url(std::string_view db) noexcept {
  return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0;
}

std::string redact_password(std::string_view db) {
  std::string out{db};
  if (!is_postgres_url(db))
    return out;
  // postgresql://user:password@host/...: the password sits between the first ':' and the '@'
  // of the authority.
  auto start = out.find("://") + 3;
  auto end = out.find_first_of("/?", start);
  auto at = out.rfind('@', end == std::string::npos ? out.size() : end);
  if (at != std::string::npos && at > start) {
    auto colon = out.find(':', start);
    if (colon < at)
      out.replace(colon + 1, at - colon - 1, "***");
  }
  // ...?password=secret&...
  for (auto p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
    auto value = p + 9;
    auto stop = out.find('&', value);
    out.replace(value, (stop == std::string::npos ? out.size() : stop) - value, "***");
  }
  return out;
}

pg_connection::pg_connection(std::string url, std::string name,
                             std::vector<std::string> settings, reconnect_policy policy)
  : url_(std::move(url)), name_(std::move(name)), settings_(std::move(settings)), policy_(policy) {
  check_url(url_);
  conn_ = open_once();
}

void pg_connection::prepare(const std::string& name, const std::string& sql) {
  statements_.emplace_back(name, sql);
  conn_->prepare(name, sql);
  conn_->prepare_now(name);
}

pqxx::connection& pg_connection::for_transaction() {
  autocommit_.reset();
  if (!conn_)  // a reconnect gave up earlier: try again now
    reconnect();
  return *conn_;
}

std::unique_ptr<pqxx::connection> pg_connection::open_once() {
  auto c = std::make_unique<pqxx::connection>(url_);
  pqxx::nontransaction setup{*c};
  setup.exec("SET application_name = " + c->quote(name_));
  for (const auto& sql : settings_)
    setup.exec(sql);
  setup.commit();
  for (const auto& [name, sql] : statements_) {
    c->prepare(name, sql);
    c->prepare_now(name);
  }
  return c;
}

void pg_connection::reconnect() {
  autocommit_.reset();
  conn_.reset();
  auto deadline = std::chrono::steady_clock::now() + policy_.give_up_after;
  auto pause = policy_.first_backoff;
  for (int attempt = 1;; ++attempt) {
    try {
      conn_ = open_once();
      log::info("postgres: " + name_ + " reconnected");
      return;
    } catch (const pqxx::broken_connection& e) {
      if (std::chrono::steady_clock::now() + pause > deadline)
        throw;
      log::warn("postgres: " + name_ + " cannot connect (" + first_line(e.what())
                + "); retrying in " + std::to_string(pause.count()) + " ms");
      if (policy_.on_retry)
        policy_.on_retry(attempt);
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, policy_.max_backoff);
  }
}

pqxx::transaction_base& pg_connection::current() {
  if (current_ != nullptr)
    return *current_;
  if (!autocommit_) {
    if (!conn_)
      reconnect();
    autocommit_.emplace(*conn_);
  }
  return *autocommit_;
}

}  // namespace chat::persistence::postgres
