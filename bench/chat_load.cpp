// chat_load: a Socket.IO load generator for chat servers that speak docs/protocol.md (chatd,
// the Node.js peers). It prints one JSON line per run on stdout; progress goes to stderr.
//   chat_load --url http://127.0.0.1:3000 --server-pid PID --scenario direct --rate 2000
// See `chat_load --help` and docs/benchmarks.md.
#include <cstdlib>
#include <cstring>
#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <sys/resource.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "bench/load/scenario.hpp"

namespace {

using chat::load::load_options;

const char* usage = R"(usage: chat_load --url http://HOST:PORT [options]
  --scenario direct|group|idle|ramp   (direct)
  --label NAME          the server's name in the JSON line ("label")
  --server-pid PID      sample the server's CPU, RSS and context switches from /proc
  --users 200           users, one socket each (direct, group, ramp)
  --group-size G        room size (group: 20; direct, ramp: 2 = direct rooms)
  --rate 1000           msg/s, open loop, spread evenly over the users
  --seconds 10          measured sending time (ramp: per step)
  --warmup 2            unmeasured seconds of traffic first
  --connections 1000    idle: sockets to hold      --hold 3   idle: seconds held
  --threads 1           load generator threads (one io_context each)
  --setup 120           seconds connecting (and forming rooms) may take before the run fails
  --body-chars 64       --tick-ms 0.5     --drain 10 (seconds answers may take)
  --p99-bound-ms 50     ramp: a step holds while p99 ack and delivery stay below
  --ramp-start 125      --ramp-factor 2   --ramp-refine 3   --ramp-max 200000
  --check               exit 1 unless nothing was lost, refused, duplicated or disconnected
)";

bool parse_url(const std::string& url, load_options& o) {
  std::string rest = url;
  if (rest.rfind("http://", 0) == 0)
    rest = rest.substr(7);
  while (!rest.empty() && rest.back() == '/')
    rest.pop_back();
  auto colon = rest.rfind(':');
  if (colon == std::string::npos)
    return false;
  boost::system::error_code ec;
  auto host = rest.substr(0, colon);
  auto address = boost::asio::ip::make_address(host == "localhost" ? "127.0.0.1" : host, ec);
  char* end = nullptr;
  long port = std::strtol(rest.c_str() + colon + 1, &end, 10);
  if (ec || *end != '\0' || port <= 0 || port > 65535)
    return false;
  o.server = {address, static_cast<unsigned short>(port)};
  return true;
}

/// The fd limit up to the hard one: the idle scenario holds thousands of sockets.
void raise_fd_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

}  // namespace

int main(int argc, char** argv) {
  load_options o;
  bool check = false;
  std::string url;
  // Option parsers: each stores its value and says whether it was valid.
  auto number = [](double& out) {
    return [&out](const std::string& v) {
      char* end = nullptr;
      out = std::strtod(v.c_str(), &end);
      return !v.empty() && *end == '\0' && out >= 0;
    };
  };
  auto count = [](unsigned& out) {
    return [&out](const std::string& v) {
      char* end = nullptr;
      long n = std::strtol(v.c_str(), &end, 10);
      out = static_cast<unsigned>(n);
      return !v.empty() && *end == '\0' && n >= 0 && n < 10'000'000;
    };
  };
  double pid = 0;
  std::map<std::string, std::function<bool(const std::string&)>> options = {
    {"url", [&](const std::string& v) { url = v; return parse_url(v, o); }},
    {"scenario", [&](const std::string& v) { o.scenario = v; return true; }},
    {"label", [&](const std::string& v) { o.label = v; return true; }},
    {"server-pid", number(pid)},          {"users", count(o.users)},
    {"group-size", count(o.group_size)},  {"rate", number(o.rate)},
    {"seconds", number(o.seconds)},       {"warmup", number(o.warmup_seconds)},
    {"connections", count(o.connections)}, {"hold", number(o.hold_seconds)},
    {"threads", count(o.threads)},        {"body-chars", count(o.body_chars)},
    {"tick-ms", number(o.tick_ms)},       {"drain", number(o.drain_seconds)},
    {"p99-bound-ms", number(o.p99_bound_ms)}, {"ramp-start", number(o.ramp_start)},
    {"ramp-factor", number(o.ramp_factor)},   {"ramp-refine", count(o.ramp_refine)},
    {"ramp-max", number(o.ramp_max)},     {"setup", number(o.setup_seconds)},
  };
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << usage;
      return 0;
    }
    if (arg == "--check") {
      check = true;
      continue;
    }
    std::string value;
    if (auto eq = arg.find('='); eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
    } else if (i + 1 < argc) {
      value = argv[++i];
    }
    auto found = arg.rfind("--", 0) == 0 ? options.find(arg.substr(2)) : options.end();
    if (found == options.end() || !found->second(value)) {
      std::cerr << "chat_load: bad option " << arg << " " << value << "\n" << usage;
      return 2;
    }
  }
  if (url.empty()) {
    std::cerr << "chat_load: --url is required\n" << usage;
    return 2;
  }
  if (o.ramp_factor <= 1 || o.rate <= 0 || o.seconds <= 0) {
    std::cerr << "chat_load: --rate and --seconds must be positive, --ramp-factor above 1\n";
    return 2;
  }
  o.server_pid = static_cast<pid_t>(pid);
  if (o.label.empty())
    o.label = url;
  raise_fd_limit();
  try {
    auto result = chat::load::run_scenario(o);
    std::cout << result.dump() << std::endl;
    if (check) {
      auto positive = [&](const char* key) {
        return result.contains(key) && result[key].get<std::uint64_t>() > 0;
      };
      bool undrained = result.contains("drained") && !result["drained"].get<bool>();
      if (positive("lost") || positive("refused") || positive("duplicated")
          || positive("disconnects") || positive("failures") || undrained) {
        std::cerr << "chat_load: --check failed\n";
        return 1;
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "chat_load: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
