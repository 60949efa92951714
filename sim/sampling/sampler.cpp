// Corpus samplers; see sampler.hpp.
#include "sim/sampling/sampler.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "sim/random/binomial.hpp"
#include "sim/random/poisson.hpp"
#include "sim/sampling/kernels/lanes.hpp"

namespace pacsim {

namespace {

std::string sci(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

// LSD radix sort of `v` (11-bit digits, as many passes as the key range needs),
// with `buf` as scratch: O(n) per pass where std::sort's O(n log n) dominated a
// replicate. Keys are taken relative to the minimum.
void radix_sort(BigVector<Rank>& v, BigVector<Rank>& buf) {
  const std::size_t n = v.size();
  if (n < 512) {
    std::sort(v.begin(), v.end());
    return;
  }
  const auto [mn_it, mx_it] = std::minmax_element(v.begin(), v.end());
  const Rank lo = *mn_it, span = *mx_it - *mn_it;
  if (span == 0) return;
  constexpr int kBits = 11;
  constexpr std::size_t kBuckets = std::size_t{1} << kBits;
  const int bits = 64 - __builtin_clzll(span);
  const int passes = (bits + kBits - 1) / kBits;
  if (buf.capacity() < n) buf.reserve(n + n / 4);  // v and buf swap: both keep headroom
  buf.resize(n);
  std::vector<std::size_t> hist(kBuckets * static_cast<std::size_t>(passes), 0);
  for (const Rank x : v) {
    const Rank key = x - lo;
    for (int p = 0; p < passes; ++p) ++hist[p * kBuckets + ((key >> (p * kBits)) & (kBuckets - 1))];
  }
  Rank* src = v.data();
  Rank* dst = buf.data();
  for (int p = 0; p < passes; ++p) {
    std::size_t* h = &hist[p * kBuckets];
    std::size_t sum = 0;
    for (std::size_t b = 0; b < kBuckets; ++b) {
      const std::size_t c = h[b];
      h[b] = sum;
      sum += c;
    }
    for (std::size_t i = 0; i < n; ++i) {
      const Rank x = src[i];
      dst[h[((x - lo) >> (p * kBits)) & (kBuckets - 1)]++] = x;
    }
    std::swap(src, dst);
  }
  if (src != v.data()) v.swap(buf);
}

// The table reaches at most this far beyond the head (8 bytes a rank, shared).
constexpr Rank kMaxTableExtension = Rank{1} << 24;
// A block is sampled by draws when its ranks expect fewer draws than this, each
// (in the vector kernels a draw costs about a tenth of a binomial; of 8, 16 and
// 32, 16 gives the fastest runs/bench figures), and p_last >= p_first / 2.
constexpr double kDrawsPerRank = 16;

// Appends (first + i, counts[i]) for every nonzero counts[i], i < len, in rank
// order, and returns the sum of p[i] over the zero ones (compact_counts()).
template <class Count>
double append_counts(Corpus& out, Rank first, const Count* counts, Rank len, const double* p) {
  const std::size_t at = out.rank.size();
  out.rank.resize(at + len);  // BigVector: not zeroed
  out.count.resize(at + len);
  std::uint64_t kept = 0;
  const double missing = compact_counts(counts, p, len, first, out.rank.data() + at, out.count.data() + at, kept);
  out.rank.resize(at + kept);
  out.count.resize(at + kept);
  return missing;
}

}  // namespace

std::string SamplerLimits::gib(double bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g GiB", bytes / double(1ull << 30));
  return buf;
}

double SamplerLimits::default_max_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page <= 0) return 16.0 * double(1ull << 30);
  return 0.5 * static_cast<double>(pages) * static_cast<double>(page);
}

Rank CorpusSampler::head_size(const World& w, std::uint64_t D, SamplingMode mode) {
  if (mode == SamplingMode::draws) return 0;
  const double M = w.infinite() ? INFINITY : static_cast<double>(w.M());
  const double DZ = static_cast<double>(D) / w.normaliser();  // D p_r = DZ (r+b)^-a
  double r_star;
  if (w.a() == 0) r_star = DZ >= 1 ? M : 0;
  else r_star = std::exp(std::log(DZ) / w.a()) - w.b();  // D p_r >= 1  <=>  r <= r_star
  if (!(r_star >= 1)) return 0;
  if (r_star >= M) return w.M();
  return static_cast<Rank>(std::floor(r_star));
}

