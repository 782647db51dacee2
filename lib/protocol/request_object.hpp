#pragma once
// A JSON request line read into its top-level members only: no DOM is built and freed for every request. The
// shape requests have (a flat object of plain keys, strings and small numbers) is read in one pass; every
// other line goes through nlohmann's SAX parser, so what is valid JSON, and the byte an error is reported at,
// are exactly those of json::parse. Requests' fields are scalars: a member whose
// value is an array or an object is kept as an empty one of that type (only its type is ever looked at).
#include <cstddef>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"
#include "protocol/error_code.hpp"

namespace alfabravo {

struct RequestMember {
  std::string key;
  nlohmann::json value;
};

class RequestObject {
 public:
  RequestObject() = default;
  RequestObject(RequestObject&&) noexcept = default;
  RequestObject& operator=(RequestObject&&) = delete;
  RequestObject(const RequestObject&) = delete;
  RequestObject& operator=(const RequestObject&) = delete;
  ~RequestObject();  // wipes every string value: the text may be a password

  // Sorted by key, the order in which a parsed nlohmann object iterates (its keys live in a std::map).
  std::span<const RequestMember> members() const noexcept { return members_; }
  // nullptr when absent.
  const nlohmann::json* find(std::string_view key) const noexcept;

 private:
  friend class RequestObjectReader;
  friend Expected<RequestObject, ProtocolError> parse_request_object(std::string_view line);
  std::vector<RequestMember> members_;
};

// The errors are json::parse's as the daemon reported them: a syntax error (with its byte), a number out of
// range ("1e400"), a key given twice in any object, a value that is not an object.
Expected<RequestObject, ProtocolError> parse_request_object(std::string_view line);

}  // namespace alfabravo
