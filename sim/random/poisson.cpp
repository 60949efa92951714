// Poisson variates; see poisson.hpp.
#include "sim/random/poisson.hpp"

#include <boost/random/poisson_distribution.hpp>
#include <cmath>

namespace pacsim {

long long poisson_variate(Engine& eng, double mean) {
  constexpr double kMaxPart = 68719476736.0;  // 2^36
  if (!(mean > 0)) return 0;
  if (mean <= kMaxPart) return boost::random::poisson_distribution<long long, double>(mean)(eng);
  const double parts = std::ceil(mean / kMaxPart);
  const double part = mean / parts;
  long long sum = 0;
  for (double i = 0; i < parts; ++i) sum += boost::random::poisson_distribution<long long, double>(part)(eng);
  return sum;
}

}  // namespace pacsim
