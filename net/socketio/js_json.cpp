// A recursive-descent JSON reader with JSON.parse's acceptance (see js_json.hpp). Recursion
// depth is bounded by max_depth; every value is built in place in its parent.
#include "net/socketio/js_json.hpp"

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "common/utf8.hpp"

namespace chat::socketio {
namespace {

class reader {
 public:
  reader(std::string_view text, std::size_t max_depth) : s_(text), max_depth_(max_depth) {}

  bool document(json& out) {
    skip_space();
    if (!value(out, 0)) return false;
    skip_space();
    return i_ == s_.size();
  }

 private:
  bool at_end() const { return i_ >= s_.size(); }
  char peek() const { return at_end() ? '\0' : s_[i_]; }

  void skip_space() {  // JSON.parse's whitespace: exactly these four
    while (!at_end() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }

  bool literal(std::string_view word) {
    if (s_.substr(i_, word.size()) != word) return false;
    i_ += word.size();
    return true;
  }

  bool value(json& out, std::size_t depth) {
    switch (peek()) {
      case '{': return object(out, depth + 1);
      case '[': return array(out, depth + 1);
      case '"': {
        std::string text;
        if (!string(text)) return false;
        out = std::move(text);
        return true;
      }
      case 't': out = true; return literal("true");
      case 'f': out = false; return literal("false");
      case 'n': out = nullptr; return literal("null");
      default: return number(out);
    }
  }

  bool object(json& out, std::size_t depth) {
    if (depth > max_depth_) return false;
    ++i_;  // '{'
    out = json::object();
    skip_space();
    if (peek() == '}') {
      ++i_;
      return true;
    }
    for (;;) {
      std::string key;
      if (peek() != '"' || !string(key)) return false;
      skip_space();
      if (peek() != ':') return false;
      ++i_;
      skip_space();
      // A repeated key keeps its first place and takes the last value, as in JSON.parse.
      if (!value(out[key], depth)) return false;
      skip_space();
      if (peek() == ',') {
        ++i_;
        skip_space();
        continue;
      }
      if (peek() != '}') return false;
      ++i_;
      return true;
    }
  }

  bool array(json& out, std::size_t depth) {
    if (depth > max_depth_) return false;
    ++i_;  // '['
    out = json::array();
    skip_space();
    if (peek() == ']') {
      ++i_;
      return true;
    }
    for (;;) {
      out.push_back(nullptr);
      if (!value(out.back(), depth)) return false;
      skip_space();
      if (peek() == ',') {
        ++i_;
        skip_space();
        continue;
      }
      if (peek() != ']') return false;
      ++i_;
      return true;
    }
  }

  // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
  bool number(json& out) {
    const auto start = i_;
    const bool negative = peek() == '-';
    if (negative) ++i_;
    if (peek() == '0') {
      ++i_;
    } else if (peek() >= '1' && peek() <= '9') {
      skip_digits();
    } else {
      return false;
    }
    bool integral = true;
    if (peek() == '.') {
      ++i_;
      if (!digits()) return false;
      integral = false;
    }
    if (peek() == 'e' || peek() == 'E') {
      ++i_;
      if (peek() == '+' || peek() == '-') ++i_;
      if (!digits()) return false;
      integral = false;
    }
    const std::string token(s_.substr(start, i_ - start));  // NUL-terminated for strto*
    if (integral && integer(token, negative, out)) return true;
    // strtod: ±HUGE_VAL past double range (JSON.parse's ±Infinity), 0 below it. chatd never
    // calls setlocale, so the decimal point is '.'.
    out = std::strtod(token.c_str(), nullptr);
    return true;
  }

  /// An integer that fits: negative ones as int64, the others as uint64 (nlohmann's choice).
  static bool integer(const std::string& token, bool negative, json& out) {
    errno = 0;
    char* end = nullptr;
    if (negative) {
      const long long v = std::strtoll(token.c_str(), &end, 10);
      if (errno == ERANGE) return false;
      out = static_cast<std::int64_t>(v);
    } else {
      const unsigned long long v = std::strtoull(token.c_str(), &end, 10);
      if (errno == ERANGE) return false;
      out = static_cast<std::uint64_t>(v);
    }
    return true;
  }

  void skip_digits() {
    while (peek() >= '0' && peek() <= '9') ++i_;
  }
  bool digits() {
    const auto start = i_;
    skip_digits();
    return i_ > start;
  }

  bool string(std::string& out) {
    ++i_;  // '"'
    for (;;) {
      // A run of plain bytes, copied at once once its UTF-8 is checked.
      const auto run = i_;
      while (!at_end() && s_[i_] != '"' && s_[i_] != '\\' && static_cast<unsigned char>(s_[i_]) >= 0x20) ++i_;
      if (i_ > run) {
        const auto bytes = s_.substr(run, i_ - run);
        if (utf8_length(bytes) == std::string::npos) return false;
        out.append(bytes);
      }
      if (at_end()) return false;
      const char c = s_[i_++];
      if (c == '"') return true;
      if (c != '\\') return false;  // a raw control character
      if (!escape(out)) return false;
    }
  }

  bool escape(std::string& out) {
    if (at_end()) return false;
    switch (s_[i_++]) {
      case '"': out += '"'; return true;
      case '\\': out += '\\'; return true;
      case '/': out += '/'; return true;
      case 'b': out += '\b'; return true;
      case 'f': out += '\f'; return true;
      case 'n': out += '\n'; return true;
      case 'r': out += '\r'; return true;
      case 't': out += '\t'; return true;
      case 'u': break;
      default: return false;
    }
    std::uint32_t unit = 0;
    if (!hex4(unit)) return false;
    if (unit >= 0xD800 && unit <= 0xDBFF && s_.substr(i_, 2) == "\\u") {
      const auto save = i_;
      i_ += 2;
      std::uint32_t low = 0;
      if (hex4(low) && low >= 0xDC00 && low <= 0xDFFF) {
        append_utf8(out, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
        return true;
      }
      i_ = save;  // not its partner: the next escape is read on its own
    }
    append_utf8(out, unit);  // a lone surrogate comes out as WTF-8: invalid UTF-8 on purpose
    return true;
  }

  bool hex4(std::uint32_t& unit) {
    if (s_.size() - i_ < 4) return false;
    for (int k = 0; k < 4; ++k) {
      const char c = s_[i_++];
      unit <<= 4;
      if (c >= '0' && c <= '9') unit |= static_cast<std::uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') unit |= static_cast<std::uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') unit |= static_cast<std::uint32_t>(c - 'A' + 10);
      else return false;
    }
    return true;
  }

  static void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  std::string_view s_;
  std::size_t i_ = 0;
  std::size_t max_depth_;
};

}  // namespace

std::optional<json> parse_js_json(std::string_view text, std::size_t max_depth) noexcept {
  try {
    json out;
    if (!reader(text, max_depth).document(out)) return std::nullopt;
    return out;
  } catch (...) {  // bad_alloc: refused like any other text we cannot hold
    return std::nullopt;
  }
}

}  // namespace chat::socketio
