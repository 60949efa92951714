// A sampled corpus T, summarised by its count vector, and the per-replicate
// statistics read off it: |S|, the frequency spectrum V_m, the true missing mass
// and its Good–Turing estimate V_1 / n. Adding a statistic: a member of
// CorpusSummary, set in summarise(), and a row of corpus_stats().
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "sim/sampling/huge_pages.hpp"
#include "theory/expect.hpp"
#include "theory/world.hpp"

namespace pacsim {

struct Corpus {
  BigVector<Rank> rank;               ///< seen ranks below 2^53, ascending, distinct
  BigVector<std::uint64_t> count;     ///< c_r > 0, aligned with `rank`
  BigVector<double> far_p;            ///< p of each seen far type (rank >= 2^53), each seen once
  std::uint64_t size = 0;             ///< sum of counts: D, or Poisson(D) in poisson mode
  double missing_mass = 0;            ///< sum of p_r over the unseen ranks of U
  BigVector<Rank> scratch, scratch2;  ///< reused buffers for tail draws; not part of the corpus
  BigVector<std::uint32_t> dense;     ///< reused buffer for counting tail draws in place
  std::vector<std::uint64_t> block_totals;  ///< reused buffer for the draws per table block
  std::vector<std::uint64_t> lanes;   ///< reused buffer for the chains' counts (kernels/lanes.hpp)
  std::vector<double> lane_sums;      ///< reused buffer for the chains' conditional probabilities
  std::vector<std::uint32_t> block_counts;  ///< a block's draws, counted in place; all 0 between uses

  /// Empty the corpus, keeping every buffer's capacity for the next replicate.
  void clear() {
    rank.clear();
    count.clear();
    far_p.clear();
    scratch.clear();
    scratch2.clear();
    dense.clear();
    size = 0;
    missing_mass = 0;
  }
  std::uint64_t unique() const { return rank.size() + far_p.size(); }
};

struct CorpusSummary {
  std::uint64_t size = 0;
  std::uint64_t unique = 0;                       ///< |S|
  std::array<std::uint64_t, kMaxSpectrumM + 1> V{};  ///< V[m] = #{r : c_r = m}, m = 1..3
  double missing_mass = 0;                        ///< sum_{r not in S} p_r
  double gt_missing = 0;                          ///< Good–Turing: V_1 / n (0 when n = 0)
};

/// O(|S|).
CorpusSummary summarise(const Corpus& corpus);

/// One statistic of a corpus, as stored per replicate: its name, unit and value.
struct CorpusStat {
  const char* name;
  const char* unit;
  double (*value)(const CorpusSummary&);
};

/// size, unique, hapax, V2, V3, missing_mass, gt_missing, in this order.
const std::vector<CorpusStat>& corpus_stats();

}  // namespace pacsim
