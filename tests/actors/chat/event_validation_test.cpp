// Payload validation of socket events: the limits of PROTOCOL.md, counted in code points.
#include <doctest/doctest.h>

#include <functional>
#include <limits>
#include <vector>

#include "actors/chat/event_validation.hpp"
#include "common/utf8.hpp"

using namespace chat;

namespace {

json args(json payload) {
  return json::array({std::move(payload)});
}

chat_errc code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const chat_error& e) {
    return e.code();
  }
  return chat_errc::internal;  // "nothing thrown"
}

}  // namespace

TEST_SUITE("event_validation") {

TEST_CASE("code points, not bytes, and only valid UTF-8") {
  CHECK(utf8_length("") == 0);
  CHECK(utf8_length("héllo") == 5);
  CHECK(utf8_length("\xF0\x9F\x98\x80") == 1);           // one emoji, four bytes
  CHECK(utf8_length("\xC3") == std::string::npos);        // truncated
  CHECK(utf8_length("\xC0\xAF") == std::string::npos);    // overlong '/'
  CHECK(utf8_length("\xED\xA0\x80") == std::string::npos);  // a surrogate
  CHECK(utf8_length("\xFF") == std::string::npos);
}

TEST_CASE("message:send takes a room, a body of 1..max characters and optional extras") {
  auto ok = parse_message_send(args({{"roomId", 7}, {"body", "hi"}, {"clientMsgId", "c1"}}), 10);
  CHECK(ok.room_id == 7);
  CHECK(ok.body == "hi");
  CHECK(ok.parent_id == 0);
  CHECK(ok.client_msg_id == "c1");
  CHECK(parse_message_send(args({{"roomId", 7}, {"body", "x"}, {"parentId", nullptr}}), 10)
          .parent_id == 0);

  // Ten emoji are ten characters (40 bytes): allowed at max 10; eleven are too large.
  std::string ten;
  for (int i = 0; i < 10; ++i)
    ten += "\xF0\x9F\x98\x80";
  CHECK(parse_message_send(args({{"roomId", 1}, {"body", ten}}), 10).body == ten);
  CHECK(code_of([&] { parse_message_send(args({{"roomId", 1}, {"body", ten + "!"}}), 10); })
        == chat_errc::payload_too_large);

  auto bad = [](json payload) {
    return code_of([&] { parse_message_send(args(std::move(payload)), 10); });
  };
  CHECK(bad({{"roomId", 1}, {"body", ""}}) == chat_errc::bad_request);
  CHECK(bad({{"roomId", 1}, {"body", 5}}) == chat_errc::bad_request);
  CHECK(bad({{"roomId", "1"}, {"body", "x"}}) == chat_errc::bad_request);
  CHECK(bad({{"roomId", 1.5}, {"body", "x"}}) == chat_errc::bad_request);
  CHECK(bad({{"roomId", -1}, {"body", "x"}}) == chat_errc::bad_request);
  CHECK(bad({{"body", "x"}}) == chat_errc::bad_request);
  CHECK(bad({{"roomId", 1}, {"body", "\xC3"}}) == chat_errc::bad_request);
  CHECK(bad({{"roomId", 1}, {"body", "x"}, {"clientMsgId", ""}}) == chat_errc::bad_request);
  CHECK(bad({{"roomId", 1}, {"body", "x"}, {"clientMsgId", std::string(129, 'c')}})
        == chat_errc::bad_request);
  CHECK(bad({{"roomId", 1}, {"body", "x"}, {"parentId", "2"}}) == chat_errc::bad_request);
  CHECK(code_of([] { parse_message_send(json::array({"text"}), 10); }) == chat_errc::bad_request);
  CHECK(code_of([] { parse_message_send(json::array(), 10); }) == chat_errc::bad_request);
}

TEST_CASE("history limit is 1..200, 50 by default; before is optional") {
  auto h = parse_history(args({{"roomId", 3}}));
  CHECK(h.limit == 50);
  CHECK(h.before == INT64_MAX);
  CHECK(parse_history(args({{"roomId", 3}, {"limit", 200}, {"before", 9}})).before == 9);
  CHECK(code_of([] { parse_history(args({{"roomId", 3}, {"limit", 0}})); })
        == chat_errc::bad_request);
  CHECK(code_of([] { parse_history(args({{"roomId", 3}, {"limit", 201}})); })
        == chat_errc::bad_request);
}

TEST_CASE("every event checks exactly the fields the contract marks required") {
  // docs/protocol.md, "Client -> server events": a valid payload per event, its required
  // fields, its optional ones. What JSON.parse accepts but no field holds (1e400 is infinity,
  // "\ud800" a lone surrogate, kept as WTF-8) is bad_request like any other broken field.
  using parser = std::function<void(const json&)>;
  struct event {
    const char* name;
    json valid;
    std::vector<const char*> required, optional;
    parser parse;
  };
  const double inf = std::numeric_limits<double>::infinity();
  const std::string lone_surrogate = "\xED\xA0\x80";
  const std::vector<event> events = {
      {"room:direct", {{"userId", 2}}, {"userId"}, {}, [](const json& a) { parse_direct(a); }},
      {"room:create", {{"name", "team"}, {"memberIds", {2}}}, {"name", "memberIds"}, {},
       [](const json& a) { parse_create(a, 10); }},
      {"room:add", {{"roomId", 1}, {"userIds", {2}}}, {"roomId", "userIds"}, {}, [](const json& a) { parse_add(a, 10); }},
      {"room:leave", {{"roomId", 1}}, {"roomId"}, {}, [](const json& a) { parse_leave(a); }},
      {"message:send", {{"roomId", 1}, {"body", "hi"}, {"parentId", 3}, {"clientMsgId", "c"}}, {"roomId", "body"},
       {"parentId", "clientMsgId"}, [](const json& a) { parse_message_send(a, 10); }},
      {"messages:history", {{"roomId", 1}, {"before", 5}, {"limit", 10}}, {"roomId"}, {"before", "limit"},
       [](const json& a) { parse_history(a); }},
      {"messages:sync", {{"roomId", 1}, {"afterSeq", 0}, {"limit", 10}}, {"roomId", "afterSeq"}, {"limit"},
       [](const json& a) { parse_sync(a); }},
      {"message:read", {{"roomId", 1}, {"seq", 4}}, {"roomId", "seq"}, {}, [](const json& a) { parse_read(a); }},
      {"typing", {{"roomId", 1}, {"typing", true}}, {"roomId", "typing"}, {}, [](const json& a) { parse_typing(a); }},
      {"presence:watch", {{"userIds", {2, 3}}}, {"userIds"}, {}, [](const json& a) { parse_watch(a, 10); }},
  };
  for (const auto& e : events) {
    CAPTURE(e.name);
    const auto with = [&](const char* field, json value) {
      json p = e.valid;
      p[field] = std::move(value);
      return code_of([&] { e.parse(args(p)); });
    };
    CHECK(code_of([&] { e.parse(args(e.valid)); }) == chat_errc::internal);  // nothing thrown
    CHECK(e.valid.size() == e.required.size() + e.optional.size());
    for (const char* field : e.required) {
      CAPTURE(field);
      json p = e.valid;
      p.erase(field);
      CHECK(code_of([&] { e.parse(args(p)); }) == chat_errc::bad_request);
      CHECK(with(field, nullptr) == chat_errc::bad_request);
    }
    for (const char* field : e.optional) {
      CAPTURE(field);
      json p = e.valid;
      p.erase(field);
      CHECK(code_of([&] { e.parse(args(p)); }) == chat_errc::internal);
      CHECK(with(field, nullptr) == chat_errc::internal);
    }
    for (const auto& [field, value] : e.valid.items()) {
      CAPTURE(field);
      CHECK(with(field.c_str(), inf) == chat_errc::bad_request);
      CHECK(with(field.c_str(), -inf) == chat_errc::bad_request);
      CHECK(with(field.c_str(), lone_surrogate) == chat_errc::bad_request);
      CHECK(with(field.c_str(), json::array({inf})) == chat_errc::bad_request);
      if (value.is_string()) CHECK(with(field.c_str(), "ok\xED\xB0\x80") == chat_errc::bad_request);
    }
    CHECK(code_of([&] { e.parse(json::array({lone_surrogate})); }) == chat_errc::bad_request);
    CHECK(code_of([&] { e.parse(json::array({inf})); }) == chat_errc::bad_request);
  }
}

TEST_CASE("id lists are positive integers, deduplicated") {
  auto c = parse_create(args({{"name", "team"}, {"memberIds", {3, 2, 3}}}), 10);
  CHECK(c.member_ids == std::vector<chat::id_t>{2, 3});
  CHECK(code_of([] { parse_create(args({{"name", ""}, {"memberIds", json::array()}}), 10); })
        == chat_errc::bad_request);
  CHECK(code_of([] { parse_watch(args({{"userIds", {1, 0}}}), 10); }) == chat_errc::bad_request);
  CHECK(code_of([] { parse_watch(args({{"userIds", {1, 2, 3}}}), 2); })
        == chat_errc::bad_request);
  CHECK(code_of([] { parse_typing(args({{"roomId", 1}, {"typing", 1}})); })
        == chat_errc::bad_request);
  CHECK(parse_sync(args({{"roomId", 1}, {"afterSeq", 0}})).after_seq == 0);
}

}
