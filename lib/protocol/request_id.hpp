#pragma once
// A request's id: chosen by the client (a string or an integer) or assigned by the daemon. Every reply and
// event carries it, so a client can pipeline requests and tell their answers apart.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>

namespace alfabravo {

inline constexpr std::size_t kMaxRequestIdBytes = 128;

using RequestId = std::variant<std::int64_t, std::string>;

// The id as JSON (a number or a string); null for std::nullopt (connection-level errors have no request).
nlohmann::json to_json_id(const std::optional<RequestId>& id);
// nullopt with a reason when the value is not a usable id (not an integer or a string, too long, empty).
std::optional<RequestId> request_id_from_json(const nlohmann::json& value, std::string* why_not = nullptr);
// For logs and messages: 17, "abc" (with quotes).
std::string describe(const RequestId& id);

}  // namespace alfabravo
