// What a URL may name under the web root: plain segments only, judged after %-decoding.
#include <doctest/doctest.h>

#include "net/http/static_path.hpp"

using chat::http::static_path;

TEST_CASE("a plain path names its file; a folder names its index.html; the query is dropped") {
  CHECK(static_path("/app.js") == "/app.js");
  CHECK(static_path("/js/main.js?v=3") == "/js/main.js");
  CHECK(static_path("/") == "/index.html");
  CHECK(static_path("/docs/") == "/docs/index.html");
  CHECK(static_path("/a%20b.css") == "/a b.css");
}

TEST_CASE("climbing out is refused however it is spelled") {
  CHECK_FALSE(static_path("/../etc/passwd"));
  CHECK_FALSE(static_path("/js/../../etc/passwd"));
  CHECK_FALSE(static_path("/%2e%2e/etc/passwd"));
  CHECK_FALSE(static_path("/%2E%2E%2Fetc%2Fpasswd"));
  CHECK_FALSE(static_path("/js/%2e%2e%2f%2e%2e%2fetc/passwd"));
  CHECK_FALSE(static_path("/..%5c..%5cetc%5cpasswd"));  // backslashes
  CHECK_FALSE(static_path("/./index.html"));
}

TEST_CASE("absolute paths, empty segments and non-origin targets are refused") {
  CHECK_FALSE(static_path("//etc/passwd"));
  CHECK_FALSE(static_path("/%2fetc/passwd"));
  CHECK_FALSE(static_path("/js//main.js"));
  CHECK_FALSE(static_path("http://example.com/index.html"));
  CHECK_FALSE(static_path("*"));
  CHECK_FALSE(static_path(""));
}

TEST_CASE("NUL and control bytes, bad escapes and hidden names are refused") {
  CHECK_FALSE(static_path("/index.html%00.png"));
  CHECK_FALSE(static_path(std::string_view{"/index.html\0x", 13}));
  CHECK_FALSE(static_path("/a%0ab"));
  CHECK_FALSE(static_path("/a%"));
  CHECK_FALSE(static_path("/a%2"));
  CHECK_FALSE(static_path("/a%zz"));
  CHECK_FALSE(static_path("/.git/config"));
  CHECK_FALSE(static_path("/.env"));
}
