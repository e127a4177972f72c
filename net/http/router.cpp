// Maps a request target to the handler mounted at its longest matching prefix.
#include "net/http/router.hpp"

#include <algorithm>

namespace chat::http {

void router::mount(std::string prefix, std::shared_ptr<handler> h) {
  std::erase_if(entries_, [&](const entry& e) { return e.prefix == prefix; });
  entries_.push_back({std::move(prefix), std::move(h)});
  std::stable_sort(entries_.begin(), entries_.end(),
                   [](const entry& a, const entry& b) { return a.prefix.size() > b.prefix.size(); });
}

bool router::matches(std::string_view prefix, std::string_view target) noexcept {
  if (!target.starts_with(prefix)) return false;
  if (prefix.empty() || prefix.back() == '/' || target.size() == prefix.size()) return true;
  char next = target[prefix.size()];
  return next == '/' || next == '?';
}

std::shared_ptr<handler> router::find(std::string_view target) const {
  for (const auto& e : entries_)
    if (matches(e.prefix, target)) return e.h;
  return nullptr;
}

}  // namespace chat::http
