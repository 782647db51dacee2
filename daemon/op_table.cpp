#include "op_table.hpp"

#include <array>
#include <utility>

#include "ops/ops.hpp"

namespace alfabravo {

namespace {

constexpr std::array<std::pair<Op, OpHandler>, 17> kHandlers{{
    {Op::speak, ops::speak},
    {Op::stop, ops::stop},
    {Op::cancel, ops::cancel},
    {Op::transcript, ops::transcript},
    {Op::render, ops::render},
    {Op::status, ops::status},
    {Op::voices, ops::voices},
    {Op::devices, ops::devices},
    {Op::ping, ops::ping},
    {Op::version, ops::version},
    {Op::pause, ops::pause},
    {Op::resume, ops::resume},
    {Op::repeat, ops::repeat},
    {Op::forget, ops::forget},
    {Op::compare, ops::compare},
    {Op::back, ops::back},
    {Op::skip, ops::skip},
}};

constexpr bool handlers_in_enum_order() {
  for (std::size_t i = 0; i < kHandlers.size(); ++i) {
    if (static_cast<std::size_t>(kHandlers[i].first) != i) return false;
  }
  return true;
}
static_assert(handlers_in_enum_order(), "one handler per Op, in the enum's (and op_specs()') order");

}  // namespace

OpHandler op_handler(Op op) noexcept {
  return kHandlers[static_cast<std::size_t>(op)].second;
}

}  // namespace alfabravo
