// The files of a static folder, held in memory: read once at start, each with its content
// type, a strong ETag and, when it pays, a gzipped copy. Requests never touch the disk.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace chat::http {

/// One servable file.
struct static_asset {
  std::string content_type;
  std::string body;
  std::string gzip;       // empty when compression does not pay (images, tiny files)
  std::string etag;       // strong, quoted: "\"<hash of body>\""
  std::string gzip_etag;  // the gzip representation is another entity: "\"<hash>-gz\""
};

struct static_catalog_options {
  /// The folder served at "/"; empty: none.
  std::filesystem::path root;
  /// Names skipped at any depth under root (files and folders): e.g. node_modules.
  std::vector<std::string> exclude;
  /// Single files served at a fixed URL path, from anywhere: {"/vendor/x.js", "/path/x.js"}.
  std::vector<std::pair<std::string, std::filesystem::path>> extra;
  /// Bounds on what is held in memory; files past them are skipped (and reported).
  std::size_t max_files = 1000;
  std::size_t max_file_bytes = 8 * 1024 * 1024;
  std::size_t max_total_bytes = 64 * 1024 * 1024;
};

class static_catalog {
 public:
  static_catalog() = default;

  /// Reads every file under `opts.root` with a known content type (and the extra files).
  /// Skips, and lists in skipped(): hidden names (".git"), excluded names, types not in the
  /// table, symlinks whose target lies outside root, unreadable files, files past a bound.
  static static_catalog load(const static_catalog_options& opts);

  /// The asset at a decoded URL path ("/index.html"), or null.
  const static_asset* find(std::string_view path) const;
  std::size_t size() const noexcept { return assets_.size(); }
  /// One "path: reason" line per file not served.
  const std::vector<std::string>& skipped() const noexcept { return skipped_; }

  /// The Content-Type for a file name by its extension ("app.js" -> "text/javascript;
  /// charset=utf-8"), or "" when the extension is not in the table.
  static std::string_view content_type_for(const std::filesystem::path& name);

 private:
  void add(std::string url_path, const std::filesystem::path& file, const static_catalog_options& opts);

  std::unordered_map<std::string, static_asset> assets_;
  std::vector<std::string> skipped_;
  std::size_t total_bytes_ = 0;
};

}  // namespace chat::http
