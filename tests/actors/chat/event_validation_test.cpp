// Payload validation of socket events: the limits of PROTOCOL.md, counted in code points.
#include <doctest/doctest.h>

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
