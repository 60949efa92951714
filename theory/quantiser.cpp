// Rounding-mode names; see quantiser.hpp.
#include "quantiser.hpp"

#include "errors.hpp"

namespace pacsim {

Rounding parse_rounding(std::string_view text) {
  if (text == "nearest") return Rounding::nearest;
  if (text == "floor") return Rounding::floor;
  if (text == "ceil") return Rounding::ceil;
  throw InputError("quantiser: '" + std::string(text) + "' is not one of nearest, floor, ceil");
}

std::string to_string(Rounding r) {
  switch (r) {
    case Rounding::nearest: return "nearest";
    case Rounding::floor: return "floor";
    case Rounding::ceil: return "ceil";
  }
  return "?";
}

}  // namespace pacsim
