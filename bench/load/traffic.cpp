// The pacer and the matching. Each worker paces its own senders from a common start: send
// number i of a lane is due at start + i/rate, and every wake-up (at most one per tick)
// sends all that is due, so a slow generator shows up as lag, never as a lower rate in
// disguise. Acks and deliveries are matched on the sender's and recipient's worker.
#include "bench/load/traffic.hpp"

#include <algorithm>
#include <cmath>
#include <unistd.h>

#include "bench/load/json_scan.hpp"
#include "bench/load/message_stamp.hpp"

namespace chat::load {
namespace {

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
           std::chrono::steady_clock::now().time_since_epoch())
    .count();
}

}  // namespace

traffic::traffic(population& people, traffic_options options)
    : people_(people), options_(std::move(options)) {
  for (unsigned w = 0; w < people_.workers().size(); ++w)
    lanes_.push_back(std::make_unique<lane>(people_.workers().context(w)));
  for (auto& m : people_.members())
    if (m->room_id > 0) {
      lanes_[m->worker]->senders.push_back(m.get());
      ++senders_;
    }
  people_.set_sink(this);
}

traffic::~traffic() {
  // Stop the pacers and detach, on the workers, before the lanes go away.
  for (unsigned w = 0; w < lanes_.size(); ++w)
    people_.workers().call(w, [this, w] {
      lanes_[w]->total = lanes_[w]->sent;
      lanes_[w]->timer.cancel();
      return 0;
    });
  people_.set_sink(nullptr);
}

step_result traffic::run(double rate, double seconds) {
  step_result out;
  out.id = ++last_step_;
  out.rate = rate;
  out.seconds = seconds;
  step_.store(out.id);
  outstanding_.reset(0);
  std::int64_t pacing_lanes = 0;
  for (auto& l : lanes_)
    pacing_lanes += l->senders.empty() ? 0 : 1;
  pacing_.reset(pacing_lanes);
  const auto failures_before = people_.failures();
  if (options_.server_pid)
    out.server_before = sample_process(options_.server_pid);
  out.self_before = sample_process(getpid()).value_or(proc_sample{});
  out.machine_before = sample_machine();
  const auto start = clock::now();
  for (unsigned w = 0; w < lanes_.size(); ++w) {
    lane& l = *lanes_[w];
    if (l.senders.empty())
      continue;
    auto share = rate * static_cast<double>(l.senders.size()) / static_cast<double>(senders_);
    auto total = static_cast<std::uint64_t>(std::llround(share * seconds));
    boost::asio::post(people_.workers().context(w), [this, &l, share, total, start] {
      l.counts = tally{};
      l.rate = share;
      l.total = std::max<std::uint64_t>(total, 1);
      l.sent = 0;
      l.start = start;
      pace(l);
    });
  }
  std::uint64_t peak = 0;
  const auto pacing_deadline = start + std::chrono::duration<double>(seconds * 3 + 10);
  while (!pacing_.wait(0.25) && clock::now() < pacing_deadline)
    peak = sample_rss_peak(peak);
  if (pacing_.value() > 0) {  // the generator could not keep up at all: stop sending
    for (unsigned w = 0; w < lanes_.size(); ++w)
      people_.workers().call(w, [this, w] {
        lanes_[w]->total = lanes_[w]->sent;
        lanes_[w]->timer.cancel();
        return 0;
      });
  }
  const auto paced = clock::now();
  const auto drain_deadline = paced + std::chrono::duration<double>(options_.drain_seconds);
  while (!(out.drained = outstanding_.wait(0.25)) && clock::now() < drain_deadline)
    peak = sample_rss_peak(peak);
  const auto end = clock::now();
  if (options_.server_pid)
    out.server_after = sample_process(options_.server_pid);
  out.self_after = sample_process(getpid()).value_or(proc_sample{});
  out.machine_after = sample_machine();
  out.server_rss_peak_kib = sample_rss_peak(peak);
  out.pacing_seconds = std::chrono::duration<double>(paced - start).count();
  out.wall_seconds = std::chrono::duration<double>(end - start).count();
  out.disconnects = people_.failures() - failures_before;
  for (unsigned w = 0; w < lanes_.size(); ++w)
    out.totals.merge(people_.workers().call(w, [this, w] { return lanes_[w]->counts; }));
  return out;
}

std::uint64_t traffic::sample_rss_peak(std::uint64_t peak) const {
  if (!options_.server_pid)
    return peak;
  auto now = sample_process(options_.server_pid);
  return now ? std::max(peak, now->rss_kib) : peak;
}

