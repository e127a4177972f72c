// The Socket.IO server over an in-memory Engine.IO session: connect/accept/reject, events,
// acks (plain and binary), binary reassembly, the closing errors of §4.5, disconnect reasons.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "net/socketio/packet.hpp"
#include "net/socketio/server.hpp"
#include "tests/net/socketio/fake_engine.hpp"

using namespace chat::socketio;
using namespace std::chrono_literals;
using strings = std::vector<std::string>;

template <>
struct doctest::StringMaker<strings> {
  static String convert(const strings& v) {
    std::string out = "{";
    for (const auto& s : v) out += (out.size() > 1 ? ", '" : "'") + s + "'";
    return (out + "}").c_str();
  }
};

namespace {

/// One client session against a server with "/" and "/custom"; the app records what it sees.
struct session {
  boost::asio::io_context ioc;
  server srv;
  std::shared_ptr<chat::test::fake_engine> engine = std::make_shared<chat::test::fake_engine>(ioc);
  strings seen;                                  // what the application observed
  std::vector<connect_request_ptr> requests;     // CONNECTs waiting for a decision
  std::map<std::string, socket_ptr> sockets;     // accepted, by namespace
  std::vector<ack_fn> acks;

  explicit session(std::chrono::milliseconds connect_timeout = 5000ms, std::size_t max_attachment_bytes = 1000000)
      : srv({connect_timeout, max_attachment_bytes}) {
    for (std::string nsp : {"/", "/custom"})
      srv.add_namespace(nsp, [this](connect_request_ptr r) {
        seen.push_back("connect " + r->nsp() + " " + r->auth().dump());
        requests.push_back(std::move(r));
      });
    boost::asio::post(engine->executor(), [this] { srv.on_engine_connection(engine); });
    settle();
  }

  ~session() {  // the session ends, as every real one does: frees the engine <-> connection pair
    engine->transport_close("transport close");
    settle();
  }

  socket::handlers recorder(std::string nsp) {
    return {[this, nsp](std::string event, json args, ack_fn ack) {
              seen.push_back("event " + nsp + " " + event + " " + args.dump() + (ack ? " +ack" : ""));
              if (ack) acks.push_back(std::move(ack));
            },
            [this, nsp](std::string_view reason) { seen.push_back("disconnect " + nsp + " " + std::string(reason)); }};
  }

  /// The app accepts the oldest waiting CONNECT.
  socket_ptr accept() {
    REQUIRE_FALSE(requests.empty());
    auto r = requests.front();
    requests.erase(requests.begin());
    auto s = r->accept(recorder(r->nsp()));
    sockets[r->nsp()] = s;
    settle();
    return s;
  }

  /// Runs every handler that is ready (nothing waits for timers).
  void settle() {
    ioc.restart();
    ioc.poll();
  }
  strings client_sends(std::string text) {
    engine->client_text(std::move(text));
    settle();
    return engine->take();
  }
  strings client_sends_binary(std::vector<std::uint8_t> bytes) {
    engine->client_binary(std::move(bytes));
    settle();
    return engine->take();
  }
  strings take_seen() { return std::exchange(seen, {}); }
};

std::string sid_answer(const std::string& prefix, const socket_ptr& s) {
  return prefix + "{\"sid\":\"" + s->id() + "\"}";
}

}  // namespace

TEST_CASE("nothing is sent before CONNECT; the app accepts / and sees the auth payload") {
  session c;
  CHECK(c.engine->take().empty());
  CHECK(c.client_sends("0{\"token\":\"t\",\"a\":1}").empty());  // the app has not decided yet
  CHECK(c.take_seen() == strings{"connect / {\"token\":\"t\",\"a\":1}"});
  auto s = c.accept();
  REQUIRE(s);
  CHECK(s->nsp() == "/");
  CHECK(s->id().size() == 20);
  CHECK(c.engine->take() == strings{sid_answer("0", s)});
}

