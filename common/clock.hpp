// Wall-clock timestamps in the contract's format: ISO-8601 UTC with milliseconds.
#pragma once

#include <chrono>
#include <string>

namespace chat {

/// e.g. "2026-11-24T10:05:02.123Z"
std::string iso8601(std::chrono::system_clock::time_point t);
inline std::string iso8601_now() { return iso8601(std::chrono::system_clock::now()); }

}  // namespace chat
