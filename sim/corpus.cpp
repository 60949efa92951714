// Corpus statistics; see corpus.hpp.
#include "corpus.hpp"

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

}  // namespace pacsim