TEST_CASE("accept from another thread, then emit at once: the CONNECT answer goes first") {
  session c;
  c.client_sends("0/custom");
  CHECK(c.take_seen() == strings{"connect /custom {}"});
  auto r = c.requests.front();
  socket_ptr s;
  std::thread app([&] {
    s = r->accept(c.recorder("/custom"));
    s->emit("auth", json::array({json::object()}));
  });
  app.join();
  c.settle();
  CHECK(c.engine->take() == strings{sid_answer("0/custom,", s), "2/custom,[\"auth\",{}]"});
  CHECK(r->accept(c.recorder("/custom")) == nullptr);  // one decision only
}

TEST_CASE("a rejected CONNECT gets CONNECT_ERROR; the client may try again") {
  session c;
  c.client_sends("0{\"token\":\"bad\"}");
  c.requests.front()->reject({{"message", "unauthorized"}});
  c.requests.clear();
  c.settle();
  CHECK(c.engine->take() == strings{"4{\"message\":\"unauthorized\"}"});
  CHECK_FALSE(c.engine->closed());
  c.client_sends("0{\"token\":\"good\"}");
  auto s = c.accept();
  CHECK(c.engine->take() == strings{sid_answer("0", s)});
}

TEST_CASE("an unknown namespace gets 'Invalid namespace' and the connection stays") {
  session c;
  CHECK(c.client_sends("0/other") == strings{"4/other,{\"message\":\"Invalid namespace\"}"});
  CHECK(c.client_sends("0/other,{\"x\":1}") == strings{"4/other,{\"message\":\"Invalid namespace\"}"});
  CHECK_FALSE(c.engine->closed());
  CHECK(c.take_seen().empty());
}

TEST_CASE("events reach the app with their args; acks answer once, from any thread") {
  session c;
  c.client_sends("0");
  c.accept();
  c.engine->take();
  c.take_seen();
  CHECK(c.client_sends("2[\"message\",7,\"x\",{\"k\":[null]}]").empty());
  CHECK(c.client_sends("231[\"message-with-ack\",true,{\"z\":0}]").empty());
  CHECK(c.take_seen() == strings{"event / message [7,\"x\",{\"k\":[null]}]",
                                 "event / message-with-ack [true,{\"z\":0}] +ack"});
  REQUIRE(c.acks.size() == 1);
  std::thread app([&] {
    c.acks[0](json::array({true, {{"z", 0}}}));
    c.acks[0](json::array({"again"}));  // ignored
  });
  app.join();
  c.settle();
  CHECK(c.engine->take() == strings{"331[true,{\"z\":0}]"});
}

TEST_CASE("binary events are reassembled; binary acks and emits carry their attachments") {
  session c;
  c.client_sends("0");
  auto s = c.accept();
  c.engine->take();
  c.take_seen();
  CHECK(c.client_sends("52-77[\"message-with-ack\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]").empty());
  CHECK(c.take_seen().empty());  // waits for its two attachments
  c.client_sends_binary({0x01});
  CHECK(c.take_seen().empty());
  c.client_sends_binary({0x02, 0x03});
  const auto seen = c.take_seen();
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].rfind("event / message-with-ack [{\"bytes\":[1],", 0) == 0);
  REQUIRE(c.acks.size() == 1);
  c.acks[0](json::array({json::binary({0x01}), json::binary({0x02, 0x03})}));
  c.settle();
  CHECK(c.engine->take() ==
        strings{"62-77[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]", "bin:01", "bin:0203"});

  s->emit("message-back", json::array({json::binary({0xFF})}));
  c.settle();
  CHECK(c.engine->take() == strings{"51-[\"message-back\",{\"_placeholder\":true,\"num\":0}]", "bin:ff"});
}

TEST_CASE("a client DISCONNECT leaves one namespace silently; the others keep working") {
  session c;
  c.client_sends("0");
  c.accept();
  c.client_sends("0/custom,");
  auto custom = c.accept();
  c.engine->take();
  c.take_seen();
  CHECK(c.client_sends("1/custom").empty());
  CHECK(c.take_seen() == strings{"disconnect /custom client namespace disconnect"});
  custom->emit("late", json::array());  // dropped: the socket left
  c.settle();
  CHECK(c.engine->take().empty());
  c.client_sends("2[\"still\"]");
  CHECK(c.take_seen() == strings{"event / still []"});
  CHECK(c.client_sends("2/custom,[\"gone\"]").empty());  // not joined any more: closes
  CHECK(c.engine->closed());
  CHECK(c.take_seen() == strings{"disconnect / parse error"});
}