Rank CorpusSampler::table_size(const World& w, std::uint64_t D, SamplingMode mode) {
  const Rank R = head_size(w, D, mode);
  if (R == 0 || R >= w.M()) return R;  // no head, or no tail (a = 0 lands here)
  // D p_r >= 1/32  <=>  r <= r_mu.
  const double DZ = static_cast<double>(D) / w.normaliser();
  const double r_mu = std::exp(std::log(32.0 * DZ) / w.a()) - w.b();
  Rank T = std::min({w.M(), R + kMaxTableExtension, R <= w.M() / 8 ? 8 * R : w.M()});
  if (r_mu < static_cast<double>(T)) T = static_cast<Rank>(std::floor(r_mu));
  return std::max(R, T);
}

std::string CorpusSampler::refusal(const World& world, std::uint64_t D, SamplingMode mode,
                                  const SamplerLimits& limits) {
  if (D < 1 || D > kMaxCount) return "D=" + std::to_string(D) + " must be in 1..2^62";
  const Rank R = head_size(world, D, mode);
  const double Dd = static_cast<double>(D);
  // Storage per replicate: 16 bytes per head rank (rank, count) and about 32 per
  // expected tail draw (two sort buffers, then rank and count), once per thread;
  // and 8 bytes per table rank, once.
  const double bytes =
      (16.0 * static_cast<double>(R) + 32.0 * Dd * world.tail_mass(R)) * std::max(1, limits.threads) +
      8.0 * static_cast<double>(table_size(world, D, mode));
  if (bytes > limits.max_bytes)
    return "world " + world.name() + " at D=" + std::to_string(D) + " needs about " + SamplerLimits::gib(bytes) + " for " +
           std::to_string(std::max(1, limits.threads)) + " replicate(s) at once (limit " +
           SamplerLimits::gib(limits.max_bytes) + "; set PACSIM_MAX_GIB to raise it)";
  // Far ranks (>= 2^53) are each taken as a new type; that is exact unless two draws
  // hit the same far rank, whose expected number is D^2/2 sum_{r >= 2^53} p_r^2.
  const Rank far_lo = Rank{1} << 53;
  if (world.a() > 0 && world.M() >= far_lo) {
    const double sum_p2 = world.power_sum(far_lo, world.M(), 2 * world.a(), 0) /
                          (world.normaliser() * world.normaliser());
    const double collisions = 0.5 * Dd * Dd * sum_p2;
    if (collisions > limits.max_far_collisions)
      return "world " + world.name() + " at D=" + std::to_string(D) + ": ranks beyond 2^53 would collide (expected " +
             sci(collisions) + " merges), which double precision cannot resolve; use a finite M <= 2^53";
  }
  return "";
}

CorpusSampler::CorpusSampler(const World& world, std::uint64_t D, SamplingMode mode,
                             std::shared_ptr<const HeadTable> shared, SamplerLimits limits)
    : world_(world), D_(D), mode_(mode) {
  if (const std::string why = refusal(world, D, mode, limits); !why.empty()) throw std::invalid_argument(why);
  R_ = head_size(world, D, mode);
  T_ = table_size(world, D, mode);
  far_mass_ = world.tail_mass(T_);
  if (shared && shared->size() >= T_) head_ = std::move(shared);
  else head_ = std::make_shared<const HeadTable>(world_, T_);
  if (T_ < world.M()) tail_ = std::make_unique<ZipfTailSampler>(world_, T_ + 1);
  if (T_ == 0) return;
  constexpr Rank B = HeadTable::kBlock;
  const std::size_t blocks = (T_ + B - 1) / B;
  const double* const p = head_->p_data();
  block_mass_.resize(blocks);
  for (std::size_t b = 0; b < blocks; ++b) {
    const Rank len = block_len(b);
    const bool as_table = len == std::min(B, head_->size() - b * B);
    block_mass_[b] = as_table ? head_->block_mass(b) : suffix_sums(p + b * B, len, nullptr);
  }
  // Chains for the leading blocks, draws from the first block on where every later
  // block qualifies (p decreases, so that is where ranks start to expect few draws).
  const double Dd = static_cast<double>(D_);
  chain_blocks_ = blocks;
  while (chain_blocks_ > 0) {
    const std::size_t b = chain_blocks_ - 1;
    const Rank len = block_len(b);
    const double* const pb = p + b * B;
    if (!(Dd * block_mass_[b] < kDrawsPerRank * static_cast<double>(len) && pb[len - 1] >= 0.5 * pb[0])) break;
    chain_blocks_ = b;
  }
  if (mode_ != SamplingMode::multinomial) return;
  // With no far tail, the last block's q is mass / mass = 1: it takes every draw left.
  block_q_.resize(blocks);
  double rest = far_mass_;  // mass beyond the block, blocks summed far tail first
  for (std::size_t b = blocks; b-- > 0;) {
    block_q_[b] = block_mass_[b] / (block_mass_[b] + rest);
    rest += block_mass_[b];
  }
}

