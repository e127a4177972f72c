// What one client packet can make the server hold once decoded, measured: every allocation
// of this test binary is counted (global operator new), and the costliest shapes a 1 MB packet
// (Engine.IO maxPayload) can take are decoded. docs/limits.md quotes these numbers.
#include <doctest/doctest.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <string>

#include "net/socketio/packet.hpp"

namespace {

std::atomic<std::size_t> live{0}, peak{0};

void* counted(std::size_t n) {
  auto* p = static_cast<std::size_t*>(std::malloc(n + sizeof(std::max_align_t)));
  if (!p) throw std::bad_alloc();
  *p = n;
  const auto now = live += n;
  for (auto seen = peak.load(); now > seen && !peak.compare_exchange_weak(seen, now);) {}
  return reinterpret_cast<char*>(p) + sizeof(std::max_align_t);
}

void uncounted(void* q) noexcept {
  if (!q) return;
  auto* p = reinterpret_cast<std::size_t*>(static_cast<char*>(q) - sizeof(std::max_align_t));
  live -= *p;
  std::free(p);
}

}  // namespace

void* operator new(std::size_t n) { return counted(n); }
void* operator new[](std::size_t n) { return counted(n); }
void operator delete(void* p) noexcept { uncounted(p); }
void operator delete[](void* p) noexcept { uncounted(p); }
void operator delete(void* p, std::size_t) noexcept { uncounted(p); }
void operator delete[](void* p, std::size_t) noexcept { uncounted(p); }

namespace {

constexpr std::size_t max_payload = 1000000;

/// ["m", <items joined by commas>], as long as fits in one maxPayload.
std::string packet_of(const std::string& item, std::size_t count) {
  std::string text = "2[\"m\"";
  for (std::size_t i = 0; i < count && text.size() + item.size() + 2 < max_payload; ++i) text += "," + item;
  return text + "]";
}

/// Peak bytes held while decoding `text` (beyond the text itself), and what stays held.
std::pair<std::size_t, std::size_t> decode_cost(const std::string& text) {
  const auto base = live.load();
  peak = base;
  {
    chat::socketio::packet p;
    const auto ec = chat::socketio::decode_packet(text, p);
    const auto held = live.load() - base;
    const auto top = peak.load() - base;
    std::printf("  %-44.44s %8zu B text, %-40s peak %5.2f MB, held %5.2f MB\n", text.c_str(), text.size(),
                ec ? ec.message().c_str() : "decoded", top / 1e6, held / 1e6);
    return {top, held};
  }
}

}  // namespace

TEST_CASE("a decoded packet of at most maxPayload bytes holds at most 2.5 MB, whatever its shape") {
  const std::string long_key(90, 'k');
  const std::vector<std::string> shapes = {
      packet_of("[]", 9990),                                  // 3 bytes a value: the max_json_values bound bites
      packet_of("[[[[]]]]", 2490),
      packet_of("{}", 9990),
      packet_of("\"\"", 9990),
      packet_of("0", 9990),
      packet_of("\"" + std::string(96, 'x') + "\"", 9990),   // strings long enough to fill 1 MB
      packet_of("{\"" + long_key + "\":0}", 4990),
      packet_of("\"" + std::string(max_payload - 20, 'x') + "\"", 1),  // one string of ~1 MB
      packet_of("1e400", 9990),
      packet_of("[]", 400000),                                // refused, early: value 10,001 stops it
  };
  std::printf("decoding the costliest packets a client may send:\n");
  for (const auto& text : shapes) {
    REQUIRE(text.size() <= max_payload);
    const auto [top, held] = decode_cost(text);
    CHECK(top <= 2500000);
    CHECK(held <= top);
  }
}
