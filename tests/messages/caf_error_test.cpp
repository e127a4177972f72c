// chat_errc <-> caf::error: contract errors survive the trip; foreign errors become internal.
#include <doctest/doctest.h>

#include <caf/sec.hpp>

#include "messages/caf_error.hpp"

using namespace chat;

TEST_SUITE("caf_error") {

TEST_CASE("a contract error keeps its code and message") {
  auto err = make_caf_error(chat_errc::conflict, "username is taken");
  CHECK(err);
  CHECK(errc_of(err) == chat_errc::conflict);
  CHECK(message_of(err) == "username is taken");
  auto from_exception = make_caf_error(chat_error(chat_errc::forbidden, "not a member"));
  CHECK(errc_of(from_exception) == chat_errc::forbidden);
  CHECK(message_of(from_exception) == "not a member");
}

TEST_CASE("every code makes the round trip") {
  for (auto code : {chat_errc::bad_request, chat_errc::unauthorized, chat_errc::forbidden,
                    chat_errc::not_found, chat_errc::conflict, chat_errc::payload_too_large,
                    chat_errc::rate_limited, chat_errc::internal})
    CHECK(errc_of(make_caf_error(code, "m")) == code);
}

TEST_CASE("a timeout or a dead actor is internal") {
  CHECK(errc_of(caf::make_error(caf::sec::request_timeout)) == chat_errc::internal);
  CHECK(errc_of(caf::make_error(caf::sec::request_receiver_down)) == chat_errc::internal);
  CHECK_FALSE(message_of(caf::make_error(caf::sec::request_timeout)).empty());
}

}