void CorpusSampler::sample_tail(Engine& eng, std::uint64_t n, Corpus& out) const {
  if (n == 0) {
    out.missing_mass += far_mass_;
    return;
  }
  // When the tail is a finite range not much longer than the number of draws, count
  // the draws in place (4 bytes a rank, no sort); otherwise collect and radix-sort.
  const Rank lo = T_ + 1;
  const bool dense = !world_.infinite() && world_.M() - T_ <= 2 * n && n < (std::uint64_t{1} << 32);
  if (dense) {
    BigVector<std::uint32_t>& counts = out.dense;
    counts.assign(world_.M() - T_, 0);
    for (std::uint64_t i = 0; i < n; ++i) ++counts[(*tail_)(eng).rank - lo];
    double seen = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
      if (counts[i] == 0) continue;
      const Rank r = lo + i;
      out.rank.push_back(r);
      out.count.push_back(counts[i]);
      seen += world_.pmf(static_cast<double>(r));
    }
    out.missing_mass += std::max(0.0, far_mass_ - seen);
    return;
  }
  BigVector<Rank>& draws = out.scratch;
  draws.clear();
  // With headroom: an exact reserve would move the buffer (to fresh pages, which
  // cost more than the sampling here) at every replicate that sets a new maximum.
  if (draws.capacity() < n) draws.reserve(n + n / 4);
  double seen_far = 0;
  for (std::uint64_t i = 0; i < n; ++i) {
    const TailDraw d = (*tail_)(eng);
    if (d.far) {
      out.far_p.push_back(d.far_p);
      seen_far += d.far_p;
    } else {
      draws.push_back(d.rank);
    }
  }
  radix_sort(draws, out.scratch2);
  double seen = 0;
  for (std::size_t i = 0; i < draws.size();) {
    std::size_t j = i + 1;
    while (j < draws.size() && draws[j] == draws[i]) ++j;
    out.rank.push_back(draws[i]);
    out.count.push_back(j - i);
    seen += world_.pmf(static_cast<double>(draws[i]));
    i = j;
  }
  out.missing_mass += std::max(0.0, far_mass_ - seen - seen_far);
}

void CorpusSampler::sample(Engine& eng, Corpus& out) const {
  draw(eng, out);
  // A corpus that saw every rank of a finite world misses nothing; the sums of p
  // that gave its missing mass leave rounding residue of order 1e-17.
  if (!world_.infinite() && out.unique() == world_.M()) out.missing_mass = 0;
}


void CorpusSampler::sample_chains(Engine& eng, std::size_t b0, std::size_t lanes,
                                  const std::uint64_t* totals, Corpus& out) const {
  constexpr Rank B = HeadTable::kBlock;
  constexpr Rank kStride = B + 1;  // a chain's ranks and its spare slot
  // Each block its own chain c_r ~ Bin(n_left, p_r / S_r), with S_r its suffix
  // masses, one lane of run_chains(); then the counts are appended in rank order.
  out.lanes.resize(kChainLanes * kStride);
  out.lane_sums.resize(kChainLanes * kStride);
  const double* const p = head_->p_data();
  Chains c{out.lane_sums.data(), out.lanes.data(), static_cast<long long>(kStride), static_cast<int>(lanes), {}, {}};
  for (std::size_t l = 0; l < lanes; ++l) {
    const Rank first = (b0 + l) * B, len = block_len(b0 + l);  // first: 0-based
    double* const q = out.lane_sums.data() + l * kStride;
    suffix_sums(p + first, len, q);
    for (Rank i = 0; i < len; ++i) q[i] = p[first + i] / q[i];
    c.len[l] = static_cast<long long>(len);
    c.total[l] = static_cast<long long>(totals[l]);
  }
  run_chains(eng, c);
  for (std::size_t l = 0; l < lanes; ++l) {
    const Rank first = (b0 + l) * B;
    out.missing_mass += append_counts(out, first + 1, c.out + l * kStride, block_len(b0 + l), p + first);
  }
}

