// /proc parsing: CPU and RSS from stat (with an awkward command name), context switches from
// a task's status, and a live sample of this very process.
#include <doctest/doctest.h>

#include <thread>
#include <unistd.h>

#include "bench/load/proc_sampler.hpp"

using namespace chat::load;

TEST_CASE("stat: utime+stime in seconds, threads, rss in KiB, past a ') (' in the name") {
  // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
  // utime stime cutime cstime priority nice num_threads itrealvalue starttime vsize rss …
  const auto stat =
    "4242 (chat d) (x)) S 1 4242 4242 0 -1 4194560 1200 0 3 0 "
    "250 150 7 9 20 0 9 0 12345 1000000 2048 18446744073709551615 1 1 0 0 0";
  auto s = parse_stat(stat, 100, 4);
  REQUIRE(s);
  CHECK(s->cpu_seconds == doctest::Approx(4.0));  // (250 + 150) / 100, children not counted
  CHECK(s->threads == 9);
  CHECK(s->rss_kib == 2048 * 4);
}

TEST_CASE("stat that is cut short or garbled is refused") {
  CHECK_FALSE(parse_stat("", 100, 4));
  CHECK_FALSE(parse_stat("1 (x) S 1 2 3", 100, 4));
  CHECK_FALSE(parse_stat("1 (x) S 1 1 1 0 -1 0 0 0 0 0 abc 1 0 0 20 0 1 0 1 1 1", 100, 4));
  CHECK_FALSE(parse_stat("no parenthesis at all", 100, 4));
}

TEST_CASE("status: voluntary and involuntary context switches add up") {
  const auto status =
    "Name:\tchatd\nState:\tS (sleeping)\nVmRSS:\t   14336 kB\n"
    "voluntary_ctxt_switches:\t1500\nnonvoluntary_ctxt_switches:\t42\n";
  CHECK(parse_context_switches(status) == 1542u);
  CHECK_FALSE(parse_context_switches("Name:\tx\nvoluntary_ctxt_switches:\t3\n"));
}

TEST_CASE("a live sample of this process sees its own CPU and memory") {
  volatile std::uint64_t spin = 0;
  for (std::uint64_t i = 0; i < 30'000'000; ++i)
    spin = spin + i;
  std::thread([] {}).join();  // blocking in join is a voluntary context switch
  auto s = sample_process(getpid());
  REQUIRE(s);
  CHECK(s->rss_kib > 0);
  CHECK(s->threads >= 1);
  CHECK(s->context_switches > 0);
  CHECK(s->cpu_seconds >= 0.0);
  CHECK_FALSE(sample_process(-1));
}

TEST_CASE("/proc/stat: busy is everything but idle and iowait, over all cores") {
  const auto stat = "cpu  100 20 30 800 50 5 5 0 0 0\ncpu0 50 10 15 400 25 2 3 0 0 0\n";
  auto m = parse_machine_stat(stat, 100);
  REQUIRE(m);
  CHECK(m->busy_seconds == doctest::Approx(1.6));   // (100+20+30+5+5+0) / 100
  CHECK(m->total_seconds == doctest::Approx(10.1));  // + 800 idle + 50 iowait
  CHECK_FALSE(parse_machine_stat("cpu0 1 2 3", 100));
  CHECK_FALSE(parse_machine_stat("cpu  1 2 x 4 5 6 7 8", 100));
  auto live = sample_machine();
  REQUIRE(live);
  CHECK(live->total_seconds >= live->busy_seconds);
}
