// Unit tests for theory/euler_maclaurin (euler_maclaurin_corrections) and the jet
// arithmetic of theory/jet.hpp it is fed with.
//
//  - Power sums: with the jet of f(x) = x^-s built by theory's own functions
//    (exp(-s log_shifted(x0, 0))), integral + corrections must reproduce
//    sum_{r=n}^{m} r^-s for n >= 32 (the range world.cpp uses the formula on).
//    Reference: direct sums of powl(r, -s), long double, Neumaier-compensated
//    (tests/support.hpp), exact to ~1e-18; the integral is computed here in long
//    double (expm1l / logl: no cancellation for s near 1). Tolerance: relative
//    1e-15. The formula's remainder with six Bernoulli terms from n >= 32 is below
//    1e-17 relative for s <= 6; what is left is double rounding of the
//    corrections, which are at most ~s/(2n) of the sum.
//  - Infinite tails (at_m = nullptr): sum_{r>=n} r^-s against Boost.Math's zeta(s)
//    (long double) minus the direct head sum_{r<n} r^-s. Tolerance: relative 1e-15
//    plus the reference's own error, 16 long-double ulps of zeta(s) (Boost's zeta
//    and the head are each within a few ulps) divided by the tail: the
//    subtraction zeta - head amplifies them by zeta / tail. The cases are chosen
//    so that this extra term stays below 1e-15 (checked with REQUIRE).
//  - Polynomials: the formula with six terms is exact for any polynomial of degree
//    <= 11 (the remainder involves f^(12) or f^(13), both 0 here; in fact exact up
//    to degree 13). The exact corrections sum - integral are computed in 128-bit
//    integers over the common denominator lcm(1..15); the code's corrections must
//    match within 1e-14 of the sum of the absolute values of its terms (at most
//    ~30 roundings of relative 2^-53 each: Horner's jet products, the Bernoulli
//    fractions, the final sum). Degree 14 is the first the formula misses: by
//    exactly the next term, B_14/14 (t_13(m) - t_13(n)) = (7/6)(m - n).
//  - Jet arithmetic: exp, expm1, log1p, log_shifted, products and the linear
//    operations against closed-form Taylor coefficients, relative 1e-14 (each
//    coefficient of order k <= 13 is a recurrence of at most k terms, a few
//    roundings each); products of integer polynomials are exact.
#include <catch2/catch.hpp>

#include "tests/support.hpp"

#include <boost/math/special_functions/zeta.hpp>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "theory/euler_maclaurin.hpp"
#include "theory/jet.hpp"

using pacsim::Jet;
using pacsim::kJetOrder;

namespace {

// B_2 .. B_14 as exact fractions (the code keeps B_2 .. B_12).
constexpr double kB[] = {1.0 / 6, -1.0 / 30, 1.0 / 42, -1.0 / 30, 5.0 / 66, -691.0 / 2730, 7.0 / 6};

// The jet of x at x0: x0 + eps.
Jet identity_jet(double x0) {
  Jet x;
  x.c[0] = x0;
  x.c[1] = 1;
  return x;
}

// The jet of x^-s at x0 > 0, as theory builds it (world.cpp's power_jet, e = 0).
Jet power_jet(double x0, double s) { return pacsim::exp((-s) * pacsim::log_shifted(x0, 0.0)); }

// sum_{r=lo}^{hi} r^-s in long double, smallest terms first, compensated.
long double direct_sum(std::uint64_t lo, std::uint64_t hi, double s) {
  pacsim::test::Acc acc;
  for (std::uint64_t r = hi + 1; r-- > lo;) acc.add(std::pow(static_cast<long double>(r), -static_cast<long double>(s)));
  return acc.value();
}

// int_n^m x^-s dx in long double.
long double power_integral(double n, double m, double s) {
  const long double ln = static_cast<long double>(n), lm = static_cast<long double>(m);
  const long double t = 1.0L - static_cast<long double>(s);
  const long double d = std::log(lm / ln);
  if (t == 0) return d;
  return std::pow(ln, t) * std::expm1(t * d) / t;
}

double rel(long double got, long double want) { return static_cast<double>(std::fabs((got - want) / want)); }

__extension__ using i128 = __int128;

i128 ipow(i128 x, int k) {
  i128 r = 1;
  for (int i = 0; i < k; ++i) r *= x;
  return r;
}

}  // namespace

// ---------------------------------------------------------------------------
// Power sums
// ---------------------------------------------------------------------------

