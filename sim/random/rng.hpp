// Random engines. Every (master seed, cell, replicate, stream) gets its own
// engine through a fixed mixing function — never from a thread id or
// `seed + i` — so results are bitwise identical for any thread count. The engine
// is xoshiro256** (Blackman & Vigna 2018), seeded through SplitMix64; the
// distributions on top are Boost.Random's, except the binomial (binomial.hpp)
// and the vector kernels' draws (sim/sampling/kernels: eight or sixteen
// xoshiro256** streams, seeded from outputs of the replicate's engine), which
// are pacsim's own.
#pragma once
#include <cstdint>
#include <limits>

namespace pacsim {

/// SplitMix64 (Steele, Lea & Flood 2014): advances `state` and returns the next output.
std::uint64_t splitmix64_next(std::uint64_t& state);

/// SplitMix64's finaliser: a bijective 64-bit mixer.
std::uint64_t mix64(std::uint64_t z);

/// Streams: separate purposes draw from separate engines of the same replicate.
enum class Stream : std::uint64_t { corpus = 0, hypothesis = 1, bootstrap = 2 };

/// The 64-bit seed of one (master, cell, replicate, stream); a fixed function,
/// covered by known-answer tests: changing it changes every published result.
std::uint64_t derive_seed(std::uint64_t master, std::uint64_t cell, std::uint64_t replicate,
                          Stream stream = Stream::corpus);

/// xoshiro256**: a UniformRandomBitGenerator with 256 bits of state.
class Xoshiro256ss {
 public:
  using result_type = std::uint64_t;
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  /// State from four SplitMix64 outputs of `seed` (never all zero).
  explicit Xoshiro256ss(std::uint64_t seed);
  /// State given directly (for known-answer tests). Requires: not all zero.
  Xoshiro256ss(std::uint64_t s0, std::uint64_t s1, std::uint64_t s2, std::uint64_t s3);

  result_type operator()() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

using Engine = Xoshiro256ss;

inline Engine make_engine(std::uint64_t master, std::uint64_t cell, std::uint64_t replicate,
                          Stream stream = Stream::corpus) {
  return Engine(derive_seed(master, cell, replicate, stream));
}

}  // namespace pacsim
