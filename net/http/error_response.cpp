// The JSON error answer of the REST contract.
#include "net/http/error_response.hpp"

#include <nlohmann/json.hpp>

namespace chat::http {

response error_response(beast::http::status status, std::string_view code, std::string_view message,
                        unsigned version) {
  nlohmann::ordered_json body;
  body["error"]["code"] = code;
  body["error"]["message"] = message;
  response res{status, version};
  res.set(beast::http::field::content_type, "application/json");
  res.body() = body.dump();
  res.prepare_payload();
  return res;
}

}  // namespace chat::http