TEST_CASE("the server disconnects one namespace; later writes are dropped") {
  session c;
  c.client_sends("0/custom");
  auto s = c.accept();
  c.engine->take();
  c.take_seen();
  s->disconnect();
  s->emit("late", json::array());
  s->disconnect();
  c.settle();
  CHECK(c.engine->take() == strings{"1/custom,"});
  CHECK(c.take_seen() == strings{"disconnect /custom server namespace disconnect"});
  CHECK_FALSE(c.engine->closed());
}

TEST_CASE("the transport closes: every namespace hears it once, writes and acks are dropped") {
  session c;
  c.client_sends("0");
  auto root = c.accept();
  c.client_sends("0/custom");
  c.accept();
  c.client_sends("21[\"m\"]");
  c.engine->take();
  c.take_seen();
  c.engine->transport_close("transport close");
  c.settle();
  CHECK(c.take_seen() == strings{"disconnect / transport close", "disconnect /custom transport close"});
  root->emit("late", json::array());
  root->send_encoded(std::make_shared<const std::string>(encode_event("/", json::array({"x"}))));
  c.acks.at(0)(json::array());
  root->close_connection();
  c.settle();
  CHECK(c.engine->take().empty());
  CHECK(c.take_seen().empty());
}

TEST_CASE("close_connection ends the Engine.IO session and every namespace") {
  session c;
  c.client_sends("0");
  auto root = c.accept();
  root->close_connection();
  c.settle();
  CHECK(c.engine->closed());
  CHECK(c.take_seen() == strings{"connect / {}", "disconnect / forced server close"});
}

TEST_CASE("a fan-out frame encoded once goes to many sockets") {
  session a, b;
  a.client_sends("0");
  b.client_sends("0");
  auto sa = a.accept(), sb = b.accept();
  a.engine->take();
  b.engine->take();
  const auto frame = std::make_shared<const std::string>(encode_event("/", json::array({"msg", {{"text", "hi"}}})));
  sa->send_encoded(frame);
  sb->send_encoded(frame);
  a.settle();
  b.settle();
  CHECK(a.engine->take() == strings{"2[\"msg\",{\"text\":\"hi\"}]"});
  CHECK(b.engine->take() == strings{"2[\"msg\",{\"text\":\"hi\"}]"});
}

TEST_CASE("data sent before the CONNECT was accepted closes the connection: nothing is held for it") {
  // socket.io's server closes too ("invalid state"): its client buffers until connected.
  for (const char* early : {"2[\"early\",1]", "21[\"early\"]", "31[]", "51-[\"e\",{\"_placeholder\":true,\"num\":0}]"}) {
    CAPTURE(early);
    session c;
    c.client_sends("0");
    c.client_sends(early);
    CHECK(c.engine->closed());  // at the text: no attachment was waited for
    c.accept();
    CHECK(c.engine->take().empty());
    CHECK(c.take_seen() == strings{"connect / {}", "disconnect / parse error"});
  }
}

