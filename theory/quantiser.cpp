// Rounding-mode names; see quantiser.hpp.
#include "theory/quantiser.hpp"

namespace pacsim {

std::string to_string(Rounding r) {
  switch (r) {
    case Rounding::nearest: return "nearest";
    case Rounding::floor: return "floor";
    case Rounding::ceil: return "ceil";
  }
  return "?";
}

}  // namespace pacsim
