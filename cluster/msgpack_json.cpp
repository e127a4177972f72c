// notepack.io's choices, value by value (node_modules/notepack.io/lib/encode.js): the tests
// compare bytes with what it produced.
#include "cluster/msgpack_json.hpp"

#include <cmath>
#include <limits>

namespace chat::cluster {

namespace {

// Below 2^53 a double holds every integer exactly; JavaScript numbers past it are floats to
// notepack unless they are exact integers, which JSON.parse does not promise. Kept as JS does.
constexpr double max_safe = 9007199254740992.0;

void pack_number(msgpack::packer<msgpack::sbuffer>& pk, double d) {
  if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) <= max_safe && !(d == 0 && std::signbit(d))) {
    if (d >= 0)
      pk.pack_uint64(static_cast<std::uint64_t>(d));
    else
      pk.pack_int64(static_cast<std::int64_t>(d));
  } else {
    pk.pack_double(d);
  }
}

}  // namespace

void pack_json(msgpack::packer<msgpack::sbuffer>& pk, const json& v) {
  switch (v.type()) {
    case json::value_t::null:
    case json::value_t::discarded:
      pk.pack_nil();
      break;
    case json::value_t::boolean:
      v.get<bool>() ? pk.pack_true() : pk.pack_false();
      break;
    case json::value_t::number_unsigned:
      pk.pack_uint64(v.get<std::uint64_t>());
      break;
    case json::value_t::number_integer:
      pk.pack_int64(v.get<std::int64_t>());  // msgpack-c picks the smallest type, as notepack
      break;
    case json::value_t::number_float:
      pack_number(pk, v.get<double>());
      break;
    case json::value_t::string: {
      const auto& s = v.get_ref<const std::string&>();
      pk.pack_str(static_cast<std::uint32_t>(s.size()));
      pk.pack_str_body(s.data(), static_cast<std::uint32_t>(s.size()));
      break;
    }
    case json::value_t::array:
      pk.pack_array(static_cast<std::uint32_t>(v.size()));
      for (const auto& x : v)
        pack_json(pk, x);
      break;
    case json::value_t::object:
      pk.pack_map(static_cast<std::uint32_t>(v.size()));
      for (const auto& [key, x] : v.items()) {
        pk.pack_str(static_cast<std::uint32_t>(key.size()));
        pk.pack_str_body(key.data(), static_cast<std::uint32_t>(key.size()));
        pack_json(pk, x);
      }
      break;
    case json::value_t::binary:
      throw codec_error("binary data is not relayed");
  }
}

namespace {

bool is_undefined(const msgpack::object& o) {
  return o.type == msgpack::type::EXT && o.via.ext.size == 1 && o.via.ext.type() == 0;
}

}  // namespace

json to_json(const msgpack::object& o, int max_depth) {
  if (max_depth <= 0)
    throw codec_error("nested too deep");
  switch (o.type) {
    case msgpack::type::NIL:
      return nullptr;
    case msgpack::type::BOOLEAN:
      return o.via.boolean;
    case msgpack::type::POSITIVE_INTEGER:
      return o.via.u64;
    case msgpack::type::NEGATIVE_INTEGER:
      return o.via.i64;
    case msgpack::type::FLOAT32:
    case msgpack::type::FLOAT64:
      if (!std::isfinite(o.via.f64))
        return nullptr;  // as JSON.stringify writes NaN and Infinity
      return o.via.f64;
    case msgpack::type::STR:
      return std::string{o.via.str.ptr, o.via.str.size};
    case msgpack::type::ARRAY: {
      json out = json::array();
      for (std::uint32_t i = 0; i < o.via.array.size; ++i) {
        const auto& x = o.via.array.ptr[i];
        out.push_back(is_undefined(x) ? json(nullptr) : to_json(x, max_depth - 1));
      }
      return out;
    }
    case msgpack::type::MAP: {
      json out = json::object();
      for (std::uint32_t i = 0; i < o.via.map.size; ++i) {
        const auto& kv = o.via.map.ptr[i];
        if (kv.key.type != msgpack::type::STR)
          throw codec_error("a map key is not a string");
        if (is_undefined(kv.val))
          continue;
        out[std::string{kv.key.via.str.ptr, kv.key.via.str.size}] = to_json(kv.val, max_depth - 1);
      }
      return out;
    }
    case msgpack::type::BIN:
      throw codec_error("binary data is not relayed");
    case msgpack::type::EXT:
      if (is_undefined(o))
        return nullptr;
      throw codec_error("MessagePack extension type " + std::to_string(o.via.ext.type()));
  }
  throw codec_error("unknown MessagePack type");
}

msgpack::object_handle unpack(const std::string& bytes) {
  try {
    std::size_t offset = 0;
    // Bounded before anything is built: a hostile publisher cannot make us allocate more
    // than the message's size allows (the listener bounds that).
    const msgpack::unpack_limit limit{100000, 100000, 16u << 20, 16u << 20, 1u << 20, 128};
    auto handle = msgpack::unpack(bytes.data(), bytes.size(), offset, nullptr, nullptr, limit);
    if (offset != bytes.size())
      throw codec_error("bytes after the MessagePack value");
    return handle;
  } catch (const codec_error&) {
    throw;
  } catch (const std::exception& e) {
    throw codec_error(std::string{"not MessagePack: "} + e.what());
  }
}

}  // namespace chat::cluster
