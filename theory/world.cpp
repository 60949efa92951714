// Zipf–Mandelbrot world; see world.hpp. The closed forms: with v = log(x+b) and
// t = 1-s, int (x+b)^(-s) dx = int e^(t v) dv and int (x+b)^(-s) log(x+b) dx =
// int v e^(t v) dv, written with expm1-type helpers so they stay exact as s -> 1.
#include "theory/world.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "theory/euler_maclaurin.hpp"
#include "theory/jet.hpp"

namespace pacsim {

double expm1_over_x(double x) { return x == 0 ? 1.0 : std::expm1(x) / x; }

double log1p_over_x(double x) { return x == 0 ? 1.0 : std::log1p(x) / x; }

double exp_x_minus_one_over_x2(double x) {
  if (std::fabs(x) < 0.5) {
    // sum_{n>=0} x^n (n+1)/(n+2)!; the closed form below loses digits to
    // cancellation for small |x|. 22 terms reach 1e-17 at |x| = 0.5.
    double term = 0.5, sum = 0.0, fact = 2.0;  // (n+2)!
    double xn = 1.0;
    for (int n = 0; n < 22; ++n) {
      term = xn * (n + 1) / fact;
      sum += term;
      xn *= x;
      fact *= (n + 3);
    }
    return sum;
  }
  return (std::exp(x) * (x - 1.0) + 1.0) / (x * x);
}

namespace {

// Ranks summed term by term before Euler–Maclaurin takes over; the formula then
// starts at n + b >= max(kEmStart, 3 s), where its remainder is negligible (its
// terms scale like ((s + j) / (n + b))^j).
constexpr double kEmStart = 32.0;
constexpr Rank kDirectRange = 64;
// A steep sum (s > kEmStart / 3) stops adding terms once what is left is at most
// this fraction of the sum of |terms| so far: below double precision's resolution.
constexpr double kNegligible = 1e-17;

double term(double r, double b, double s, int e) {
  const double u = r + b;
  const double w = std::pow(u, -s);
  return e ? w * std::log(u) : w;
}

// int_n^m (x+b)^(-s) log(x+b)^e dx with m = n + len, m may be +inf (then s > 1).
// The length is passed exactly (an integer) because n and m themselves may be
// beyond 2^53, where their difference is lost in double precision.
double power_integral(double n, double len, bool m_inf, double b, double s, int e) {
  const double t = 1.0 - s;
  const double vn = std::log(n + b);
  const double ebase = std::exp(t * vn);  // (n+b)^(1-s)
  if (m_inf) {
    const double ts = -t;  // s - 1 > 0
    return e ? ebase * (vn / ts + 1.0 / (ts * ts)) : ebase / ts;
  }
  const double delta = std::log1p(len / (n + b));
  const double x = t * delta;
  const double i0 = delta * expm1_over_x(x);
  if (!e) return ebase * i0;
  return ebase * (vn * i0 + delta * delta * exp_x_minus_one_over_x2(x));
}

Jet power_jet(double x0, double b, double s, int e) {
  const Jet L = log_shifted(x0, b);
  const Jet w = exp((-s) * L);
  return e ? w * L : w;
}

// head + sum_{r=n}^{hi} (r+b)^(-s) log(r+b)^e, the sum by Euler–Maclaurin (added
// to head as head + integral + corrections); hi may be kInfiniteM.
double add_euler_maclaurin(double head, Rank n, Rank hi, double b, double s, int e) {
  const bool hi_inf = hi == kInfiniteM;
  const double dn = static_cast<double>(n);
  const double integral =
      power_integral(dn, hi_inf ? 0.0 : static_cast<double>(hi - n), hi_inf, b, s, e);
  const Jet jn = power_jet(dn, b, s, e);
  if (hi_inf) return head + integral + euler_maclaurin_corrections(jn, nullptr);
  const Jet jm = power_jet(static_cast<double>(hi), b, s, e);
  return head + integral + euler_maclaurin_corrections(jn, &jm);
}

}  // namespace

World::World(double a, double b, Rank M) : a_(a), b_(b), M_(M) {
  if (!(a >= 0) || !std::isfinite(a)) throw std::invalid_argument("world: a=" + std::to_string(a) + " must be >= 0");
  if (!(b > -1) || !std::isfinite(b)) throw std::invalid_argument("world: b=" + std::to_string(b) + " must be > -1");
  if (M == 0 || (M != kInfiniteM && M > kMaxCount))
    throw std::invalid_argument("world: M=" + std::to_string(M) + " must be in 1..2^62 or inf");
  if (M == kInfiniteM && !(a > 1))
    throw std::invalid_argument("world: M=inf needs a > 1 (got a=" + std::to_string(a) + ")");
  Z_ = power_sum(1, M_, a_, 0);
  log_Z_ = std::log(Z_);
  // sum p log p = -a/Z sum (r+b)^(-a) log(r+b) - log Z
  sum_p_log_p_ = (a_ == 0 ? 0.0 : -a_ * power_sum(1, M_, a_, 1) / Z_) - log_Z_;
  // The weights (r+b)^(-a) must be representable: a large a with b near -1
  // overflows them, a huge b underflows them.
  const double w1 = weight(1.0);
  if (!std::isfinite(Z_) || !(Z_ > 0) || !std::isfinite(w1) || !(w1 > 0) || !std::isfinite(sum_p_log_p_))
    throw std::invalid_argument("world " + name() + ": the weights (r+b)^(-a) over- or underflow double precision");
  // The entropy lies in [0, log M]; the two terms above cancel when the weights are
  // nearly equal (b >> M), and their rounding must not carry it past log M or 0.
  const double log_M = infinite() ? INFINITY : std::log(static_cast<double>(M_));
  sum_p_log_p_ = std::clamp(sum_p_log_p_, -log_M, 0.0);
}

namespace {

// The shortest text that reads back as x (std::to_chars): 1.2, 5, 1e-07.
std::string shortest(double x) {
  char buf[64];
  const auto end = std::to_chars(buf, buf + sizeof buf, x).ptr;
  return std::string(buf, end);
}

}  // namespace

std::string World::name() const {
  return "zm:a=" + shortest(a_) + ",b=" + shortest(b_) + ",M=" + (infinite() ? std::string("inf") : std::to_string(M_));
}

double World::weight(double x) const { return std::pow(x + b_, -a_); }

double World::pmf(double r) const {
  if (r < 1 || (!infinite() && r > static_cast<double>(M_))) return 0.0;
  return std::pow(r + b_, -a_) / Z_;
}

double World::log_pmf(double r) const { return -a_ * std::log(r + b_) - log_Z_; }

// Masses lie in [0, 1]: a part of Z summed on its own (and divided by Z) may round
// past 1 when it is nearly all of Z.
double World::partial_mass(Rank r) const {
  if (r == 0) return 0.0;
  if (r >= M_) return 1.0;
  return std::clamp(power_sum(1, r, a_, 0) / Z_, 0.0, 1.0);
}

double World::tail_mass(Rank r) const {
  if (r >= M_) return 0.0;
  return std::clamp(power_sum(r + 1, M_, a_, 0) / Z_, 0.0, 1.0);
}

double World::power_sum(Rank lo, Rank hi, double s, int e) const { return sum_powers(lo, hi, s, e).value; }

std::uint64_t World::power_sum_terms(Rank lo, Rank hi, double s, int e) const {
  return sum_powers(lo, hi, s, e).terms;
}

World::PowerSum World::sum_powers(Rank lo, Rank hi, double s, int e) const {
  if (hi < lo) return {0.0, 0};
  const bool hi_inf = hi == kInfiniteM;
  const double b = b_;
  // Short ranges: term by term, smallest (last) terms first.
  if (!hi_inf && hi - lo < kDirectRange) {
    double sum = 0.0;
    for (Rank r = hi + 1; r-- > lo;) sum += term(static_cast<double>(r), b, s, e);
    return {sum, hi - lo + 1};
  }
  // Direct head until n + b >= em_start, then Euler–Maclaurin from n to hi.
  const double em_start = std::max(kEmStart, 3.0 * s);
  // A steep sum (em_start > kEmStart, so s > 1) may end early: once f(x) = (x+b)^(-s)
  // log(x+b)^e decreases beyond n (for e = 1 that needs n + b >= e^(1/s)), the
  // terms after n add up to at most int_n^inf f. While n + b + 1 <= 3 s each term is
  // at most e^(-s / (n + b + 1)) <= e^(-1/3) times the one before (times the slow
  // growth of log(x+b) for e = 1), so this ends after some hundred terms whatever s is.
  const bool steep = em_start > kEmStart;
  const double decreasing_from = e ? std::exp(1.0 / s) : 0.0;
  double head = 0.0, head_abs = 0.0;
  Rank n = lo;
  while (static_cast<double>(n) + b < em_start && (hi_inf || n <= hi)) {
    const double dn = static_cast<double>(n);
    const double t = term(dn, b, s, e);
    head += t;
    head_abs += std::fabs(t);
    ++n;
    if (steep && dn + b >= decreasing_from &&
        power_integral(dn, 0.0, true, b, s, e) <= kNegligible * head_abs)
      return {head, n - lo};
  }
  if (!hi_inf && n > hi) return {head, n - lo};
  return {add_euler_maclaurin(head, n, hi, b, s, e), n - lo};
}

}  // namespace pacsim
