// How users write worlds and the names of modes, roundings, classes,
// estimators and loss laws, on the command line and in study files:
//   zm:a=1.2,b=0,M=1e6   zm:a=2.5,M=inf   (b defaults to 0; M up to 2^62, or inf)
//   multinomial | poisson | draws;  nearest | floor | ceil;  all | top;  ml | add
//   hoffmann | besiroglu   (Chinchilla's constants, theory/bounds.hpp)
// Each parser throws InputError naming the text and what it should be.
#pragma once
#include <string_view>

#include "sim/learning/hypothesis.hpp"
#include "theory/bounds.hpp"
#include "theory/quantiser.hpp"
#include "theory/sampling_mode.hpp"
#include "theory/world.hpp"

namespace pacsim {

/// A world from its spelling; World::name() spells it back canonically.
World parse_world(std::string_view text);

SamplingMode parse_sampling_mode(std::string_view text);
Rounding parse_rounding(std::string_view text);
HypothesisClass parse_hypothesis_class(std::string_view text);
Estimator parse_estimator(std::string_view text);
Chinchilla parse_law(std::string_view text);

}  // namespace pacsim
