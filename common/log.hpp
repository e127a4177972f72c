// Leveled logging to stderr, one line per event: "2026-11-24T10:05:02.123Z info  listening on …".
// Thread-safe (one write(2) per line); the level is set once at start-up.
#pragma once

#include <string_view>

namespace chat::log {

enum class level { debug = 0, info, warn, error, off };

void set_level(level l) noexcept;
level current_level() noexcept;
/// Parses "debug", "info", "warn", "error", "off"; false when unknown.
bool parse_level(std::string_view text, level& out) noexcept;

void write(level l, std::string_view text);

inline bool enabled(level l) noexcept { return l >= current_level(); }
inline void debug(std::string_view text) { if (enabled(level::debug)) write(level::debug, text); }
inline void info(std::string_view text) { if (enabled(level::info)) write(level::info, text); }
inline void warn(std::string_view text) { if (enabled(level::warn)) write(level::warn, text); }
inline void error(std::string_view text) { if (enabled(level::error)) write(level::error, text); }

}  // namespace chat::log
