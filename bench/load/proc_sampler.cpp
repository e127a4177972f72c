// /proc readers (proc(5)): stat for CPU and RSS, each task's status for context switches
// (the process-level status counts only the main thread's).
#include "bench/load/proc_sampler.hpp"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <unistd.h>

namespace chat::load {
namespace {

std::optional<std::string> read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in)
    return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::optional<std::uint64_t> number_at(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t'))
    ++pos;
  std::uint64_t out = 0;
  auto [end, ec] = std::from_chars(text.data() + pos, text.data() + text.size(), out);
  if (ec != std::errc{} || end == text.data() + pos)
    return std::nullopt;
  return out;
}

/// The value of a "Name:\tvalue" line of a status file.
std::optional<std::uint64_t> status_field(std::string_view status, std::string_view name) {
  for (std::size_t pos = 0; pos < status.size();) {
    auto end = status.find('\n', pos);
    if (end == std::string_view::npos)
      end = status.size();
    auto line = status.substr(pos, end - pos);
    if (line.size() > name.size() && line.substr(0, name.size()) == name
        && line[name.size()] == ':')
      return number_at(line.substr(name.size() + 1));
    pos = end + 1;
  }
  return std::nullopt;
}

}  // namespace

std::optional<proc_sample> parse_stat(std::string_view text, long ticks_per_second,
                                      long page_kib) {
  auto paren = text.rfind(')');
  if (paren == std::string_view::npos || ticks_per_second <= 0)
    return std::nullopt;
  // Fields from 3 (state) on, space separated: utime is field 14, stime 15, num_threads 20,
  // rss 24 (in pages).
  std::uint64_t fields[22] = {};
  std::size_t pos = paren + 1;
  for (int field = 3; field <= 24; ++field) {
    while (pos < text.size() && text[pos] == ' ')
      ++pos;
    auto end = text.find(' ', pos);
    if (end == std::string_view::npos)
      end = text.size();
    if (pos >= end)
      return std::nullopt;
    if (field != 3) {  // field 3 is the state letter
      auto value = number_at(text.substr(pos, end - pos));
      if (!value && (field == 14 || field == 15 || field == 20 || field == 24))
        return std::nullopt;
      fields[field - 3] = value.value_or(0);
    }
    pos = end;
  }
  proc_sample out;
  out.cpu_seconds = static_cast<double>(fields[14 - 3] + fields[15 - 3])
                    / static_cast<double>(ticks_per_second);
  out.threads = static_cast<std::uint32_t>(fields[20 - 3]);
  out.rss_kib = fields[24 - 3] * static_cast<std::uint64_t>(page_kib);
  return out;
}

std::optional<machine_sample> parse_machine_stat(std::string_view text, long ticks_per_second) {
  if (text.substr(0, 4) != "cpu " || ticks_per_second <= 0)
    return std::nullopt;
  // cpu  user nice system idle iowait irq softirq steal (guest time is already in user)
  std::uint64_t ticks[8] = {};
  std::size_t pos = 4;
  for (auto& value : ticks) {
    while (pos < text.size() && text[pos] == ' ')
      ++pos;
    auto end = text.find_first_of(" \n", pos);
    auto number = number_at(text.substr(pos, end == std::string_view::npos ? end : end - pos));
    if (!number)
      return std::nullopt;
    value = *number;
    pos = end == std::string_view::npos ? text.size() : end;
  }
  const double tick = 1.0 / static_cast<double>(ticks_per_second);
  std::uint64_t idle = ticks[3] + ticks[4];
  std::uint64_t total = 0;
  for (auto value : ticks)
    total += value;
  return machine_sample{static_cast<double>(total - idle) * tick, static_cast<double>(total) * tick};
}

std::optional<machine_sample> sample_machine() {
  auto text = read_text("/proc/stat");
  return text ? parse_machine_stat(*text, sysconf(_SC_CLK_TCK)) : std::nullopt;
}

std::optional<std::uint64_t> parse_context_switches(std::string_view status) {
  auto voluntary = status_field(status, "voluntary_ctxt_switches");
  auto involuntary = status_field(status, "nonvoluntary_ctxt_switches");
  if (!voluntary || !involuntary)
    return std::nullopt;
  return *voluntary + *involuntary;
}

std::optional<proc_sample> sample_process(pid_t pid) {
  static const long ticks = sysconf(_SC_CLK_TCK);
  static const long page_kib = sysconf(_SC_PAGESIZE) / 1024;
  const std::filesystem::path dir = "/proc/" + std::to_string(pid);
  auto stat = read_text(dir / "stat");
  if (!stat)
    return std::nullopt;
  auto out = parse_stat(*stat, ticks, page_kib);
  if (!out)
    return std::nullopt;
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator(dir / "task", ec)) {
    auto status = read_text(task.path() / "status");  // a thread may end meanwhile: skip it
    if (auto switches = status ? parse_context_switches(*status) : std::nullopt)
      out->context_switches += *switches;
  }
  return out;
}

}  // namespace chat::load
