// The stamp at the start of every body the load generator sends — "k<step> s<sender>
// n<number> t<send time ns> " — so a recipient can time the delivery and match it to its
// send without any state shared between sockets.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chat::load {

struct message_stamp {
  std::uint32_t step = 0;
  std::uint32_t sender = 0;
  std::uint64_t number = 0;
  std::int64_t sent_ns = 0;

  /// Appends the stamp, then 'x' up to `body_chars` characters in all.
  void write(std::string& out, std::size_t body_chars) const {
    auto start = out.size();
    char digits[24];
    auto field = [&](char tag, auto value) {
      out += tag;
      out.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
      out += ' ';
    };
    field('k', step);
    field('s', sender);
    field('n', number);
    field('t', sent_ns);
    if (out.size() - start < body_chars)
      out.append(body_chars - (out.size() - start), 'x');
  }

  /// The stamp at the start of `body`, or nothing when the body is not one of ours.
  static std::optional<message_stamp> read(std::string_view body) {
    message_stamp out;
    const char* at = body.data();
    const char* end = body.data() + body.size();
    auto field = [&](char tag, auto& value) {
      if (at == end || *at != tag)
        return false;
      auto [next, ec] = std::from_chars(at + 1, end, value);
      if (ec != std::errc{} || next == at + 1 || next == end || *next != ' ')
        return false;
      at = next + 1;
      return true;
    };
    if (field('k', out.step) && field('s', out.sender) && field('n', out.number)
        && field('t', out.sent_ns))
      return out;
    return std::nullopt;
  }
};

}  // namespace chat::load
