// Loads a static folder into memory (see static_catalog.hpp). The symlink rule: a file is
// served when its real path (all links resolved) lies inside the real root, so a link can
// share a file within the folder but never publish one outside it.
#include "net/http/static_catalog.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <sstream>

#include "net/http/gzip.hpp"

namespace chat::http {

namespace fs = std::filesystem;

namespace {

struct type_entry {
  std::string_view extension;
  std::string_view content_type;
  bool compressible;
};

constexpr std::array types{
  type_entry{".html", "text/html; charset=utf-8", true},
  type_entry{".js", "text/javascript; charset=utf-8", true},
  type_entry{".mjs", "text/javascript; charset=utf-8", true},
  type_entry{".css", "text/css; charset=utf-8", true},
  type_entry{".json", "application/json", true},
  type_entry{".map", "application/json", true},
  type_entry{".webmanifest", "application/manifest+json", true},
  type_entry{".txt", "text/plain; charset=utf-8", true},
  type_entry{".svg", "image/svg+xml", true},
  type_entry{".ico", "image/x-icon", true},
  type_entry{".png", "image/png", false},
  type_entry{".jpg", "image/jpeg", false},
  type_entry{".webp", "image/webp", false},
  type_entry{".woff2", "font/woff2", false},
};

const type_entry* type_of(const fs::path& name) {
  const auto ext = name.extension().string();
  auto it = std::find_if(types.begin(), types.end(), [&](const type_entry& t) { return t.extension == ext; });
  return it == types.end() ? nullptr : &*it;
}

/// FNV-1a, 64 bit: enough to tell two versions of one file apart, which is all an ETag needs.
std::string content_hash(std::string_view data) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : data) h = (h ^ c) * 1099511628211ull;
  std::ostringstream out;
  out << std::hex << h << '-' << data.size();
  return out.str();
}

bool inside(const fs::path& real, const fs::path& real_root) {
  auto rel = real.lexically_relative(real_root);
  return !rel.empty() && *rel.begin() != "..";
}

}  // namespace

std::string_view static_catalog::content_type_for(const fs::path& name) {
  const auto* t = type_of(name);
  return t ? t->content_type : std::string_view{};
}

static_catalog static_catalog::load(const static_catalog_options& opts) {
  static_catalog c;
  std::error_code ec;
  if (!opts.root.empty()) {
    const auto real_root = fs::canonical(opts.root, ec);
    if (ec || !fs::is_directory(real_root)) {
      c.skipped_.push_back(opts.root.string() + ": not a readable folder");
    } else {
      auto it = fs::recursive_directory_iterator(real_root, fs::directory_options::skip_permission_denied, ec);
      for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const auto& entry = *it;
        const auto name = entry.path().filename().string();
        const auto rel = entry.path().lexically_relative(real_root).generic_string();
        const bool excluded = std::find(opts.exclude.begin(), opts.exclude.end(), name) != opts.exclude.end();
        if (name.starts_with('.') || excluded) {
          if (entry.is_directory(ec) && !entry.is_symlink(ec)) it.disable_recursion_pending();
          continue;
        }
        if (entry.is_directory(ec)) continue;  // descended into when real, never through a link
        const auto real = fs::canonical(entry.path(), ec);
        if (ec || !inside(real, real_root)) {
          c.skipped_.push_back(rel + ": links outside the folder");
          ec.clear();
          continue;
        }
        c.add("/" + rel, real, opts);
      }
      if (ec) c.skipped_.push_back(opts.root.string() + ": " + ec.message());
    }
  }
  for (const auto& [url_path, file] : opts.extra) c.add(url_path, file, opts);
  return c;
}

void static_catalog::add(std::string url_path, const fs::path& file, const static_catalog_options& opts) {
  auto skip = [&](std::string_view why) { skipped_.push_back(url_path + ": " + std::string(why)); };
  const auto* type = type_of(file);
  if (!type) return skip("no content type for its extension");
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  if (ec || !fs::is_regular_file(file, ec)) return skip("not a readable file");
  if (size > opts.max_file_bytes) return skip("larger than max_file_bytes");
  if (assets_.size() >= opts.max_files) return skip("past max_files");
  if (total_bytes_ + size > opts.max_total_bytes) return skip("past max_total_bytes");
  std::ifstream in(file, std::ios::binary);
  std::string body{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (!in.good() && !in.eof()) return skip("read failed");

  static_asset a;
  a.content_type = std::string(type->content_type);
  a.etag = '"' + content_hash(body) + '"';
  // Compression pays for text of some size, and only when it saves a tenth.
  if (type->compressible && body.size() >= 512) {
    auto z = gzip_compress(body);
    if (z && z->size() * 10 < body.size() * 9) {
      a.gzip = std::move(*z);
      a.gzip_etag = '"' + content_hash(body) + "-gz\"";
    }
  }
  total_bytes_ += body.size() + a.gzip.size();
  a.body = std::move(body);
  assets_.insert_or_assign(std::move(url_path), std::move(a));
}

const static_asset* static_catalog::find(std::string_view path) const {
  auto it = assets_.find(std::string(path));
  return it == assets_.end() ? nullptr : &it->second;
}

}  // namespace chat::http
