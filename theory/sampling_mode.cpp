// Sampling-mode names; see sampling_mode.hpp.
#include "theory/sampling_mode.hpp"

namespace pacsim {

std::string to_string(SamplingMode mode) {
  switch (mode) {
    case SamplingMode::multinomial: return "multinomial";
    case SamplingMode::poisson: return "poisson";
    case SamplingMode::draws: return "draws";
  }
  return "?";
}

}  // namespace pacsim
