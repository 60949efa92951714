// Sampling-mode names; see sampling_mode.hpp.
#include "sampling_mode.hpp"

#include "errors.hpp"

namespace pacsim {

SamplingMode parse_sampling_mode(std::string_view text) {
  if (text == "multinomial") return SamplingMode::multinomial;
  if (text == "poisson") return SamplingMode::poisson;
  if (text == "draws") return SamplingMode::draws;
  throw InputError("mode: '" + std::string(text) + "' is not one of multinomial, poisson, draws");
}

std::string to_string(SamplingMode mode) {
  switch (mode) {
    case SamplingMode::multinomial: return "multinomial";
    case SamplingMode::poisson: return "poisson";
    case SamplingMode::draws: return "draws";
  }
  return "?";
}

}  // namespace pacsim
