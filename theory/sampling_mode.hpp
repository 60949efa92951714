// How a corpus is drawn: the exact fixed-D multinomial, its exact
// Poissonisation, or D individual draws (reference mode). Theory needs it too:
// the expectations differ between the fixed-D and the Poisson model.
#pragma once
#include <string>

namespace pacsim {

enum class SamplingMode { multinomial, poisson, draws };

/// "multinomial", "poisson" or "draws".
std::string to_string(SamplingMode mode);

}  // namespace pacsim