void CorpusSampler::sample_block_draws(Engine& eng, LaneStreams& g, std::size_t b, std::uint64_t n,
                                       Corpus& out) const {
  constexpr Rank B = HeadTable::kBlock;
  if (n > UINT32_MAX) {  // beyond the in-place counters (never near it: n < ~16 kBlock)
    sample_chains(eng, b, 1, &n, out);
    return;
  }
  const Rank first = b * B + 1, len = block_len(b);
  const double* const p = head_->p_data() + (first - 1);
  std::uint32_t* const counts = out.block_counts.data();
  // The draws look p up at random slots: stream the block in first (a linear
  // read the prefetcher serves at full bandwidth, where random first touches
  // would each wait on memory, and the two threads' waits on each other).
  for (Rank i = 0; i < len; i += 8) __builtin_prefetch(p + i);
  draw_in_block(g, p, len, n, counts);  // p is non-increasing within the block
  out.missing_mass += append_counts(out, first, counts, len, p);
  std::fill(counts, counts + len, 0u);
}

std::uint64_t CorpusSampler::sample_table_multinomial(Engine& eng, Corpus& out) const {
  constexpr std::size_t kLanes = kChainLanes;
  const std::size_t blocks = block_q_.size();
  // Draws per block first; the rest go to the far tail.
  std::vector<std::uint64_t>& per_block = out.block_totals;
  per_block.resize(blocks);
  long long left = static_cast<long long>(D_);
  for (std::size_t b = 0; b < blocks; ++b) {
    const long long n = binomial(eng, left, block_q_[b]);
    per_block[b] = static_cast<std::uint64_t>(n);
    left -= n;
  }
  for (std::size_t b0 = 0; b0 < chain_blocks_; b0 += kLanes)
    sample_chains(eng, b0, std::min(kLanes, chain_blocks_ - b0), per_block.data() + b0, out);
  if (chain_blocks_ < blocks) {
    LaneStreams g(eng);
    for (std::size_t b = chain_blocks_; b < blocks; ++b) sample_block_draws(eng, g, b, per_block[b], out);
  }
  return static_cast<std::uint64_t>(left);
}

std::uint64_t CorpusSampler::sample_table_poisson(Engine& eng, Corpus& out) const {
  constexpr Rank B = HeadTable::kBlock;
  const double Dd = static_cast<double>(D_);
  const double* const p = head_->p_data();
  std::uint64_t total = 0;
  const Rank chain_end = std::min(T_, static_cast<Rank>(chain_blocks_) * B);
  for (Rank r = 1; r <= chain_end; ++r) {
    const long long c = poisson_variate(eng, Dd * p[r - 1]);
    if (c > 0) {
      out.rank.push_back(r);
      out.count.push_back(static_cast<std::uint64_t>(c));
      total += static_cast<std::uint64_t>(c);
    } else {
      out.missing_mass += p[r - 1];
    }
  }
  if (chain_blocks_ < block_mass_.size()) {
    LaneStreams g(eng);
    for (std::size_t b = chain_blocks_; b < block_mass_.size(); ++b) {
      const auto n = static_cast<std::uint64_t>(poisson_variate(eng, Dd * block_mass_[b]));
      sample_block_draws(eng, g, b, n, out);
      total += n;
    }
  }
  return total;
}

void CorpusSampler::draw(Engine& eng, Corpus& out) const {
  out.clear();
  // Expected |S| is at most T plus the expected far-tail draws: reserve once.
  const double expect_tail = static_cast<double>(D_) * far_mass_;
  const std::size_t guess = static_cast<std::size_t>(static_cast<double>(T_) + 1.1 * expect_tail + 16);
  out.rank.reserve(guess);
  out.count.reserve(guess);
  if (out.block_counts.size() != HeadTable::kBlock) out.block_counts.assign(HeadTable::kBlock, 0);
  if (mode_ == SamplingMode::multinomial) {
    out.size = D_;
    const std::uint64_t left = T_ > 0 ? sample_table_multinomial(eng, out) : D_;
    if (tail_) sample_tail(eng, left, out);
    return;
  }
  if (mode_ == SamplingMode::poisson) {
    out.size = sample_table_poisson(eng, out);
    if (tail_) {
      const auto n = static_cast<std::uint64_t>(poisson_variate(eng, static_cast<double>(D_) * far_mass_));
      out.size += n;
      sample_tail(eng, n, out);
    }
    return;
  }
  // draws: D individual draws from the whole distribution (T = 0).
  out.size = D_;
  sample_tail(eng, D_, out);
}

std::vector<std::size_t> largest_first(const std::vector<std::unique_ptr<CorpusSampler>>& samplers) {
  std::vector<std::size_t> order(samplers.size());
  for (std::size_t c = 0; c < order.size(); ++c) order[c] = c;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    return samplers[x]->expected_entries() > samplers[y]->expected_entries();
  });
  return order;
}

}  // namespace pacsim
