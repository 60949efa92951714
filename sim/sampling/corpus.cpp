// Corpus statistics; see corpus.hpp.
#include "sim/sampling/corpus.hpp"

namespace pacsim {

CorpusSummary summarise(const Corpus& c) {
  CorpusSummary s;
  s.size = c.size;
  s.unique = c.unique();
  for (const std::uint64_t n : c.count)
    if (n <= static_cast<std::uint64_t>(kMaxSpectrumM)) ++s.V[n];
  s.V[1] += c.far_p.size();
  s.missing_mass = c.missing_mass;
  s.gt_missing = c.size ? static_cast<double>(s.V[1]) / static_cast<double>(c.size) : 0.0;
  return s;
}

const std::vector<CorpusStat>& corpus_stats() {
  using S = CorpusSummary;
  static const std::vector<CorpusStat> stats = {
      {"size", "draws", [](const S& s) { return static_cast<double>(s.size); }},
      {"unique", "types", [](const S& s) { return static_cast<double>(s.unique); }},
      {"hapax", "types", [](const S& s) { return static_cast<double>(s.V[1]); }},
      {"V2", "types", [](const S& s) { return static_cast<double>(s.V[2]); }},
      {"V3", "types", [](const S& s) { return static_cast<double>(s.V[3]); }},
      {"missing_mass", "probability", [](const S& s) { return s.missing_mass; }},
      {"gt_missing", "probability", [](const S& s) { return s.gt_missing; }},
  };
  return stats;
}

}  // namespace pacsim
