// The web client's handler on a temporary folder: content types, ETag and 304, gzip, HEAD,
// and every way out of the folder (traversal, symlinks, NUL) ending in 400 or 404.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>

#include <zlib.h>

#include "net/http/static_files.hpp"

namespace fs = std::filesystem;
namespace bhttp = boost::beast::http;
using namespace chat::http;

namespace {

void write_file(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

/// web/ with a page, a script, a stylesheet, an image, a secret beside it, and links in and out.
struct site {
  fs::path dir = fs::temp_directory_path() / ("static_files_test_" + std::to_string(std::random_device{}()));
  fs::path root = dir / "web";
  std::string script = "export const x = 1;\n" + std::string(2000, ' ') + "// padding that compresses\n";
  std::optional<static_files> files;

  site() {
    write_file(root / "index.html", "<!doctype html><title>chat</title>");
    write_file(root / "js/app.js", script);
    write_file(root / "style.css", "body{}");
    write_file(root / "logo.png", "\x89PNG fake");
    write_file(root / "notes.xyz", "unknown type");
    write_file(root / ".env", "SECRET=1");
    write_file(root / "node_modules/pkg/index.js", "module");
    write_file(dir / "secret.txt", "outside the root");
    write_file(dir / "vendor.js", "vendor bundle");
    fs::create_directory_symlink(dir, root / "up");                  // a folder link out
    fs::create_symlink(dir / "secret.txt", root / "leak.txt");      // a file link out
    fs::create_symlink(root / "style.css", root / "alias.css");     // a link that stays inside
    static_catalog_options o;
    o.root = root;
    o.exclude = {"node_modules"};
    o.extra = {{"/vendor/bundle.js", dir / "vendor.js"}};
    files.emplace(static_catalog::load(o));
  }
  ~site() { fs::remove_all(dir); }

  response get(std::string target, std::initializer_list<std::pair<bhttp::field, std::string>> headers = {},
               bhttp::verb method = bhttp::verb::get) {
    request req{method, target, 11};
    for (const auto& [f, v] : headers) req.set(f, v);
    std::optional<response> out;
    files->handle(std::move(req), responder{[&](response r) { out = std::move(r); }});
    REQUIRE(out);  // answered at once
    return std::move(*out);
  }
};

std::string gunzip(const std::string& z) {
  z_stream zs{};
  REQUIRE(inflateInit2(&zs, 15 + 16) == Z_OK);
  std::string out(64 * 1024, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(z.data()));
  zs.avail_in = static_cast<uInt>(z.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  CHECK(inflate(&zs, Z_FINISH) == Z_STREAM_END);
  out.resize(zs.total_out);
  inflateEnd(&zs);
  return out;
}

}  // namespace

TEST_CASE("each file is served with the content type of its extension, / is index.html") {
  site s;
  auto page = s.get("/");
  CHECK(page.result() == bhttp::status::ok);
  CHECK(page[bhttp::field::content_type] == "text/html; charset=utf-8");
  CHECK(page.body() == "<!doctype html><title>chat</title>");
  CHECK(s.get("/js/app.js")[bhttp::field::content_type] == "text/javascript; charset=utf-8");
  CHECK(s.get("/style.css")[bhttp::field::content_type] == "text/css; charset=utf-8");
  CHECK(s.get("/logo.png")[bhttp::field::content_type] == "image/png");
  CHECK(s.get("/vendor/bundle.js").body() == "vendor bundle");
}

TEST_CASE("every answer carries a strict CSP, nosniff and no-cache; errors too") {
  site s;
  for (const char* target : {"/", "/missing.js", "/../x"}) {
    auto res = s.get(target);
    CHECK(res["Content-Security-Policy"] == default_content_security_policy);
    CHECK(res["X-Content-Type-Options"] == "nosniff");
  }
  const std::string csp{default_content_security_policy};
  CHECK(csp.find("script-src 'self';") != std::string::npos);
  CHECK(csp.find("unsafe") == std::string::npos);  // no unsafe-inline, no unsafe-eval
  CHECK(s.get("/")[bhttp::field::cache_control] == "no-cache");
}

TEST_CASE("a client that has the current copy gets 304 without a body; a stale one gets 200") {
  site s;
  auto first = s.get("/style.css");
  const std::string etag{first[bhttp::field::etag]};
  REQUIRE(etag.size() > 2);
  CHECK(etag.front() == '"');
  auto again = s.get("/style.css", {{bhttp::field::if_none_match, etag}});
  CHECK(again.result() == bhttp::status::not_modified);
  CHECK(again.body().empty());
  CHECK(again[bhttp::field::etag] == etag);
  CHECK(s.get("/style.css", {{bhttp::field::if_none_match, "\"old\", W/" + etag}}).result()
        == bhttp::status::not_modified);
  CHECK(s.get("/style.css", {{bhttp::field::if_none_match, "\"old\""}}).result() == bhttp::status::ok);
  CHECK(s.get("/index.html")[bhttp::field::etag] != etag);  // another file, another tag
}

TEST_CASE("text is sent gzipped to a client that takes gzip, with its own ETag") {
  site s;
  auto plain = s.get("/js/app.js");
  auto zipped = s.get("/js/app.js", {{bhttp::field::accept_encoding, "br, gzip;q=0.8"}});
  CHECK(zipped[bhttp::field::content_encoding] == "gzip");
  CHECK(zipped[bhttp::field::vary] == "Accept-Encoding");
  CHECK(zipped.body().size() < plain.body().size());
  CHECK(gunzip(zipped.body()) == s.script);
  CHECK(zipped[bhttp::field::etag] != plain[bhttp::field::etag]);
  CHECK(plain[bhttp::field::content_encoding].empty());
  auto refused = s.get("/js/app.js", {{bhttp::field::accept_encoding, "gzip;q=0"}});
  CHECK(refused[bhttp::field::content_encoding].empty());
  // Tiny files are not worth it.
  CHECK(s.get("/style.css", {{bhttp::field::accept_encoding, "gzip"}})[bhttp::field::content_encoding].empty());
}

TEST_CASE("HEAD states the length without the body; other methods get 405") {
  site s;
  auto head = s.get("/index.html", {}, bhttp::verb::head);
  CHECK(head.result() == bhttp::status::ok);
  CHECK(head.body().empty());
  CHECK(head[bhttp::field::content_length] == std::to_string(std::string("<!doctype html><title>chat</title>").size()));
  auto post = s.get("/index.html", {}, bhttp::verb::post);
  CHECK(post.result() == bhttp::status::method_not_allowed);
  CHECK(post[bhttp::field::allow] == "GET, HEAD");
}

TEST_CASE("traversal, absolute paths and NUL bytes are refused with 400") {
  site s;
  for (const char* target : {"/../secret.txt", "/%2e%2e/secret.txt", "/js/%2E%2E/%2e%2e/secret.txt",
                             "//tmp/secret.txt", "/%2ftmp%2fsecret.txt", "/index.html%00.png",
                             "/..%5csecret.txt", "/.env"}) {
    CAPTURE(target);
    auto res = s.get(target);
    CHECK(res.result() == bhttp::status::bad_request);
    CHECK(res.body().find("outside") == std::string::npos);
  }
}

TEST_CASE("symlinks out of the root, excluded folders and unknown types are not served") {
  site s;
  CHECK(s.get("/leak.txt").result() == bhttp::status::not_found);
  CHECK(s.get("/up/secret.txt").result() == bhttp::status::not_found);
  CHECK(s.get("/node_modules/pkg/index.js").result() == bhttp::status::not_found);
  CHECK(s.get("/notes.xyz").result() == bhttp::status::not_found);
  CHECK(s.get("/missing.html").result() == bhttp::status::not_found);
  // A link that stays inside the folder is an ordinary file.
  CHECK(s.get("/alias.css").body() == "body{}");
  const auto& skipped = s.files->catalog().skipped();
  CHECK(std::any_of(skipped.begin(), skipped.end(),
                    [](const std::string& l) { return l.starts_with("leak.txt: links outside"); }));
}

TEST_CASE("a missing root serves nothing and says why") {
  static_catalog_options o;
  o.root = "/nonexistent/web";
  auto c = static_catalog::load(o);
  CHECK(c.size() == 0);
  REQUIRE(c.skipped().size() == 1);
  CHECK(c.skipped()[0] == "/nonexistent/web: not a readable folder");
}

TEST_CASE("header parsing: If-None-Match lists and Accept-Encoding q-values") {
  CHECK(etag_matches("*", "\"a\""));
  CHECK(etag_matches(" \"x\" ,W/\"a\"", "\"a\""));
  CHECK_FALSE(etag_matches("\"ab\"", "\"a\""));
  CHECK_FALSE(etag_matches("", "\"a\""));
  CHECK(accepts_gzip("gzip, deflate, br"));
  CHECK(accepts_gzip("GZIP;q=0.5"));
  CHECK(accepts_gzip("*"));
  CHECK_FALSE(accepts_gzip("gzip;q=0.000"));
  CHECK_FALSE(accepts_gzip("identity"));
  CHECK_FALSE(accepts_gzip(""));
}
