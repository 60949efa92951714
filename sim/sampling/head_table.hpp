// The table of p_r that the samplers of one world share: ranks 1..R (the head
// and the near tail, see CorpusSampler::table_size), cut into blocks of kBlock
// ranks, with each block's mass summed smallest first. p_r comes from the
// vector kernel zm_pmf() (within (a + 8) ulp of World::pmf, three times faster).
// Built once per world, then read-only: every sampler and thread may share it.
#pragma once
#include <cstddef>
#include <vector>

#include "sim/sampling/huge_pages.hpp"
#include "theory/world.hpp"

namespace pacsim {

class HeadTable {
 public:
  static constexpr Rank kBlock = 4096;

  HeadTable(const World& world, Rank R);
  Rank size() const { return static_cast<Rank>(p_.size()); }
  double p(Rank r) const { return p_[r - 1]; }              ///< p_r, 1 <= r <= size()
  const double* p_data() const { return p_.data(); }        ///< p_1 .. p_size()
  /// The mass of block b's ranks within the table (block b holds ranks
  /// b kBlock + 1 .. (b+1) kBlock; the last block may be partial).
  double block_mass(std::size_t b) const { return block_mass_[b]; }

 private:
  BigVector<double> p_;
  std::vector<double> block_mass_;
};

/// out[i] = p[i] + ... + p[n-1] (out may be null), summed smallest (last)
/// first; returns the total. The table's blocks, a sampler's blocks and its
/// chains use this one loop, so their masses agree bit for bit.
double suffix_sums(const double* p, std::size_t n, double* out);

}  // namespace pacsim
