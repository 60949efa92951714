// Exact sampling of iid ranks from the tail lo..M of a world:
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
    const Point pt = continuous(eng);
    if (!pt.far) {
      d.rank = static_cast<Rank>(pt.k);
    } else {
      d.far = true;
      d.far_p = std::exp(-a_ * (log_c0_ + pt.L) - world_->log_normaliser());
    }
    return d;
  }

  Rank lo() const { return lo_; }

 private:
  struct Point {
    double k = 0;    ///< the rank (an integer), when !far
    double L = 0;    ///< log((x + b) / c0) of the continuous draw
    bool far = false;
  };

  // Rejection-inversion. Beyond kAcceptAll the exact test rejects with probability
  // about a(a+1) / (24 x^2) < 2^-53, far below what double precision can decide
  // there (H(k+1/2) - h(k) cancels), so the draw is accepted as it is; beyond 2^53
  // (or where x overflows) it is a far draw, its probability from L.
  template <class Engine>
  Point continuous(Engine& eng) const {
    Point pt;
    if (single_) {
      pt.k = cont_lo_d_;
      return pt;
    }
    for (;;) {
      // u in [hx1, hN): never exactly hN, which is +inf in x for infinite worlds.
      const double u = hN_ - (1.0 - boost::random::uniform_01<double>()(eng)) * (hN_ - hx1_);
      pt.L = H_inv_log(u);
      const double x = c0_ * std::exp(pt.L) - b_;
      if (x >= accept_all_) {
        double k = std::floor(x + 0.5);
        if (!hi_inf_ && k > hi_d_) k = hi_d_;
        if (k >= kFarRank || !std::isfinite(k)) {
          pt.far = true;
          if (!hi_inf_) pt.L = std::log((k + b_) / c0_);
        }
        pt.k = k;
        return pt;
      }
      double k = std::floor(x + 0.5);
      if (k < cont_lo_d_) k = cont_lo_d_;
      if (!hi_inf_ && k > hi_d_) k = hi_d_;
      if (k - x <= s_ || u >= H(k + 0.5) - h(k)) {
        pt.k = k;
        return pt;
      }
    }
  }
  double h(double x) const { return std::pow(x + b_, -a_); }
  double H(double x) const;      // int_{cont_lo}^{x} h, relative to c0 = cont_lo + b
  double H_inv(double y) const { return c0_ * std::exp(H_inv_log(y)) - b_; }
  double H_inv_log(double y) const;  // log((H^{-1}(y) + b) / c0)

  const World* world_;
  bool uniform_ = false, single_ = false, hi_inf_ = false;
  Rank lo_, hi_, cont_lo_, peel_rank_ = 0;
  double a_, b_, t_, c0_, c0t_, cont_lo_d_, hi_d_;
  double hx1_ = 0, hN_ = 0, s_ = 0, peel_prob_ = 0, log_c0_ = 0, accept_all_ = 0;
};

}  // namespace pacsim
