// JSON <-> MessagePack as notepack.io (the Socket.IO Redis adapter's codec) writes and reads
// JavaScript values: integral numbers as the smallest integer type, other numbers as float64,
// objects as maps in key order, `undefined` (fixext 1, type 0) as an absent key or a null.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

#include <msgpack.hpp>
#include <nlohmann/json.hpp>

namespace chat::cluster {

using json = nlohmann::ordered_json;

/// A cluster message chatd cannot read (not MessagePack, wrong shape, binary data).
class codec_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Appends `value` to `pk` as notepack.io encodes the JavaScript value JSON.parse would give.
void pack_json(msgpack::packer<msgpack::sbuffer>& pk, const json& value);

/// The JSON of `object`, nested at most `max_depth` deep. Throws codec_error for binary data,
/// extension types other than `undefined`, map keys that are not strings, or too deep nesting.
json to_json(const msgpack::object& object, int max_depth = 64);

/// Unpacks one MessagePack value from `bytes` (all of them); throws codec_error when it is not
/// exactly one well-formed value. The handle owns the memory `to_json`'s input lives in.
msgpack::object_handle unpack(const std::string& bytes);

}  // namespace chat::cluster
