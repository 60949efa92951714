// Unit tests for sim/sampling/corpus: summarise() and corpus_stats() on
// hand-made Corpus values (|S| counting far types, the spectrum V_1..V_3 with far
// types as V_1, the missing mass copied, Good–Turing V_1/n and 0 for n = 0), the
// order and values of corpus_stats(), and Corpus::clear keeping capacity.
// Everything is exact: counts are integers, the Good–Turing ratio is one
// division, compared with == against the same division written here.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "sim/sampling/corpus.hpp"
#include "theory/expect.hpp"

using pacsim::Corpus;
using pacsim::CorpusSummary;
using pacsim::Rank;

namespace {

constexpr Rank kFar = Rank{1} << 53;  // far types have ranks >= 2^53 and are kept as p only

Corpus make(const std::vector<Rank>& ranks, const std::vector<std::uint64_t>& counts, const std::vector<double>& far,
            double missing) {
  Corpus c;
  c.rank.assign(ranks.begin(), ranks.end());
  c.count.assign(counts.begin(), counts.end());
  c.far_p.assign(far.begin(), far.end());
  c.size = far.size();
  for (const std::uint64_t n : counts) c.size += n;
  c.missing_mass = missing;
  return c;
}

}  // namespace

TEST_CASE("corpus: summarise counts seen types, the spectrum and copies the missing mass", "[sim][corpus]") {
  // counts 1, 1, 2, 3, 3, 3, 4, 17 and two far types (each seen once).
  const Corpus c = make({1, 2, 3, 5, 8, 13, 21, 34}, {1, 1, 2, 3, 3, 3, 4, 17}, {1e-17, 3e-18}, 0.125);
  REQUIRE(c.size == 36);
  const CorpusSummary s = pacsim::summarise(c);
  CHECK(s.size == 36);
  CHECK(s.unique == 10);  // 8 ranks + 2 far types
  CHECK(c.unique() == 10);
  CHECK(s.V[0] == 0);
  CHECK(s.V[1] == 4);  // ranks 1, 2 and both far types
  CHECK(s.V[2] == 1);
  CHECK(s.V[3] == 3);
  CHECK(s.missing_mass == 0.125);
  CHECK(s.gt_missing == 4.0 / 36.0);
}

TEST_CASE("corpus: far types count as V_1 and toward |S|", "[sim][corpus]") {
  // Only far types: |S| = V_1 = n = 3, Good–Turing 1.
  const Corpus c = make({}, {}, {1e-16, 2e-16, 5e-17}, 0.75);
  const CorpusSummary s = pacsim::summarise(c);
  CHECK(s.size == 3);
  CHECK(s.unique == 3);
  CHECK(s.V[1] == 3);
  CHECK(s.V[2] == 0);
  CHECK(s.V[3] == 0);
  CHECK(s.gt_missing == 1.0);
  CHECK(s.missing_mass == 0.75);
  // A far-typed rank value in `rank` (a world with a = 0 keeps plain ranks >= 2^53)
  // counts like any other rank.
  const CorpusSummary t = pacsim::summarise(make({kFar, kFar + 1}, {2, 1}, {}, 0.5));
  CHECK(t.unique == 2);
  CHECK(t.V[1] == 1);
  CHECK(t.V[2] == 1);
}

TEST_CASE("corpus: counts above 3 enter no V_m, and large counts are fine", "[sim][corpus]") {
  STATIC_REQUIRE(pacsim::kMaxSpectrumM == 3);
  const std::uint64_t big = std::uint64_t{1} << 62;
  const Corpus c = make({1, 2, 3}, {big, 4, 5}, {}, 0.0);
  const CorpusSummary s = pacsim::summarise(c);
  CHECK(s.size == big + 9);
  CHECK(s.unique == 3);
  CHECK(s.V[1] == 0);
  CHECK(s.V[2] == 0);
  CHECK(s.V[3] == 0);
  CHECK(s.gt_missing == 0.0);
  CHECK(s.missing_mass == 0.0);
}

TEST_CASE("corpus: the empty corpus has n = 0 and Good-Turing 0", "[sim][corpus]") {
  const Corpus c;
  const CorpusSummary s = pacsim::summarise(c);
  CHECK(s.size == 0);
  CHECK(s.unique == 0);
  CHECK(s.V[1] == 0);
  CHECK(s.V[2] == 0);
  CHECK(s.V[3] == 0);
  CHECK(s.gt_missing == 0.0);  // 0, not 0/0
  CHECK(s.missing_mass == 0.0);
  // An empty poisson corpus (size 0) whose missing mass is the whole world.
  Corpus e;
  e.missing_mass = 1.0;
  const CorpusSummary t = pacsim::summarise(e);
  CHECK(t.gt_missing == 0.0);
  CHECK(t.missing_mass == 1.0);
}

