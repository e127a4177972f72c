// Setup of a run: users over REST, sockets connected in bounded batches per worker, rooms
// formed by their first member, and the events of those steps counted down for the main
// thread. Once traffic runs, acks and message:new go to the traffic sink.
#include "bench/load/population.hpp"

#include <algorithm>

#include "bench/load/json_scan.hpp"

namespace chat::load {

// -- member: forwards its socket's reports to the population (on its worker) --

void member::on_connected(socketio_client&) { owner.connected(*this); }

void member::on_event(socketio_client&, std::string_view name, std::string_view arg) {
  if (name == "message:new" && owner.sink_)
    owner.sink_->on_delivery(*this, arg);
  else
    owner.room_event(*this, name, arg);
}

void member::on_ack(socketio_client&, std::uint64_t id, std::string_view args) {
  if (owner.sink_)
    owner.sink_->on_ack(*this, id, args);
}

void member::on_failed(socketio_client&, std::string_view why) { owner.failed(*this, why); }

// -- population --

population::population(worker_pool& workers, boost::asio::ip::tcp::endpoint server)
    : workers_(workers), server_(server), to_connect_(workers.size()) {}

// Pending handlers refer to members and their sockets: the workers stop before those go.
population::~population() { workers_.stop(); }

void population::create_users(unsigned count, const std::string& prefix, unsigned parallel) {
  std::vector<std::string> names;
  for (unsigned i = 0; i < count; ++i)
    names.push_back(prefix + std::to_string(i));
  auto accounts = create_users_over_rest(server_, names, parallel);
  for (unsigned i = 0; i < count; ++i) {
    auto worker = i % workers_.size();
    auto m = std::make_unique<member>(*this, i, std::move(accounts[i]), worker);
    m->socket = std::make_unique<socketio_client>(workers_.context(worker), server_,
                                                  m->user.token, *m);
    members_.push_back(std::move(m));
  }
}

bool population::connect_all(unsigned in_flight, double seconds) {
  connecting_.reset(static_cast<std::int64_t>(members_.size()));
  for (auto& m : members_)
    to_connect_[m->worker].push_back(m.get());
  for (unsigned w = 0; w < workers_.size(); ++w)
    boost::asio::post(workers_.context(w), [this, w, in_flight] {
      for (unsigned i = 0; i < in_flight; ++i)
        start_next_connect(w);
    });
  return connecting_.wait(seconds) && connected_.load() == members_.size();
}

void population::start_next_connect(unsigned worker) {
  auto& queue = to_connect_[worker];
  if (queue.empty())
    return;
  auto* m = queue.back();
  queue.pop_back();
  m->connecting = true;
  m->socket->start();
}

void population::connected(member& m) {
  ++connected_;
  if (m.connecting) {
    m.connecting = false;
    connecting_.sub();
    start_next_connect(m.worker);
  }
}

void population::record_failure(const member& m, std::string_view why) {
  if (++failures_ == 1) {
    std::lock_guard lock(failure_mutex_);
    first_failure_ = "user " + std::to_string(m.index) + ": " + std::string(why);
  }
}

void population::failed(member& m, std::string_view why) {
  record_failure(m, why);
  if (m.connecting) {
    m.connecting = false;
    connecting_.sub();
    start_next_connect(m.worker);
  } else if (connected_ > 0) {
    --connected_;
  }
}

std::string population::first_failure() const {
  std::lock_guard lock(failure_mutex_);
  return first_failure_;
}

bool population::form_rooms(unsigned size, double seconds) {
  const auto rooms = members_.size() / size;
  // Slot r is written by room r's leader's worker, possibly after a timeout here: atomic,
  // and kept in the population.
  room_ids_ = std::vector<std::atomic<std::int64_t>>(rooms);
  forming_.reset(static_cast<std::int64_t>(rooms + rooms * size));
  for (std::size_t r = 0; r < rooms; ++r) {
    member& leader = *members_[r * size];
    std::string payload;
    if (size == 2) {
      payload = "{\"userId\":" + std::to_string(members_[r * size + 1]->user.id) + "}";
    } else {
      payload = "{\"name\":\"load-" + std::to_string(r) + "\",\"memberIds\":[";
      for (std::size_t i = 1; i < size; ++i)
        payload += (i > 1 ? "," : "") + std::to_string(members_[r * size + i]->user.id);
      payload += "]}";
    }
    auto event = size == 2 ? "room:direct" : "room:create";
    boost::asio::post(workers_.context(leader.worker), [this, &leader, r, event,
                                                        payload = std::move(payload)] {
      leader.socket->emit(event, payload, [this, &leader, r](std::string_view args) {
        auto ack = json::element(args, 0).value_or("");
        auto room = json::member(ack, "room");
        auto id = room ? json::integer_of(json::member(*room, "id")) : std::nullopt;
        if (json::bool_of(json::member(ack, "ok")) == true && id)
          room_ids_[r] = *id;
        else
          record_failure(leader, "room ack " + std::string(args.substr(0, 200)));
        forming_.sub();
      });
    });
  }
  bool formed = forming_.wait(seconds);
  for (std::size_t r = 0; r < rooms; ++r)
    formed = formed && room_ids_[r] > 0;
  if (!formed)
    return false;
  for (std::size_t i = 0; i < rooms * size; ++i) {
    auto& m = *members_[i];
    m.room_id = room_ids_[i / size];
    m.recipients = size - 1;
    m.payload_head = "{\"roomId\":" + std::to_string(m.room_id) + ",\"body\":\"";
  }
  return true;
}

void population::room_event(member&, std::string_view name, std::string_view) {
  if (name == "room:new")
    forming_.sub();
}

void population::disconnect_all() {
  for (unsigned w = 0; w < workers_.size(); ++w)
    workers_.call(w, [this, w] {
      for (auto& m : members_)
        if (m->worker == w)
          m->socket->abort();
      return 0;
    });
}

}  // namespace chat::load
