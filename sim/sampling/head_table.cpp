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

HeadTable::HeadTable(const World& world, Rank R)
    : p_(R), block_mass_((R + kBlock - 1) / kBlock), after_block_(block_mass_.size()) {
  if (R > 0) zm_pmf(world, 1, R, p_.data());
  after_ = world.tail_mass(R);
  double after = after_;
  for (std::size_t b = block_mass_.size(); b-- > 0;) {
    after_block_[b] = after;
    const Rank first = b * kBlock, len = std::min(R - first, kBlock);  // 0-based
    block_mass_[b] = suffix_sums(p_.data() + first, len, nullptr);
    after += block_mass_[b];
  }
}

double HeadTable::mass_from(Rank r) const {
  const std::size_t b = (r - 1) / kBlock;
  const Rank end = std::min(size(), (b + 1) * kBlock);  // last rank of r's block
  return suffix_sums(p_.data() + (r - 1), end - r + 1, nullptr) + after_block_[b];
}

}  // namespace pacsim
