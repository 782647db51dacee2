#include "protocol/request_id.hpp"

#include <limits>

namespace alfabravo {

nlohmann::json to_json_id(const std::optional<RequestId>& id) {
  if (!id) return nullptr;
  if (const auto* number = std::get_if<std::int64_t>(&*id)) return *number;
  return std::get<std::string>(*id);
}

std::optional<RequestId> request_id_from_json(const nlohmann::json& value, std::string* why_not) {
  auto fail = [&](const char* reason) -> std::optional<RequestId> {
    if (why_not != nullptr) *why_not = reason;
    return std::nullopt;
  };
  if (value.is_number_integer()) {
    if (value.is_number_unsigned() &&
        value.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return fail("\"id\" must fit in a signed 64-bit integer");
    }
    return RequestId{value.get<std::int64_t>()};
  }
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (text.empty()) return fail("\"id\" must not be an empty string");
    if (text.size() > kMaxRequestIdBytes) return fail("\"id\" is longer than 128 bytes");
    return RequestId{text};
  }
  return fail("\"id\" must be a string or an integer");
}

std::string describe(const RequestId& id) {
  if (const auto* number = std::get_if<std::int64_t>(&id)) return std::to_string(*number);
  // Through JSON so that control characters in a client's id cannot forge log lines.
  return nlohmann::json(std::get<std::string>(id))
      .dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
}

}  // namespace alfabravo
