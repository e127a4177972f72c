// What a process costs, read from /proc: CPU time (utime+stime), resident memory, and the
// context switches of all its threads. Used on the server under test and on the load
// generator itself; the figures of a run are differences of two samples.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <sys/types.h>

namespace chat::load {

struct proc_sample {
  double cpu_seconds = 0;               ///< user + system time of all threads so far
  std::uint64_t rss_kib = 0;            ///< resident set size now
  std::uint64_t context_switches = 0;   ///< voluntary + involuntary, summed over live threads
  std::uint32_t threads = 0;
};

/// One sample of process `pid`, or nothing when it is gone (or /proc is not readable).
std::optional<proc_sample> sample_process(pid_t pid);

/// The whole machine's CPU time so far, all cores (/proc/stat): how busy the machine was
/// during a step, the server and the load generator included, is the busy share of the
/// difference of two samples.
struct machine_sample {
  double busy_seconds = 0;   ///< user, nice, system, irq, softirq, steal
  double total_seconds = 0;  ///< the same plus idle and iowait
};
std::optional<machine_sample> sample_machine();

// -- parsers, exposed for tests --

/// /proc/<pid>/stat: cpu_seconds, rss_kib and threads (context switches stay 0). The command
/// name may hold spaces and parentheses: fields are counted from the last ')'.
std::optional<proc_sample> parse_stat(std::string_view text, long ticks_per_second,
                                      long page_kib);

/// The "cpu " line of /proc/stat.
std::optional<machine_sample> parse_machine_stat(std::string_view text, long ticks_per_second);

/// voluntary_ctxt_switches + nonvoluntary_ctxt_switches of a /proc/<pid>/task/<tid>/status.
std::optional<std::uint64_t> parse_context_switches(std::string_view status);

}  // namespace chat::load
