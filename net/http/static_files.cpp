// Serves the static catalog over HTTP (see static_files.hpp): pick the representation
// (gzip or identity), answer 304 when the client's copy is current, else the bytes.
#include "net/http/static_files.hpp"

#include <cctype>

#include "net/http/error_response.hpp"
#include "net/http/static_path.hpp"

namespace chat::http {

namespace bhttp = beast::http;

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

/// Calls f(item) for each comma-separated item of a header value, trimmed.
template <class F>
void for_each_item(std::string_view list, F f) {
  while (!list.empty()) {
    auto comma = list.find(',');
    f(trim(list.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

}  // namespace

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  bool found = false;
  for_each_item(if_none_match, [&](std::string_view item) {
    if (item.starts_with("W/")) item.remove_prefix(2);
    found = found || item == "*" || item == etag;
  });
  return found;
}

bool accepts_gzip(std::string_view accept_encoding) {
  bool yes = false;
  for_each_item(accept_encoding, [&](std::string_view item) {
    auto semi = item.find(';');
    auto coding = trim(item.substr(0, semi));
    if (!iequals(coding, "gzip") && coding != "*") return;
    // "gzip;q=0" (or 0.0, 0.000) refuses it; any other q accepts.
    bool refused = false;
    if (semi != std::string_view::npos) {
      auto param = trim(item.substr(semi + 1));
      if (param.starts_with("q=") || param.starts_with("Q=")) {
        auto q = param.substr(2);
        refused = !q.empty() && q.find_first_not_of("0.") == std::string_view::npos;
      }
    }
    yes = yes || !refused;
  });
  return yes;
}

static_files::static_files(static_catalog catalog, std::string content_security_policy)
    : catalog_(std::move(catalog)), csp_(std::move(content_security_policy)) {}

void static_files::handle(request req, responder reply) { reply.send(answer(req)); }

response static_files::answer(const request& req) const {
  const auto v = req.version();
  auto with_headers = [&](response res) {
    res.set("Content-Security-Policy", csp_);
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "no-referrer");
    return res;
  };
  if (req.method() != bhttp::verb::get && req.method() != bhttp::verb::head) {
    auto res = error_response(bhttp::status::method_not_allowed, "method_not_allowed", "only GET and HEAD", v);
    res.set(bhttp::field::allow, "GET, HEAD");
    return with_headers(std::move(res));
  }
  auto path = static_path(req.target());
  if (!path) return with_headers(error_response(bhttp::status::bad_request, "bad_request", "bad path", v));
  const auto* asset = catalog_.find(*path);
  if (!asset) return with_headers(error_response(bhttp::status::not_found, "not_found", "no such file", v));

  const bool gzip = !asset->gzip.empty() && accepts_gzip(req[bhttp::field::accept_encoding]);
  const auto& etag = gzip ? asset->gzip_etag : asset->etag;
  const auto& body = gzip ? asset->gzip : asset->body;
  response res{bhttp::status::ok, v};
  res.set(bhttp::field::etag, etag);
  res.set(bhttp::field::cache_control, "no-cache");
  if (!asset->gzip.empty()) res.set(bhttp::field::vary, "Accept-Encoding");
  if (etag_matches(req[bhttp::field::if_none_match], etag)) {
    res.result(bhttp::status::not_modified);
    return with_headers(std::move(res));
  }
  res.set(bhttp::field::content_type, asset->content_type);
  if (gzip) res.set(bhttp::field::content_encoding, "gzip");
  if (req.method() == bhttp::verb::head)
    res.content_length(body.size());  // the length of what GET would send; no body
  else
    res.body() = body;
  return with_headers(std::move(res));
}

}  // namespace chat::http
