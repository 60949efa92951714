// Poisson variates exact for any mean up to 2^62: Boost.Random's (PTRD class,
// O(1) each) up to 2^36, sums of equal parts beyond (a sum of independent
// Poissons is Poisson), because Boost's acceptance test loses precision at huge
// means (its variance is 1% high at 1e15, 64% at 1e18).
#pragma once
#include "sim/random/rng.hpp"

namespace pacsim {

/// Poisson(mean); 0 for mean <= 0 or NaN. At most mean / 2^36 extra variates.
long long poisson_variate(Engine& eng, double mean);

}  // namespace pacsim
