// Engine.IO packet and polling payload decoders (net/engineio/packet.cpp) on any bytes: they
// never crash, and what they decode encodes back to a payload that decodes to the same packets.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "net/engineio/packet.hpp"

using namespace chat::engineio;

namespace {

out_packet to_out(const packet& p) {
  out_packet out{p.type, nullptr, nullptr};
  if (p.binary) out.bytes = std::make_shared<const std::vector<std::uint8_t>>(p.data.begin(), p.data.end());
  else if (!p.data.empty()) out.text = std::make_shared<const std::string>(p.data);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)decode_packet(text, false);
  (void)decode_packet(text, true);
  (void)base64_decode(text);

  const auto packets = decode_payload(text);
  if (!packets) return 0;
  std::vector<out_packet> outs;
  for (const auto& p : *packets) outs.push_back(to_out(p));
  const auto again = decode_payload(encode_payload(outs));
  if (!again || *again != *packets) std::abort();  // the round trip must be exact
  return 0;
}
