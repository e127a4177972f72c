// What the store actor reports about its group commit: how many transactions it committed
// for how many write jobs (jobs / transactions = writes per commit).
#pragma once

#include <cstdint>

#include <caf/meta/type_name.hpp>

namespace chat {

/// Answer of the store to (get_atom, stats_atom).
struct store_stats {
  std::uint64_t transactions = 0;  ///< committed (or failed) batch transactions
  std::uint64_t jobs = 0;          ///< write jobs run
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, store_stats& x) {
  return f(caf::meta::type_name("store_stats"), x.transactions, x.jobs);
}

}  // namespace chat
