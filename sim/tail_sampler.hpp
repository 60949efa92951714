// Exact sampling of iid ranks from the tail lo..M of a world (SPEC §1.2):
// rejection-inversion for monotone discrete distributions (Hörmann & Derflinger
// 1996, "Rejection-inversion to generate variates from monotone discrete
// distributions"), for the hat h(x) = (x+b)^(-a), with H written relative to the
// tail's first rank so it stays exact for any lo and any a (a = 1 included).
// Uniform worlds (a = 0) draw uniform integers. O(1) expected per draw, O(1) memory.
//
// Ranks at or above 2^53 ("far" ranks, possible only when a > 0 and M > 2^53 or
// M = inf) cannot be told apart in double precision; they are reported as far
// draws with their probability, and callers treat each as a new type
// (CorpusSampler refuses worlds and D where that could merge two types).
#pragma once
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>

#include "theory/world.hpp"

namespace pacsim {

inline constexpr double kFarRank = 9007199254740992.0;  // 2^53

struct TailDraw {
  Rank rank = 0;      ///< the rank, when !far
  bool far = false;   ///< rank >= 2^53: a singleton of probability far_p
  double far_p = 0;
};

class ZipfTailSampler {
 public:
  /// Ranks lo..M of `world`. Requires: 1 <= lo <= M.
  ZipfTailSampler(const World& world, Rank lo);

  template <class Engine>
  TailDraw operator()(Engine& eng) const {
    TailDraw d;
    if (uniform_) {
      d.rank = boost::random::uniform_int_distribution<Rank>(lo_, hi_)(eng);
      return d;
    }
    if (peel_prob_ > 0 && boost::random::uniform_01<double>()(eng) < peel_prob_) {
      d.rank = peel_rank_;
      return d;
    }
    const double k = continuous(eng);
    if (k < kFarRank) {
      d.rank = static_cast<Rank>(k);
    } else {
      d.far = true;
      d.far_p = world_->pmf(k);
    }
    return d;
  }

  Rank lo() const { return lo_; }

 private:
  template <class Engine>
  double continuous(Engine& eng) const {
    if (single_) return static_cast<double>(cont_lo_);
    for (;;) {
      // u in [hx1, hN): never exactly hN, which is +inf in x for infinite worlds.
      const double u = hN_ - (1.0 - boost::random::uniform_01<double>()(eng)) * (hN_ - hx1_);
      const double x = H_inv(u);
      double k = std::floor(x + 0.5);
      if (k < cont_lo_d_) k = cont_lo_d_;
      if (!hi_inf_ && k > hi_d_) k = hi_d_;
      if (k - x <= s_ || u >= H(k + 0.5) - h(k)) return k;
    }
  }
  double h(double x) const { return std::pow(x + b_, -a_); }
  double H(double x) const;      // int_{cont_lo}^{x} h, relative to c0 = cont_lo + b
  double H_inv(double y) const;

  const World* world_;
  bool uniform_ = false, single_ = false, hi_inf_ = false;
  Rank lo_, hi_, cont_lo_, peel_rank_ = 0;
  double a_, b_, t_, c0_, c0t_, cont_lo_d_, hi_d_;
  double hx1_ = 0, hN_ = 0, s_ = 0, peel_prob_ = 0;
};

}  // namespace pacsim
