// Seed derivation and engine seeding; see rng.hpp.
#include "sim/random/rng.hpp"

namespace pacsim {

std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::uint64_t splitmix64_next(std::uint64_t& state) {
  state += 0x9E3779B97F4A7C15ULL;
  return mix64(state);
}

std::uint64_t derive_seed(std::uint64_t master, std::uint64_t cell, std::uint64_t replicate,
                          Stream stream) {
  // Each coordinate is mixed with its own odd constant before it is folded in,
  // so (cell, replicate) = (1, 0) and (0, 1) land far apart, as do neighbours.
  std::uint64_t h = mix64(master ^ 0x9E3779B97F4A7C15ULL);
  h = mix64(h ^ mix64(cell * 0xD1B54A32D192ED03ULL + 0x8CB92BA72F3D8DD7ULL));
  h = mix64(h ^ mix64(replicate * 0xAEF17502108EF2D9ULL + 0x6A09E667F3BCC909ULL));
  h = mix64(h ^ mix64(static_cast<std::uint64_t>(stream) * 0xDB4F0B9175AE2165ULL +
                      0xBB67AE8584CAA73BULL));
  return h;
}

Xoshiro256ss::Xoshiro256ss(std::uint64_t seed) {
  std::uint64_t state = seed;
  for (auto& s : s_) s = splitmix64_next(state);
  // SplitMix64 is a bijection of its counter, so four consecutive outputs are never all zero.
}

Xoshiro256ss::Xoshiro256ss(std::uint64_t s0, std::uint64_t s1, std::uint64_t s2, std::uint64_t s3)
    : s_{s0, s1, s2, s3} {}

}  // namespace pacsim
