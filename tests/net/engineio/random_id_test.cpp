// Session ids: 120 bits from the system CSPRNG in 20 URL-safe characters, never repeated, not
// even by a forked process (a PRNG seeded once per thread repeats its parent's ids there).
#include <doctest/doctest.h>

#include <array>
#include <set>
#include <string>

#include <sys/wait.h>
#include <unistd.h>

#include "net/engineio/random_id.hpp"

using chat::engineio::random_id;

TEST_CASE("an id is 20 characters of base64url: 120 random bits") {
  for (int i = 0; i < 100; ++i) {
    const auto id = random_id();
    CHECK(id.size() == 20);
    CHECK(id.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
          std::string::npos);
  }
}

TEST_CASE("ids do not repeat, and every character position takes every value") {
  std::set<std::string> seen;
  std::array<std::set<char>, 20> per_position;
  for (int i = 0; i < 20000; ++i) {
    const auto id = random_id();
    CHECK(seen.insert(id).second);
    for (std::size_t p = 0; p < id.size(); ++p) per_position[p].insert(id[p]);
  }
  // 64 symbols each, 20,000 draws: a missing one has odds of about 64 * e^-312.
  for (const auto& symbols : per_position) CHECK(symbols.size() == 64);
}

TEST_CASE("a forked process does not repeat its parent's next id") {
  (void)random_id();  // whatever state a generator keeps is initialised before the fork
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    const auto id = random_id();
    const auto written = write(fds[1], id.data(), id.size());
    _exit(written == static_cast<ssize_t>(id.size()) ? 0 : 1);
  }
  close(fds[1]);
  const auto mine = random_id();
  std::string theirs(20, '\0');
  const auto got = read(fds[0], theirs.data(), theirs.size());
  close(fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  REQUIRE(got == 20);
  CHECK(mine != theirs);
}