TEST_CASE("euler_maclaurin: integral plus corrections reproduces finite power sums", "[theory][euler_maclaurin]") {
  struct Range {
    std::uint64_t n, m;
  };
  const std::vector<Range> ranges = {{32, 32 + 64}, {32, 1000}, {33, 33 + 100}, {100, 100000},
                                     {1000, 1000 + 1000}, {32, 1 << 20}, {5000, 5000 + 64}};
  for (const double s : {0.0, 0.5, 0.999, 1.0, 1.001, 1.5, 2.0, 3.5, 6.0}) {
    for (const Range& rg : ranges) {
      const double n = static_cast<double>(rg.n), m = static_cast<double>(rg.m);
      const Jet jn = power_jet(n, s), jm = power_jet(m, s);
      const double corr = pacsim::euler_maclaurin_corrections(jn, &jm);
      const long double got = power_integral(n, m, s) + static_cast<long double>(corr);
      const long double want = direct_sum(rg.n, rg.m, s);
      INFO("s=" << s << " n=" << rg.n << " m=" << rg.m << ": got " << static_cast<double>(got) << " want "
                << static_cast<double>(want) << " rel " << rel(got, want));
      CHECK(rel(got, want) <= 1e-15);
    }
  }
}

TEST_CASE("euler_maclaurin: s = 0 gives the count of terms exactly", "[theory][euler_maclaurin]") {
  // f = 1: integral m - n, corrections (1 + 1)/2 = 1 and every derivative 0.
  for (const double n : {32.0, 1000.0, 1e9}) {
    const double m = n + 12345;
    const Jet jn = power_jet(n, 0.0), jm = power_jet(m, 0.0);
    CHECK(pacsim::euler_maclaurin_corrections(jn, &jm) == 1.0);
    CHECK(pacsim::euler_maclaurin_corrections(jn, nullptr) == 0.5);
  }
}

TEST_CASE("euler_maclaurin: infinite tails against zeta minus the head", "[theory][euler_maclaurin]") {
  // sum_{r>=n} r^-s = int_n^inf x^-s dx + corrections(jet at n, nullptr)
  //                 = n^(1-s)/(s-1) + ...
  struct Case {
    double s;
    std::uint64_t n;
  };
  const std::vector<Case> cases = {{1.001, 32}, {1.001, 1000}, {1.01, 32},  {1.01, 100}, {1.1, 32},
                                   {1.1, 1000}, {1.5, 32},     {1.5, 100},  {1.5, 1000}, {2.0, 32},
                                   {2.0, 100},  {2.0, 200},    {2.5, 32}};
  for (const Case& c : cases) {
    const long double zeta = boost::math::zeta(static_cast<long double>(c.s));
    const long double head = direct_sum(1, c.n - 1, c.s);
    const long double want = zeta - head;
    const double ref_err = static_cast<double>(16 * LDBL_EPSILON * zeta / want);
    INFO("s=" << c.s << " n=" << c.n << " zeta " << static_cast<double>(zeta) << " tail " << static_cast<double>(want)
              << " reference error " << ref_err);
    REQUIRE(ref_err <= 1e-15);
    const double n = static_cast<double>(c.n);
    const long double integral =
        std::pow(static_cast<long double>(n), 1.0L - c.s) / (static_cast<long double>(c.s) - 1.0L);
    const long double got = integral + pacsim::euler_maclaurin_corrections(power_jet(n, c.s), nullptr);
    INFO("got " << static_cast<double>(got) << " rel " << rel(got, want));
    CHECK(rel(got, want) <= 1e-15 + ref_err);
  }
}

// ---------------------------------------------------------------------------
// Polynomials: exact
// ---------------------------------------------------------------------------

