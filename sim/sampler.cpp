// Corpus samplers; see sampler.hpp.
#include "sampler.hpp"

#include <unistd.h>

#include <algorithm>
#include <boost/random/binomial_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <cmath>
#include <string>

#include "theory/errors.hpp"
#include "theory/parse.hpp"

namespace pacsim {

namespace {

std::string gib(double bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g GiB", bytes / double(1ull << 30));
  return buf;
}

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

// Poisson(mean), exact for any mean up to 2^62. Boost's PTRD loses precision in its
// acceptance test at huge means (its variance is 1% high at 1e15, 64% at 1e18),
// so means above 2^36 are split into equal parts: a sum of independent Poissons
// is Poisson. At most D / 2^36 extra variates per replicate.
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

// out[i] = p[i] + ... + p[n-1], summed smallest (last) first; returns the total.
// The head table's blocks and a sampler's last block use this one loop, so their
// masses agree bit for bit.
double suffix_sums(const double* p, std::size_t n, double* out) {
  double acc = 0;
  for (std::size_t i = n; i-- > 0;) {
    acc += p[i];
    out[i] = acc;
  }
  return acc;
}

}  // namespace

double SamplerLimits::default_max_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page <= 0) return 16.0 * double(1ull << 30);
  return 0.5 * static_cast<double>(pages) * static_cast<double>(page);
}

HeadTable::HeadTable(const World& world, Rank R)
    : p_(R), block_from_(R), after_block_((R + kBlock - 1) / kBlock) {
  for (Rank r = 1; r <= R; ++r) p_[r - 1] = world.pmf(static_cast<double>(r));
  after_ = world.tail_mass(R);
  double after = after_;
  for (std::size_t b = after_block_.size(); b-- > 0;) {
    after_block_[b] = after;
    const Rank first = b * kBlock, len = std::min(R - first, kBlock);  // 0-based
    after += suffix_sums(p_.data() + first, len, block_from_.data() + first);
  }
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

void CorpusSampler::check(const World& world, std::uint64_t D, SamplingMode mode,
                          const SamplerLimits& limits) {
  if (D < 1 || D > kMaxCount) throw InputError("D=" + std::to_string(D) + " must be in 1..2^62");
  const Rank R = head_size(world, D, mode);
  const double Dd = static_cast<double>(D);
  // Storage per replicate: 16 bytes per head rank (rank, count) and about 32 per
  // expected tail draw (two sort buffers, then rank and count), once per thread.
  const double bytes =
      (16.0 * static_cast<double>(R) + 32.0 * Dd * world.tail_mass(R)) * std::max(1, limits.threads);
  if (bytes > limits.max_bytes)
    throw InputError("world " + world.name() + " at D=" + std::to_string(D) + " needs about " +
                     gib(bytes) + " for " + std::to_string(std::max(1, limits.threads)) +
                     " replicate(s) at once (limit " + gib(limits.max_bytes) +
                     "; set PACSIM_MAX_GIB to raise it)");
  // Far ranks (>= 2^53) are each taken as a new type; that is exact unless two draws
  // hit the same far rank, whose expected number is D^2/2 sum_{r >= 2^53} p_r^2.
  const Rank far_lo = Rank{1} << 53;
  if (world.a() > 0 && world.M() >= far_lo) {
    const double sum_p2 = world.power_sum(far_lo, world.M(), 2 * world.a(), 0) /
                          (world.normaliser() * world.normaliser());
    const double collisions = 0.5 * Dd * Dd * sum_p2;
    if (collisions > limits.max_far_collisions)
      throw InputError("world " + world.name() + " at D=" + std::to_string(D) +
                       ": ranks beyond 2^53 would collide (expected " + sci(collisions) +
                       " merges), which double precision cannot resolve; use a finite M <= 2^53");
  }
}

CorpusSampler::CorpusSampler(const World& world, std::uint64_t D, SamplingMode mode,
                             std::shared_ptr<const HeadTable> shared, SamplerLimits limits)
    : world_(world), D_(D), mode_(mode) {
  check(world, D, mode, limits);
  R_ = head_size(world, D, mode);
  tail_mass_ = world.tail_mass(R_);
  if (shared && shared->size() >= R_) head_ = std::move(shared);
  else head_ = std::make_shared<const HeadTable>(world_, R_);
  if (R_ < world.M()) tail_ = std::make_unique<ZipfTailSampler>(world_, R_ + 1);
  if (mode_ != SamplingMode::multinomial || R_ == 0) return;
  constexpr Rank B = HeadTable::kBlock;
  const std::size_t blocks = (R_ + B - 1) / B;
  const Rank last_first = (blocks - 1) * B + 1;
  last_block_from_.resize(R_ - last_first + 1);
  const double last_mass =
      suffix_sums(head_->p_data() + (last_first - 1), last_block_from_.size(), last_block_from_.data());
  // With no tail, the last block's q is mass / mass = 1: it takes every draw left.
  block_q_.resize(blocks);
  double rest = tail_mass_;  // mass beyond the block, head blocks summed tail first
  for (std::size_t b = blocks; b-- > 0;) {
    const double mass = b + 1 == blocks ? last_mass : head_->block_mass_from(b * B + 1);
    block_q_[b] = mass / (mass + rest);
    rest += mass;
  }
}

void CorpusSampler::sample_tail(Engine& eng, std::uint64_t n, Corpus& out) const {
  if (n == 0) {
    out.missing_mass += tail_mass_;
    return;
  }
  // When the tail is a finite range not much longer than the number of draws, count
  // the draws in place (4 bytes a rank, no sort); otherwise collect and radix-sort.
  const Rank lo = R_ + 1;
  const bool dense = !world_.infinite() && world_.M() - R_ <= 2 * n && n < (std::uint64_t{1} << 32);
  if (dense) {
    BigVector<std::uint32_t>& counts = out.dense;
    counts.assign(world_.M() - R_, 0);
    for (std::uint64_t i = 0; i < n; ++i) ++counts[(*tail_)(eng).rank - lo];
    double seen = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
      if (counts[i] == 0) continue;
      const Rank r = lo + i;
      out.rank.push_back(r);
      out.count.push_back(counts[i]);
      seen += world_.pmf(static_cast<double>(r));
    }
    out.missing_mass += std::max(0.0, tail_mass_ - seen);
    return;
  }
  BigVector<Rank>& draws = out.scratch;
  draws.clear();
  draws.reserve(n);
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
  out.missing_mass += std::max(0.0, tail_mass_ - seen - seen_far);
}

