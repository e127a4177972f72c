// The arguments of a Socket.IO ack as both sides of the bridge pass them: a JSON array, or the
// array already encoded as text (a hot path answers without building a DOM). Here, below both
// net/ and messages/, so that their ack types are one type.
#pragma once

#include <string>
#include <utility>

#include <nlohmann/json.hpp>

namespace chat {

struct ack_args {
  using json = nlohmann::ordered_json;

  ack_args(json a) : value(std::move(a)) {}  // implicit: ack(json) reads as before

  /// `array_text` must be a JSON array, encoded as the Socket.IO encoder would encode it.
  static ack_args encoded(std::string array_text) {
    ack_args a{json{}};
    a.text = std::move(array_text);
    return a;
  }

  /// The array as JSON (parses `text` when encoded: for tests and slow paths only).
  operator json() const { return text.empty() ? value : json::parse(text); }

  json value;        ///< the array, unless encoded
  std::string text;  ///< non-empty: the array, encoded
};

}  // namespace chat