namespace {

// Integer coefficients a_0 .. a_d, all positive (no cancellation inside the jets).
std::vector<std::int64_t> poly(int d) {
  std::vector<std::int64_t> a(static_cast<std::size_t>(d) + 1);
  for (int k = 0; k <= d; ++k) a[static_cast<std::size_t>(k)] = 1 + (3 * k + 1) % 5;
  return a;
}

// The jet of the polynomial at x0 by Horner's rule on jets (products and sums).
Jet poly_jet(const std::vector<std::int64_t>& a, double x0) {
  const Jet x = identity_jet(x0);
  Jet p = Jet::constant(static_cast<double>(a.back()));
  for (std::size_t k = a.size() - 1; k-- > 0;) p = static_cast<double>(a[k]) + p * x;
  return p;
}

// C(k, j), exact.
i128 binom(int k, int j) {
  i128 r = 1;
  for (int i = 1; i <= j; ++i) r = r * (k - j + i) / i;
  return r;
}

// t_j(x) = f^(j)(x) / j! = sum_k a_k C(k, j) x^(k-j), exact.
i128 taylor(const std::vector<std::int64_t>& a, int j, std::int64_t x) {
  i128 t = 0;
  for (int k = j; k < static_cast<int>(a.size()); ++k) t += a[static_cast<std::size_t>(k)] * binom(k, j) * ipow(x, k - j);
  return t;
}

struct Exact {
  long double corrections;  // sum_{r=n}^{m} f(r) - int_n^m f, exact to long double rounding
  long double scale;        // sum of |terms| of the formula with six Bernoulli terms
  long double next_term;    // B_14/14 (t_13(m) - t_13(n)), the first term the code omits
};

Exact exact(const std::vector<std::int64_t>& a, std::int64_t n, std::int64_t m) {
  constexpr std::int64_t L = 360360;  // lcm(1..15): every 1/(k+1) of the integral, k <= 14
  i128 sum = 0;
  for (std::int64_t r = n; r <= m; ++r)
    for (std::size_t k = 0; k < a.size(); ++k) sum += a[k] * ipow(r, static_cast<int>(k));
  i128 integral_L = 0;  // L * int_n^m f
  for (std::size_t k = 0; k < a.size(); ++k) {
    const int e = static_cast<int>(k) + 1;
    integral_L += a[k] * (ipow(m, e) - ipow(n, e)) * (L / e);
  }
  Exact ex;
  ex.corrections = static_cast<long double>(sum * L - integral_L) / L;
  ex.scale = 0.5L * (static_cast<long double>(taylor(a, 0, n)) + static_cast<long double>(taylor(a, 0, m)));
  for (int j = 1; j <= 6; ++j)
    ex.scale += std::fabs(static_cast<long double>(kB[j - 1]) / (2 * j)) *
                (std::fabs(static_cast<long double>(taylor(a, 2 * j - 1, m))) +
                 std::fabs(static_cast<long double>(taylor(a, 2 * j - 1, n))));
  ex.next_term = 7.0L / 6 / 14 * static_cast<long double>(taylor(a, 13, m) - taylor(a, 13, n));
  return ex;
}

}  // namespace

TEST_CASE("euler_maclaurin: exact for polynomials of degree up to 11 (and 13)", "[theory][euler_maclaurin]") {
  struct Range {
    std::int64_t n, m;
  };
  const std::vector<Range> ranges = {{0, 0}, {0, 1}, {1, 2}, {0, 7}, {5, 25}, {32, 52}, {3, 3}};
  for (int d = 0; d <= 13; ++d) {
    const auto a = poly(d);
    for (const Range& rg : ranges) {
      const Jet jn = poly_jet(a, static_cast<double>(rg.n)), jm = poly_jet(a, static_cast<double>(rg.m));
      // The jets themselves: t_j exactly (integers; exact in double below 2^53).
      const Exact ex = exact(a, rg.n, rg.m);
      const double corr = pacsim::euler_maclaurin_corrections(jn, &jm);
      INFO("degree " << d << " n=" << rg.n << " m=" << rg.m << ": got " << corr << " exact "
                     << static_cast<double>(ex.corrections) << " scale " << static_cast<double>(ex.scale));
      CHECK(std::fabs(static_cast<long double>(corr) - ex.corrections) <= 1e-14L * ex.scale);
    }
  }
}

TEST_CASE("euler_maclaurin: degree 14 is missed by exactly the B_14 term", "[theory][euler_maclaurin]") {
  // f = x^14: t_13 = 14 x, so the omitted term is (7/6)/14 * 14 (m - n) = (7/6)(m - n).
  std::vector<std::int64_t> a(15, 0);
  a[14] = 1;
  const std::vector<std::pair<std::int64_t, std::int64_t>> ranges = {{0, 2}, {1, 3}, {2, 5}, {0, 4}};
  for (const auto& rg : ranges) {
    const Jet jn = poly_jet(a, static_cast<double>(rg.first)), jm = poly_jet(a, static_cast<double>(rg.second));
    const Exact ex = exact(a, rg.first, rg.second);
    REQUIRE(std::fabs(ex.next_term - 7.0L / 6 * static_cast<long double>(rg.second - rg.first)) <= 1e-15L);
    const double corr = pacsim::euler_maclaurin_corrections(jn, &jm);
    const long double missed = ex.corrections - corr;
    INFO("n=" << rg.first << " m=" << rg.second << ": sum - integral - corrections " << static_cast<double>(missed)
              << ", expected " << static_cast<double>(ex.next_term) << " (scale " << static_cast<double>(ex.scale)
              << ")");
    CHECK(std::fabs(missed - ex.next_term) <= 1e-14L * ex.scale);
  }
}

