// Rejection-inversion tail sampler; see tail_sampler.hpp. With t = 1 - a and
// L = log((x+b)/c0): H(x) = c0^t L expm1(tL)/(tL), H^{-1}(y) = c0 e^{w log1p(tw)/(tw)} - b
// with w = y / c0^t.
#include "sim/sampling/tail_sampler.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace pacsim {

ZipfTailSampler::ZipfTailSampler(const World& world, Rank lo)
    : world_(&world), lo_(lo), hi_(world.M()), cont_lo_(lo), a_(world.a()), b_(world.b()) {
  if (lo < 1 || lo > world.M()) throw std::logic_error("ZipfTailSampler: lo out of range");
  hi_inf_ = world.infinite();
  hi_d_ = static_cast<double>(hi_);
  if (a_ == 0) {
    uniform_ = true;
    return;
  }
  // The hat needs x + b >= 1/2 at x = lo - 1/2 (so H^{-1} stays in the domain); when
  // lo + b < 1 rank lo is drawn separately with its exact probability.
  if (static_cast<double>(lo) + b_ < 1.0) {
    if (lo == hi_) {
      single_ = true;
      cont_lo_d_ = static_cast<double>(lo);
      return;
    }
    const double w_lo = h(static_cast<double>(lo));
    const double w_rest = world.power_sum(lo + 1, hi_, a_, 0);
    peel_prob_ = w_lo / (w_lo + w_rest);
    peel_rank_ = lo;
    cont_lo_ = lo + 1;
  }
  cont_lo_d_ = static_cast<double>(cont_lo_);
  if (!hi_inf_ && cont_lo_ == hi_) {
    single_ = true;
    return;
  }
  t_ = 1.0 - a_;
  c0_ = cont_lo_d_ + b_;
  c0t_ = std::pow(c0_, t_);
  log_c0_ = std::log(c0_);
  accept_all_ = std::max(1073741824.0, a_ * 67108864.0);  // max(2^30, a 2^26)
  hx1_ = H(cont_lo_d_ + 0.5) - h(cont_lo_d_);
  hN_ = hi_inf_ ? c0t_ / (a_ - 1.0) : H(hi_d_ + 0.5);
  s_ = cont_lo_d_ + 1.0 - H_inv(H(cont_lo_d_ + 1.5) - h(cont_lo_d_ + 1.0));
}

double ZipfTailSampler::H(double x) const {
  const double L = std::log((x + b_) / c0_);
  return c0t_ * L * expm1_over_x(t_ * L);
}

double ZipfTailSampler::H_inv_log(double y) const {
  const double w = y / c0t_;
  return w * log1p_over_x(t_ * w);
}

}  // namespace pacsim
