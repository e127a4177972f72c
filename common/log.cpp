// Leveled logging to stderr (see log.hpp).
#include "common/log.hpp"

#include <atomic>
#include <string>

#include <unistd.h>

#include "common/clock.hpp"

namespace chat::log {

namespace {
std::atomic<level> threshold{level::info};
constexpr std::string_view names[] = {"debug", "info ", "warn ", "error"};
}  // namespace

void set_level(level l) noexcept { threshold.store(l, std::memory_order_relaxed); }
level current_level() noexcept { return threshold.load(std::memory_order_relaxed); }

bool parse_level(std::string_view text, level& out) noexcept {
  if (text == "debug") out = level::debug;
  else if (text == "info") out = level::info;
  else if (text == "warn" || text == "warning") out = level::warn;
  else if (text == "error") out = level::error;
  else if (text == "off") out = level::off;
  else return false;
  return true;
}

void write(level l, std::string_view text) {
  if (l >= level::off) return;
  std::string line = iso8601_now();
  line += ' ';
  line += names[static_cast<int>(l)];
  line += ' ';
  line += text;
  line += '\n';
  // One write per line keeps lines from different threads whole.
  [[maybe_unused]] auto n = ::write(STDERR_FILENO, line.data(), line.size());
}

}  // namespace chat::log
