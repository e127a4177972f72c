// The handler that serves the web client: files from a static_catalog (in memory), with
// ETag revalidation (304), gzip when the client takes it, and security headers on every answer.
#pragma once

#include <string>

#include "net/http/handler.hpp"
#include "net/http/static_catalog.hpp"

namespace chat::http {

/// What the page may load: only its own scripts, styles, images and connections (WebSocket to
/// the same host included); no inline script, no eval, no plugins, no framing.
inline constexpr const char* default_content_security_policy =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
  "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
  "form-action 'self'; frame-ancestors 'none'";

/// GET and HEAD of the catalog's files. "/" and "/dir/" serve their index.html. A path that
/// is not in the catalog is 404 (the client keeps its state in the page, not in URLs, so there
/// is no index.html fallback); a malformed or escaping target is 400; other methods are 405.
/// Every answer says Cache-Control: no-cache (revalidate by ETag, so a restart with new files
/// is seen at once) and carries the CSP, nosniff and no-referrer headers.
class static_files : public handler {
 public:
  explicit static_files(static_catalog catalog, std::string content_security_policy = default_content_security_policy);

  void handle(request req, responder reply) override;

  const static_catalog& catalog() const noexcept { return catalog_; }

 private:
  response answer(const request& req) const;

  static_catalog catalog_;
  std::string csp_;
};

/// True when an If-None-Match value ("\"a\", W/\"b\"" or "*") names `etag` (weak comparison,
/// as RFC 9110 §13.1.2 asks for GET).
bool etag_matches(std::string_view if_none_match, std::string_view etag);

/// True when an Accept-Encoding value accepts gzip (a "gzip" or "*" entry whose q is not 0).
bool accepts_gzip(std::string_view accept_encoding);

}  // namespace chat::http