void CorpusSampler::sample(Engine& eng, Corpus& out) const {
  draw(eng, out);
  // A corpus that saw every rank of a finite world misses nothing; the sums of p
  // that gave its missing mass leave rounding residue of order 1e-17.
  if (!world_.infinite() && out.unique() == world_.M()) out.missing_mass = 0;
}

namespace {

// Bin(n, q) with Boost's BTRD; q >= 1 (the last rank of a block) takes all.
long long binomial_variate(Engine& eng, long long n, double q) {
  if (n == 0) return 0;
  if (q >= 1.0) return n;
  return boost::random::binomial_distribution<long long, double>(n, q)(eng);
}

}  // namespace

std::uint64_t CorpusSampler::sample_head_multinomial(Engine& eng, Corpus& out) const {
  constexpr Rank B = HeadTable::kBlock;
  constexpr std::size_t kLanes = 4;
  const HeadTable& head = *head_;
  const std::size_t blocks = block_q_.size();
  // Draws per block, then the rest go to the tail. Every entry of the buffer is
  // written before it is read.
  const Rank stride = std::min(B, R_);
  std::vector<std::uint64_t>& buf = out.lanes;
  buf.resize(blocks + kLanes * stride);
  std::uint64_t* const per_block = buf.data();
  std::uint64_t* const lane_counts = buf.data() + blocks;
  long long left = static_cast<long long>(D_);
  for (std::size_t b = 0; b < blocks; ++b) {
    const long long n = binomial_variate(eng, left, block_q_[b]);
    per_block[b] = static_cast<std::uint64_t>(n);
    left -= n;
  }
  // Four blocks at a time: rank i of each block in turn, each block its own chain
  // c_r ~ Bin(n_left, p_r / S_r); then the counts are appended in rank order.
  for (std::size_t b0 = 0; b0 < blocks; b0 += kLanes) {
    const std::size_t lanes = std::min(kLanes, blocks - b0);
    Rank first[kLanes] = {}, len[kLanes] = {};
    const double* from[kLanes] = {};
    long long n_left[kLanes] = {};
    Rank longest = 0;
    for (std::size_t l = 0; l < lanes; ++l) {
      const std::size_t b = b0 + l;
      first[l] = b * B + 1;
      len[l] = std::min(B, R_ - b * B);
      from[l] = b + 1 == blocks ? last_block_from_.data() : head.block_from_data() + (first[l] - 1);
      n_left[l] = static_cast<long long>(per_block[b]);
      longest = std::max(longest, len[l]);
    }
    const double* const p = head.p_data();
    for (Rank i = 0; i < longest; ++i) {
      for (std::size_t l = 0; l < lanes; ++l) {
        if (i >= len[l]) continue;
        const long long c = binomial_variate(eng, n_left[l], p[first[l] - 1 + i] / from[l][i]);
        lane_counts[l * stride + i] = static_cast<std::uint64_t>(c);
        n_left[l] -= c;
      }
    }
    for (std::size_t l = 0; l < lanes; ++l) {
      for (Rank i = 0; i < len[l]; ++i) {
        const std::uint64_t c = lane_counts[l * stride + i];
        if (c > 0) {
          out.rank.push_back(first[l] + i);
          out.count.push_back(c);
        } else {
          out.missing_mass += p[first[l] - 1 + i];
        }
      }
    }
  }
  return static_cast<std::uint64_t>(left);
}

void CorpusSampler::draw(Engine& eng, Corpus& out) const {
  out.clear();
  const HeadTable& head = *head_;
  // Expected |S| is at most R plus the expected tail draws: reserve once.
  const double expect_tail = static_cast<double>(D_) * tail_mass_;
  const std::size_t guess = static_cast<std::size_t>(static_cast<double>(R_) + 1.1 * expect_tail + 16);
  out.rank.reserve(guess);
  out.count.reserve(guess);
  if (mode_ == SamplingMode::multinomial) {
    out.size = D_;
    const std::uint64_t left = R_ > 0 ? sample_head_multinomial(eng, out) : D_;
    if (tail_) sample_tail(eng, left, out);
    return;
  }
  if (mode_ == SamplingMode::poisson) {
    const double Dd = static_cast<double>(D_);
    for (Rank r = 1; r <= R_; ++r) {
      const double mean = Dd * head.p(r);
      const long long c = poisson_variate(eng, mean);
      if (c > 0) {
        out.rank.push_back(r);
        out.count.push_back(static_cast<std::uint64_t>(c));
        out.size += static_cast<std::uint64_t>(c);
      } else {
        out.missing_mass += head.p(r);
      }
    }
    if (tail_) {
      const double mean = Dd * tail_mass_;
      const long long n = poisson_variate(eng, mean);
      out.size += static_cast<std::uint64_t>(n);
      sample_tail(eng, static_cast<std::uint64_t>(n), out);
    }
    return;
  }
  // draws: D individual draws from the whole distribution (R = 0).
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
