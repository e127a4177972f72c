// Encoding of chatd's own cluster messages: plain MessagePack arrays, read back through JSON
// with the shape checked field by field (a malformed message is refused, never half-applied).
#include "cluster/node_messages.hpp"

namespace chat::cluster {

namespace {

using packer = msgpack::packer<msgpack::sbuffer>;

void pack_string(packer& pk, std::string_view s) {
  pk.pack_str(static_cast<std::uint32_t>(s.size()));
  pk.pack_str_body(s.data(), static_cast<std::uint32_t>(s.size()));
}

void pack_ids(packer& pk, const std::vector<id_t>& ids) {
  pk.pack_array(static_cast<std::uint32_t>(ids.size()));
  for (auto id : ids)
    pk.pack_int64(id);
}

std::string bytes_of(const msgpack::sbuffer& buf) {
  return std::string{buf.data(), buf.size()};
}

json array_of(const std::string& bytes, std::size_t min_size) {
  auto handle = unpack(bytes);
  auto v = to_json(handle.get());
  if (!v.is_array() || v.size() < min_size || !v[0].is_string())
    throw codec_error("not a chatd cluster message");
  return v;
}

std::int64_t int_of(const json& v) {
  if (!v.is_number_integer())
    throw codec_error("a number was expected");
  return v.get<std::int64_t>();
}

std::string string_of(const json& v) {
  if (!v.is_string())
    throw codec_error("a string was expected");
  return v.get<std::string>();
}

std::vector<id_t> ids_of(const json& v) {
  if (!v.is_array())
    throw codec_error("a list of ids was expected");
  std::vector<id_t> out;
  for (const auto& x : v)
    out.push_back(int_of(x));
  return out;
}

}  // namespace

std::string node_key(std::string_view uid, std::string_view what) {
  std::string key{"chatd:node:"};
  key.append(uid).append(":").append(what);
  return key;
}

std::string encode(const presence_change& m) {
  msgpack::sbuffer buf;
  packer pk{buf};
  pk.pack_array(4);
  pack_string(pk, m.uid);
  pk.pack_uint64(m.version);
  pk.pack_int64(m.user);
  m.online ? pk.pack_true() : pk.pack_false();
  return bytes_of(buf);
}

std::string encode(const token_revoked& m) {
  msgpack::sbuffer buf;
  packer pk{buf};
  pk.pack_array(2);
  pack_string(pk, m.uid);
  pack_string(pk, m.token_hash);
  return bytes_of(buf);
}

token_revoked decode_token(const std::string& bytes) {
  auto v = array_of(bytes, 2);
  if (v.size() != 2)
    throw codec_error("not a revoked token [uid, hash]");
  return token_revoked{v[0].get<std::string>(), string_of(v[1])};
}

std::string encode(const node_hello& m) {
  msgpack::sbuffer buf;
  packer pk{buf};
  pk.pack_array(2);
  pack_string(pk, m.uid);
  pk.pack_uint64(m.version);
  return bytes_of(buf);
}

std::string encode(const members_change& m) {
  msgpack::sbuffer buf;
  packer pk{buf};
  pk.pack_array(4);
  pack_string(pk, m.uid);
  const auto& r = m.room;
  pk.pack_array(6);
  pk.pack_int64(r.id);
  pack_string(pk, r.kind);
  pack_string(pk, r.name);
  pk.pack_array(static_cast<std::uint32_t>(r.members.size()));
  for (const auto& u : r.members) {
    pk.pack_array(2);
    pk.pack_int64(u.id);
    pack_string(pk, u.username);
  }
  pk.pack_int64(r.last_seq);
  pack_string(pk, r.created_at);
  pack_ids(pk, m.added);
  pack_ids(pk, m.removed);
  return bytes_of(buf);
}

std::variant<presence_change, node_hello> decode_presence(const std::string& bytes) {
  auto v = array_of(bytes, 2);
  auto version = int_of(v[1]);
  if (version < 0)
    throw codec_error("a negative version");
  if (v.size() == 2)
    return node_hello{v[0].get<std::string>(), static_cast<std::uint64_t>(version)};
  if (v.size() != 4 || !v[3].is_boolean())
    throw codec_error("not a presence change [uid, version, user, online]");
  return presence_change{v[0].get<std::string>(), static_cast<std::uint64_t>(version), int_of(v[2]),
                         v[3].get<bool>()};
}

members_change decode_members(const std::string& bytes) {
  auto v = array_of(bytes, 4);
  const auto& r = v[1];
  if (!r.is_array() || r.size() != 6 || !r[3].is_array())
    throw codec_error("not a room [id, kind, name, members, lastSeq, createdAt]");
  members_change m;
  m.uid = v[0].get<std::string>();
  m.room.id = int_of(r[0]);
  m.room.kind = string_of(r[1]);
  m.room.name = string_of(r[2]);
  for (const auto& u : r[3]) {
    if (!u.is_array() || u.size() != 2)
      throw codec_error("not a member [id, username]");
    m.room.members.push_back(user_info{int_of(u[0]), string_of(u[1])});
  }
  m.room.last_seq = int_of(r[4]);
  m.room.created_at = string_of(r[5]);
  m.added = ids_of(v[2]);
  m.removed = ids_of(v[3]);
  return m;
}

}  // namespace chat::cluster
