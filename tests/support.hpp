// Shared helpers of the unit tests.
#pragma once
#include <cmath>

namespace pacsim::test {

/// Neumaier-compensated long double accumulator, for reference sums that must be
/// more precise than the code under test.
struct Acc {
  long double sum = 0, comp = 0;
  void add(long double x) {
    const long double t = sum + x;
    if (std::fabs(sum) >= std::fabs(x)) comp += (sum - t) + x;
    else comp += (x - t) + sum;
    sum = t;
  }
  long double value() const { return sum + comp; }
};

}  // namespace pacsim::test