void traffic::pace(lane& l) {
  const auto now = clock::now();
  const double elapsed = std::chrono::duration<double>(now - l.start).count();
  const auto due = std::min<std::uint64_t>(
    l.total, static_cast<std::uint64_t>(std::floor(elapsed * l.rate)) + 1);
  for (; l.sent < due; ++l.sent) {
    auto scheduled = l.start + std::chrono::duration_cast<clock::duration>(
                                 std::chrono::duration<double>(static_cast<double>(l.sent) / l.rate));
    l.counts.lag_us.record(
      std::chrono::duration_cast<std::chrono::microseconds>(now - scheduled).count());
    send_one(l, *l.senders[l.next_sender], now);
    l.next_sender = (l.next_sender + 1) % l.senders.size();
  }
  if (l.sent >= l.total) {
    pacing_.sub();
    return;
  }
  auto next = l.start + std::chrono::duration_cast<clock::duration>(
                          std::chrono::duration<double>(static_cast<double>(l.sent) / l.rate));
  auto soonest = now + std::chrono::duration_cast<clock::duration>(
                         std::chrono::duration<double>(options_.tick_seconds));
  l.timer.expires_at(std::max(next, soonest));
  l.timer.async_wait([this, &l](boost::system::error_code ec) {
    if (!ec)
      pace(l);
  });
}

void traffic::send_one(lane& l, member& m, clock::time_point now) {
  message_stamp stamp{step_.load(std::memory_order_relaxed), m.index, m.next_number++,
                      std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count()};
  l.frame = m.payload_head;
  stamp.write(l.frame, options_.body_chars);
  l.frame += "\",\"clientMsgId\":\"";
  l.frame += options_.run_tag;
  l.frame += '-';
  l.frame += std::to_string(m.index);
  l.frame += '-';
  l.frame += std::to_string(stamp.number);
  l.frame += "\"}";
  outstanding_.add(1 + m.recipients);
  auto id = m.socket->emit("message:send", l.frame);
  if (m.sent.size() <= id)
    m.sent.resize(std::max<std::size_t>(id + 1, m.sent.size() * 2));
  m.sent[id] = {stamp.sent_ns, stamp.step};
  ++l.counts.sent;
}

void traffic::on_ack(member& sender, std::uint64_t id, std::string_view args) {
  auto& counts = lanes_[sender.worker]->counts;
  if (id >= sender.sent.size())
    return;
  auto& slot = sender.sent[id];
  if (slot.step == 0) {
    ++counts.duplicated;
    return;
  }
  const auto sent_ns = slot.sent_ns;
  const bool current = slot.step == step_.load(std::memory_order_relaxed);
  slot.step = 0;
  if (!current) {
    ++counts.late;
    return;
  }
  auto ack = json::element(args, 0).value_or("");
  if (json::bool_of(json::member(ack, "ok")) == true) {
    ++counts.acked;
    counts.expected += sender.recipients;
    counts.ack_us.record((now_ns() - sent_ns) / 1000);
    outstanding_.sub(1);
  } else {
    auto error = json::member(ack, "error");
    auto code = error ? json::string_of(json::member(*error, "code")) : std::nullopt;
    ++counts.refused;
    ++counts.refusals[std::string(code.value_or("malformed ack"))];
    outstanding_.sub(1 + sender.recipients);
  }
}

void traffic::on_delivery(member& recipient, std::string_view arg) {
  auto& counts = lanes_[recipient.worker]->counts;
  auto message = json::member(arg, "message");
  auto body = message ? json::string_of(json::member(*message, "body")) : std::nullopt;
  auto stamp = body ? message_stamp::read(*body) : std::nullopt;
  if (!stamp) {
    ++counts.foreign;
    return;
  }
  if (stamp->step != step_.load(std::memory_order_relaxed)) {
    ++counts.late;
    return;
  }
  auto& seen = recipient.seen[stamp->sender];
  if (seen.size() <= stamp->number)
    seen.resize(std::max<std::size_t>(stamp->number + 1, seen.size() * 2));
  if (seen[stamp->number]) {
    ++counts.duplicated;
    return;
  }
  seen[stamp->number] = true;
  ++counts.delivered;
  counts.delivery_us.record((now_ns() - stamp->sent_ns) / 1000);
  outstanding_.sub(1);
}

}  // namespace chat::load