TEST_CASE("euler_maclaurin: only the odd coefficients 1..11 and the values enter", "[theory][euler_maclaurin]") {
  // corrections = (c0(n) + c0(m))/2 + sum_j B_2j/(2j) (c_{2j-1}(m) - c_{2j-1}(n)): a jet
  // with a single 1 at position k gives exactly that term (one product, one sum).
  for (int k = 0; k <= kJetOrder; ++k) {
    Jet e;
    e.c[k] = 1.0;
    const Jet zero;
    const double at_n_only = pacsim::euler_maclaurin_corrections(e, &zero);
    const double at_m_only = pacsim::euler_maclaurin_corrections(zero, &e);
    const double tail = pacsim::euler_maclaurin_corrections(e, nullptr);
    double want_m = 0;
    if (k == 0) want_m = 0.5;
    else if (k % 2 == 1 && k <= 11) want_m = kB[(k + 1) / 2 - 1] / (k + 1);
    const double want_n = k == 0 ? 0.5 : -want_m;
    INFO("k=" << k);
    CHECK(at_m_only == want_m);
    CHECK(at_n_only == want_n);
    CHECK(tail == want_n);
  }
}

// ---------------------------------------------------------------------------
// Jet arithmetic
// ---------------------------------------------------------------------------

namespace {

bool close(double got, double want, double tol = 1e-14) {
  return std::fabs(got - want) <= tol * std::fabs(want) || (want == 0 && got == 0);
}

std::string jet_str(const Jet& j) {
  std::string s;
  for (double v : j.c) s += std::to_string(v) + " ";
  return s;
}

}  // namespace

TEST_CASE("jet: constant, value and the linear operations", "[theory][euler_maclaurin]") {
  const Jet c = Jet::constant(2.5);
  CHECK(c.value() == 2.5);
  for (int k = 1; k <= kJetOrder; ++k) CHECK(c.c[k] == 0.0);
  Jet a, b;
  for (int k = 0; k <= kJetOrder; ++k) {
    a.c[k] = k + 1;
    b.c[k] = 10 * k;
  }
  const Jet sum = a + b, diff = a - b, scaled = 3.0 * a, shifted = 4.0 + a;
  for (int k = 0; k <= kJetOrder; ++k) {
    INFO("k=" << k);
    CHECK(sum.c[k] == (k + 1) + 10 * k);
    CHECK(diff.c[k] == (k + 1) - 10 * k);
    CHECK(scaled.c[k] == 3 * (k + 1));
    CHECK(shifted.c[k] == (k == 0 ? 5 : k + 1));
  }
}

TEST_CASE("jet: products are truncated Cauchy products", "[theory][euler_maclaurin]") {
  // (1 + eps)^14 truncated at order 13: C(14, k) for k <= 13 (exact integers).
  const Jet one_plus = identity_jet(1.0);
  Jet p = Jet::constant(1.0);
  for (int i = 0; i < 14; ++i) p = p * one_plus;
  for (int k = 0; k <= kJetOrder; ++k) {
    INFO("k=" << k);
    CHECK(p.c[k] == static_cast<double>(binom(14, k)));
  }
  // (1 + eps)(1 - eps) = 1 - eps^2.
  Jet one_minus = identity_jet(1.0);
  one_minus.c[1] = -1;
  const Jet q = one_plus * one_minus;
  for (int k = 0; k <= kJetOrder; ++k) CHECK(q.c[k] == (k == 0 ? 1.0 : k == 2 ? -1.0 : 0.0));
  // exp(a x) exp(b x) = exp((a + b) x) at x0 = 0.7, relative 1e-14 (a, b > 0: every
  // term of the Cauchy product is positive, so no cancellation amplifies rounding).
  const Jet x = identity_jet(0.7);
  const Jet lhs = pacsim::exp(1.5 * x) * pacsim::exp(0.4 * x), rhs = pacsim::exp(1.9 * x);
  for (int k = 0; k <= kJetOrder; ++k) {
    INFO("k=" << k << " lhs " << jet_str(lhs) << "\nrhs " << jet_str(rhs));
    CHECK(close(lhs.c[k], rhs.c[k]));
  }
}

