// The shared table of p_r; see head_table.hpp.
#include "sim/sampling/head_table.hpp"

#include <algorithm>

#include "sim/sampling/kernels/lanes.hpp"

namespace pacsim {

double suffix_sums(const double* p, std::size_t n, double* out) {
  double acc = 0;
  for (std::size_t i = n; i-- > 0;) {
    acc += p[i];
    if (out) out[i] = acc;
  }
  return acc;
}

HeadTable::HeadTable(const World& world, Rank R) : p_(R), block_mass_((R + kBlock - 1) / kBlock) {
  if (R > 0) zm_pmf(world, 1, R, p_.data());
  for (std::size_t b = 0; b < block_mass_.size(); ++b) {
    const Rank first = b * kBlock, len = std::min(R - first, kBlock);  // 0-based
    block_mass_[b] = suffix_sums(p_.data() + first, len, nullptr);
  }
}

}  // namespace pacsim