TEST_CASE("a binary packet before any CONNECT is refused at its text, before any attachment") {
  session c;
  c.client_sends("52-[\"m\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
  CHECK(c.engine->closed());
  CHECK(c.take_seen().empty());
}

TEST_CASE("placeholders map one to one onto the attachments: reuse cannot amplify a packet") {
  // 2,000 placeholders naming attachment 0, then 200 KB: once copied per placeholder (400 MB).
  std::string amplified = "52-[\"m\"";
  for (int i = 0; i < 2000; ++i) amplified += ",{\"_placeholder\":true,\"num\":0}";
  amplified += ",{\"_placeholder\":true,\"num\":1}]";
  const std::vector<std::pair<const char*, std::string>> cases = {
      {"the same attachment twice", amplified},
      {"fewer placeholders than attachments", "52-[\"m\",{\"_placeholder\":true,\"num\":1}]"},
      {"more placeholders than attachments", "51-[\"m\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]"},
  };
  for (const auto& [story, text] : cases) {
    CAPTURE(story);
    session c;
    c.client_sends("0");
    c.accept();
    c.take_seen();
    c.client_sends(text);
    CHECK(c.engine->closed());  // before a single attachment byte is buffered
    CHECK(c.take_seen() == strings{"disconnect / parse error"});
  }
}

TEST_CASE("late decisions: the client left, or the connection closed, before accept") {
  session c;
  c.client_sends("0");
  CHECK(c.client_sends("1").empty());  // withdraws the CONNECT
  c.accept();
  CHECK(c.engine->take().empty());
  CHECK(c.take_seen() == strings{"connect / {}", "disconnect / client namespace disconnect"});

  c.client_sends("0/custom");
  c.engine->transport_close("ping timeout");
  c.settle();
  c.accept();
  CHECK(c.engine->take().empty());
  CHECK(c.take_seen() == strings{"connect /custom {}", "disconnect /custom ping timeout"});
}

TEST_CASE("protocol errors close the Engine.IO connection (spec 4.5)") {
  const std::vector<std::pair<const char*, strings>> cases = {
      {"unknown packet type before CONNECT", {"x"}},
      {"unknown packet type after CONNECT", {"0", "4x"}},
      {"EVENT payload not an array", {"0", "2{}"}},
      {"EVENT name not a string", {"0", "2[1]"}},
      {"reserved event name", {"0", "2[\"disconnect\"]"}},
      {"garbage where the ack id goes", {"0", "2xyz[\"message-with-ack\",1]"}},
      {"invalid JSON", {"0", "2[\"m\""}},
      {"CONNECT payload not an object", {"0[1]"}},
      {"DISCONNECT with a payload", {"0", "1{}"}},
      {"bad attachment header", {"0", "5x-[\"m\"]"}},
      {"EVENT before any CONNECT", {"2[\"m\"]"}},
      {"CONNECT to a namespace already joined", {"0", "0"}},
      {"CONNECT_ERROR from the client", {"4{\"message\":\"x\"}"}},
      {"text while attachments are missing", {"0", "51-[\"m\",{\"_placeholder\":true,\"num\":0}]", "2[\"m\"]"}},
  };
  for (const auto& [story, texts] : cases) {
    CAPTURE(story);
    session c;
    for (const auto& t : texts) {
      c.engine->client_text(t);
      c.settle();
      if (!c.requests.empty()) c.accept();
    }
    CHECK(c.engine->closed());
  }
}

TEST_CASE("binary messages nobody announced, and placeholders out of range, close too") {
  {
    session c;
    c.client_sends_binary({1});
    CHECK(c.engine->closed());
  }
  {
    session c;
    c.client_sends("0");
    c.accept();
    c.client_sends("51-[\"m\",{\"_placeholder\":true,\"num\":3}]");
    c.client_sends_binary({1});
    CHECK(c.engine->closed());
    CHECK(c.take_seen() == strings{"connect / {}", "disconnect / parse error"});
  }
}

TEST_CASE("a packet whose attachments grow past max_attachment_bytes closes the connection") {
  session c(5000ms, 1000);
  c.client_sends("0");
  c.accept();
  c.client_sends("53-[\"m\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1},"
                 "{\"_placeholder\":true,\"num\":2}]");
  c.client_sends_binary(std::vector<std::uint8_t>(600));
  CHECK_FALSE(c.engine->closed());
  c.client_sends_binary(std::vector<std::uint8_t>(401));
  CHECK(c.engine->closed());
}

TEST_CASE("the connect timeout closes a session that joined nothing, not before") {
  session c(150ms);
  const auto start = std::chrono::steady_clock::now();
  c.ioc.restart();
  c.ioc.run_for(5s);  // returns once the timer fired and the close ran: nothing else is pending
  CHECK(c.engine->closed());
  CHECK(std::chrono::steady_clock::now() - start >= 150ms);
}

TEST_CASE("the connect timeout stops once a namespace is joined, even a refused one first") {
  session c(150ms);
  c.client_sends("0/nope");
  c.client_sends("0");
  c.accept();
  c.ioc.restart();
  c.ioc.run_for(5s);  // returns at once: the timer was cancelled
  CHECK_FALSE(c.engine->closed());
}
