// Text exposition format 0.0.4: "# HELP name text", "# TYPE name type", then
// `name{label="value",...} number` lines; help escapes \ and newline, label values also ".
#include "net/metrics/registry.hpp"

#include <stdexcept>

namespace chat::metrics {

namespace {

bool name_char(char c, bool first, bool colon_ok) {
  bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon_ok && c == ':');
  return alpha || (!first && c >= '0' && c <= '9');
}

void append_escaped(std::string& out, std::string_view text, bool quote) {
  for (char c : text) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else if (quote && c == '"')
      out += "\\\"";
    else
      out += c;
  }
}

}  // namespace

bool valid_metric_name(std::string_view name) noexcept {
  if (name.empty())
    return false;
  for (std::size_t i = 0; i < name.size(); ++i)
    if (!name_char(name[i], i == 0, true))
      return false;
  return true;
}

bool valid_label_name(std::string_view name) noexcept {
  if (name.empty() || name.starts_with("__"))
    return false;
  for (std::size_t i = 0; i < name.size(); ++i)
    if (!name_char(name[i], i == 0, false))
      return false;
  return true;
}

// -- family_base --------------------------------------------------------------

family_base::family_base(std::string name, std::string help, std::vector<std::string> labels)
  : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(labels)) {
  if (!valid_metric_name(name_))
    throw std::invalid_argument("invalid metric name: " + name_);
  for (const auto& l : label_names_)
    if (!valid_label_name(l))
      throw std::invalid_argument("invalid label name '" + l + "' in metric " + name_);
}

void family_base::check_arity(const std::vector<std::string>& values) const {
  if (values.size() != label_names_.size())
    throw std::invalid_argument("metric " + name_ + " takes " +
                                std::to_string(label_names_.size()) + " label values");
}

void family_base::render_header(std::string& out, std::string_view type) const {
  out += "# HELP ";
  out += name_;
  out += ' ';
  append_escaped(out, help_, false);
  out += "\n# TYPE ";
  out += name_;
  out += ' ';
  out += type;
  out += '\n';
}

void family_base::render_series(std::string& out, const std::vector<std::string>& values,
                                std::string_view value) const {
  out += name_;
  if (!values.empty()) {
    out += '{';
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i > 0)
        out += ',';
      out += label_names_[i];
      out += "=\"";
      append_escaped(out, values[i], true);
      out += '"';
    }
    out += '}';
  }
  out += ' ';
  out += value;
  out += '\n';
}

// -- registry -----------------------------------------------------------------

template <class Family>
Family& registry::add(std::string name, std::string help, std::vector<std::string> labels,
                      std::string_view type) {
  auto fam = std::make_unique<Family>(std::move(name), std::move(help), std::move(labels), type);
  std::lock_guard guard{mutex_};
  for (const auto& f : families_)
    if (f->name() == fam->name())
      throw std::invalid_argument("metric registered twice: " + fam->name());
  auto& ref = *fam;
  families_.push_back(std::move(fam));
  return ref;
}

counter_family& registry::add_counter(std::string name, std::string help,
                                      std::vector<std::string> label_names) {
  return add<counter_family>(std::move(name), std::move(help), std::move(label_names),
                             "counter");
}

gauge_family& registry::add_gauge(std::string name, std::string help,
                                  std::vector<std::string> label_names) {
  return add<gauge_family>(std::move(name), std::move(help), std::move(label_names), "gauge");
}

void registry::on_collect(std::function<void()> fn) {
  std::lock_guard guard{mutex_};
  collectors_.push_back(std::move(fn));
}

std::string registry::render() const {
  std::lock_guard guard{mutex_};
  for (const auto& fn : collectors_)
    fn();
  std::string out;
  for (const auto& f : families_)
    f->render(out);
  return out;
}

}  // namespace chat::metrics