TEST_CASE("corpus: Good-Turing is V_1 / n for several corpora", "[sim][corpus]") {
  // Counts 1..K (one type each) plus F far types: V_1 = 1 + F, n = K (K+1)/2 + F.
  for (std::uint64_t K : {1u, 2u, 7u, 100u}) {
    for (std::size_t F : {0u, 1u, 5u}) {
      std::vector<Rank> ranks;
      std::vector<std::uint64_t> counts;
      for (std::uint64_t i = 1; i <= K; ++i) {
        ranks.push_back(3 * i);
        counts.push_back(i);
      }
      const Corpus c = make(ranks, counts, std::vector<double>(F, 1e-18), 0.5);
      const CorpusSummary s = pacsim::summarise(c);
      const std::uint64_t n = K * (K + 1) / 2 + F;
      INFO("K=" << K << " F=" << F);
      CHECK(s.size == n);
      CHECK(s.unique == K + F);
      CHECK(s.V[1] == 1 + F);
      CHECK(s.V[2] == (K >= 2 ? 1u : 0u));
      CHECK(s.V[3] == (K >= 3 ? 1u : 0u));
      CHECK(s.gt_missing == static_cast<double>(1 + F) / static_cast<double>(n));
    }
  }
}

TEST_CASE("corpus: corpus_stats names in order, each value read from a summary", "[sim][corpus]") {
  const auto& stats = pacsim::corpus_stats();
  const std::vector<std::string> names = {"size", "unique", "hapax", "V2", "V3", "missing_mass", "gt_missing"};
  REQUIRE(stats.size() == names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    INFO("stat " << i);
    CHECK(std::string(stats[i].name) == names[i]);
    CHECK(std::string(stats[i].unit) != "");
  }
  CHECK(std::string(stats[0].unit) == "draws");
  CHECK(std::string(stats[1].unit) == "types");
  CHECK(std::string(stats[5].unit) == "probability");
  CHECK(std::string(stats[6].unit) == "probability");
  // A summary with a distinct value in every field.
  CorpusSummary s;
  s.size = 1000;
  s.unique = 70;
  s.V[1] = 31;
  s.V[2] = 12;
  s.V[3] = 5;
  s.missing_mass = 0.0625;
  s.gt_missing = 0.031;
  const std::vector<double> want = {1000, 70, 31, 12, 5, 0.0625, 0.031};
  for (std::size_t i = 0; i < want.size(); ++i) {
    INFO(stats[i].name);
    CHECK(stats[i].value(s) == want[i]);
  }
  // The same table object every call.
  CHECK(&pacsim::corpus_stats() == &stats);
  // On a real summary: each value is the field it names.
  const CorpusSummary r = pacsim::summarise(make({1, 2, 4}, {1, 2, 3}, {1e-17}, 0.25));
  CHECK(stats[0].value(r) == 7);
  CHECK(stats[1].value(r) == 4);
  CHECK(stats[2].value(r) == 2);
  CHECK(stats[3].value(r) == 1);
  CHECK(stats[4].value(r) == 1);
  CHECK(stats[5].value(r) == 0.25);
  CHECK(stats[6].value(r) == 2.0 / 7.0);
}

TEST_CASE("corpus: clear empties the corpus and keeps every buffer's capacity", "[sim][corpus]") {
  Corpus c;
  // Large enough that the BigVectors use huge-page blocks (>= 1 MiB), and small ones.
  c.rank.resize(200000);
  c.count.resize(200000);
  c.far_p.assign(10, 1e-18);
  c.scratch.resize(300000);
  c.scratch2.resize(5);
  c.dense.resize(400000);
  c.size = 12345;
  c.missing_mass = 0.5;
  const auto cap_rank = c.rank.capacity(), cap_count = c.count.capacity(), cap_far = c.far_p.capacity(),
             cap_s = c.scratch.capacity(), cap_s2 = c.scratch2.capacity(), cap_dense = c.dense.capacity();
  const Rank* data_rank = c.rank.data();
  c.clear();
  CHECK(c.rank.empty());
  CHECK(c.count.empty());
  CHECK(c.far_p.empty());
  CHECK(c.scratch.empty());
  CHECK(c.scratch2.empty());
  CHECK(c.dense.empty());
  CHECK(c.size == 0);
  CHECK(c.missing_mass == 0.0);
  CHECK(c.unique() == 0);
  CHECK(c.rank.capacity() == cap_rank);
  CHECK(c.count.capacity() == cap_count);
  CHECK(c.far_p.capacity() == cap_far);
  CHECK(c.scratch.capacity() == cap_s);
  CHECK(c.scratch2.capacity() == cap_s2);
  CHECK(c.dense.capacity() == cap_dense);
  // Refilling up to the old size reuses the same buffer.
  c.rank.resize(200000);
  CHECK(c.rank.data() == data_rank);
}
