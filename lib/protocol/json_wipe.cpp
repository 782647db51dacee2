#include "protocol/json_wipe.hpp"

#include "core/secret.hpp"

namespace alfabravo {

void wipe_strings(nlohmann::json& value) noexcept {
  if (value.is_string()) {
    wipe(value.get_ref<std::string&>());
  } else if (value.is_structured()) {
    for (auto& child : value)
      wipe_strings(child);
  }
}

}  // namespace alfabravo
