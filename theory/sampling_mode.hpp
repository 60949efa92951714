// How a corpus is drawn (SPEC §1.2): the exact fixed-D multinomial, its exact
// Poissonisation, or D individual draws (reference mode). Theory needs it too:
// the expectations differ between the fixed-D and the Poisson model.
#pragma once
#include <string>
#include <string_view>

namespace pacsim {

enum class SamplingMode { multinomial, poisson, draws };

/// "multinomial" | "poisson" | "draws"; throws InputError otherwise.
SamplingMode parse_sampling_mode(std::string_view text);
std::string to_string(SamplingMode mode);

}  // namespace pacsim