TEST_CASE("jet: exp and expm1 have the Taylor coefficients e^x0 / k!", "[theory][euler_maclaurin]") {
  for (const double x0 : {-2.0, 0.0, 0.5, 3.0}) {
    const Jet e = pacsim::exp(identity_jet(x0));
    double fact = 1;
    for (int k = 0; k <= kJetOrder; ++k) {
      if (k > 0) fact *= k;
      INFO("x0=" << x0 << " k=" << k << ": " << e.c[k] << " vs " << std::exp(x0) / fact);
      CHECK(close(e.c[k], std::exp(x0) / fact));
    }
    // exp(c x) at x0: c^k e^(c x0) / k!.
    const Jet e3 = pacsim::exp(-3.0 * identity_jet(x0));
    fact = 1;
    for (int k = 0; k <= kJetOrder; ++k) {
      if (k > 0) fact *= k;
      CHECK(close(e3.c[k], std::pow(-3.0, k) * std::exp(-3 * x0) / fact));
    }
  }
  // expm1 keeps the precision of a tiny constant term; the rest is exp's.
  for (const double w0 : {1e-10, -1e-12, 0.0, 2.0}) {
    const Jet w = identity_jet(w0);
    const Jet m = pacsim::expm1(w), e = pacsim::exp(w);
    CHECK(m.c[0] == std::expm1(w0));
    for (int k = 1; k <= kJetOrder; ++k) CHECK(m.c[k] == e.c[k]);
  }
}

TEST_CASE("jet: log1p and log_shifted have the coefficients (-1)^(k+1) / (k u^k)", "[theory][euler_maclaurin]") {
  for (const double t0 : {0.0, 0.5, -0.5, 3.0, 1e-9}) {
    const Jet w = pacsim::log1p(identity_jet(t0));
    CHECK(w.c[0] == std::log1p(t0));
    const double u = 1 + t0;
    for (int k = 1; k <= kJetOrder; ++k) {
      const double want = ((k % 2) ? 1.0 : -1.0) / (k * std::pow(u, k));
      INFO("t0=" << t0 << " k=" << k << ": " << w.c[k] << " vs " << want);
      CHECK(close(w.c[k], want));
    }
  }
  // log1p of a composite jet: log1p(expm1(x)) = x, around x0 = 0.3 and 0.
  for (const double x0 : {0.3, 0.0}) {
    const Jet back = pacsim::log1p(pacsim::expm1(identity_jet(x0)));
    CHECK(close(back.c[0], x0));
    CHECK(close(back.c[1], 1.0));
    for (int k = 2; k <= kJetOrder; ++k) {
      INFO("x0=" << x0 << " k=" << k);
      CHECK(std::fabs(back.c[k]) <= 1e-14);
    }
  }
  // log_shifted(x0, b) = log(x + b) at x0: the same series with u = x0 + b.
  const std::vector<std::pair<double, double>> points = {{32, 0}, {1, -0.5}, {1000, 2.5}};
  for (const auto& xb : points) {
    const Jet l = pacsim::log_shifted(xb.first, xb.second);
    const double u = xb.first + xb.second;
    CHECK(l.c[0] == std::log(u));
    for (int k = 1; k <= kJetOrder; ++k)
      CHECK(close(l.c[k], ((k % 2) ? 1.0 : -1.0) / (k * std::pow(u, k))));
    // exp(log(x + b)) = u + eps.
    const Jet back = pacsim::exp(l);
    CHECK(close(back.c[0], u));
    CHECK(close(back.c[1], 1.0));
    for (int k = 2; k <= kJetOrder; ++k) CHECK(std::fabs(back.c[k]) <= 1e-14 * u);
  }
}

TEST_CASE("jet: x^-s from exp(-s log x) has the binomial-series coefficients", "[theory][euler_maclaurin]") {
  // (x0 + eps)^-s = x0^-s sum_k C(-s, k) (eps / x0)^k.
  for (const double s : {0.5, 1.0, 2.0, 3.5, 6.0}) {
    for (const double x0 : {1.0, 32.0, 1e6}) {
      const Jet j = power_jet(x0, s);
      double coef = std::pow(x0, -s);
      for (int k = 0; k <= kJetOrder; ++k) {
        INFO("s=" << s << " x0=" << x0 << " k=" << k << ": " << j.c[k] << " vs " << coef);
        CHECK(close(j.c[k], coef));
        coef *= (-s - k) / ((k + 1) * x0);
      }
    }
  }
}
