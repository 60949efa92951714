// Unit tests for theory/expect.hpp: exact expectations of a corpus's
// statistics, no sampling.
//
// The references are independent re-implementations of the formulas in the header
// comment of expect.hpp, summed rank by rank:
//   E|S|  = sum_r 1 - (1-p_r)^D              Poisson: 1 - e^{-D p_r}
//   E V_m = sum_r C(D,m) p^m (1-p)^{D-m}     Poisson: e^{-D p} (D p)^m / m!
//   E missing mass = sum_r p (1-p)^D         Poisson: p e^{-D p}
//   Var_P|S| = sum_r e^{-D p} (1 - e^{-D p})
// For small worlds every operation is in long double; for the worlds of 1e6..2e7
// ranks (Euler–Maclaurin path of the code) each term is computed in double
// (relative error ~1e-16 per term, far below the 1e-9 tolerance) and accumulated in
// long double with compensation. Other references: brute-force enumeration of all
// multinomial outcomes for tiny worlds, closed forms of the uniform world, and the
// Karlin / Gnedin–Hansen–Pitman asymptote for infinite worlds.
#include <catch2/catch.hpp>

#include "tests/support.hpp"

#include <boost/math/special_functions/gamma.hpp>
#include <cmath>
#include <cstdint>
#include <functional>
#include <iomanip>
#include <string>
#include <vector>

#include "theory/expect.hpp"
#include "sim/input/numbers.hpp"
#include "theory/world.hpp"

using pacsim::Expectation;
using pacsim::expect;
using pacsim::kInfiniteM;
using pacsim::kMaxCount;
using pacsim::Rank;
using pacsim::SamplingMode;
using pacsim::World;

namespace {

using pacsim::test::Acc;

/// Reference expectations for one D, both modes.
struct Ref {
  double D = 0;
  long double U = 0, V[4] = {0, 0, 0, 0}, miss = 0;               // multinomial
  long double Up = 0, Vp[4] = {0, 0, 0, 0}, missp = 0, varp = 0;  // Poisson
};

// Plain long double sums: for <= 2e7 terms of one sign the rounding error is at most
// n * 5.4e-20 relative (1e-12), far below the tolerances; compensation would
// triple the run time of the big loops.
struct PlainAcc {
  long double sum = 0;
  void add(long double x) { sum += x; }
  long double value() const { return sum; }
};
struct RefAcc {
  PlainAcc U, V[4], miss, Up, Vp[4], missp, varp;
};

/// Direct sums over r = M..1 of the formulas above, for every D in Ds. T is the type
/// the per-rank transcendental functions are evaluated in (long double for the
/// small worlds, double for the big ones); sums are long double either way.
template <typename T>
std::vector<Ref> reference(double a, double b, Rank M, const std::vector<double>& Ds) {
  const auto weight = [&](Rank r) -> T { return std::pow(static_cast<T>(r) + static_cast<T>(b), static_cast<T>(-a)); };
  Acc z;
  for (Rank r = M; r >= 1; --r) z.add(weight(r));
  const long double Z = z.value();
  std::vector<RefAcc> acc(Ds.size());
  for (Rank r = M; r >= 1; --r) {
    const T p = static_cast<T>(weight(r) / Z);
    const T L = std::log1p(-p);  // log(1-p); -inf when p = 1
    for (std::size_t k = 0; k < Ds.size(); ++k) {
      const T D = static_cast<T>(Ds[k]);
      RefAcc& s = acc[k];
      // Multinomial. A = (1-p)^D; 1 - A through expm1 while A is near 1.
      const T DL = D * L;
      T A, U;
      if (DL > -0.3) {
        const T em = std::expm1(DL);
        U = -em;
        A = 1 + em;
      } else {
        A = std::exp(DL);
        U = 1 - A;
      }
      s.U.add(U);
      s.miss.add(p * A);
      if (p == 1) {  // M = 1: exactly D copies of rank 1
        for (int m = 1; m <= 3; ++m) s.V[m].add(Ds[k] == m ? 1 : 0);
      } else {
        // C(D,m) p^m (1-p)^(D-m) = A * prod_{i<m} (D-i)/(i+1) * x, x = p/(1-p).
        const T x = p / (1 - p);
        T t = A;
        for (int m = 1; m <= 3; ++m) {
          t *= (D - (m - 1)) / m * x;  // zero once m > D
          s.V[m].add(t);
        }
      }
      // Poisson, lambda = D p.
      const T lam = D * p;
      T e, Up;
      if (lam < 0.3) {
        const T em = std::expm1(-lam);
        Up = -em;
        e = 1 + em;
      } else {
        e = std::exp(-lam);
        Up = 1 - e;
      }
      s.Up.add(Up);
      s.missp.add(p * e);
      s.varp.add(e * Up);
      T t = e;
      for (int m = 1; m <= 3; ++m) {
        t *= lam / m;
        s.Vp[m].add(t);
      }
    }
  }
  std::vector<Ref> out(Ds.size());
  for (std::size_t k = 0; k < Ds.size(); ++k) {
    Ref& o = out[k];
    const RefAcc& s = acc[k];
    o.D = Ds[k];
    o.U = s.U.value();
    o.miss = s.miss.value();
    o.Up = s.Up.value();
    o.missp = s.missp.value();
    o.varp = s.varp.value();
    for (int m = 1; m <= 3; ++m) {
      o.V[m] = s.V[m].value();
      o.Vp[m] = s.Vp[m].value();
    }
  }
  return out;
}

/// |got - want| <= rel |want| + abs_tol, with a readable message.
void check_close(const std::string& what, double got, long double want, double rel, double abs_tol = 1e-280) {
  const long double diff = std::fabs(static_cast<long double>(got) - want);
  INFO(what << ": got " << std::setprecision(17) << got << ", want " << static_cast<double>(want)
            << ", |diff| " << static_cast<double>(diff) << ", allowed " << rel * static_cast<double>(std::fabs(want)) + abs_tol);
  CHECK(diff <= rel * std::fabs(want) + abs_tol);
}

/// Compare expect() in both modes against the reference.
void compare(const World& w, const Ref& ref, double rel) {
  const auto D = static_cast<std::uint64_t>(ref.D);
  const Expectation em = expect(w, D, SamplingMode::multinomial);
  const Expectation ep = expect(w, D, SamplingMode::poisson);
  INFO(w.name() << " D=" << D);
  check_close("multinomial E|S|", em.E_unique, ref.U, rel);
  check_close("multinomial E V_1", em.E_V[1], ref.V[1], rel);
  check_close("multinomial E V_2", em.E_V[2], ref.V[2], rel);
  check_close("multinomial E V_3", em.E_V[3], ref.V[3], rel);
  check_close("multinomial E missing", em.E_missing_mass, ref.miss, rel);
  check_close("poisson E|S|", ep.E_unique, ref.Up, rel);
  check_close("poisson E V_1", ep.E_V[1], ref.Vp[1], rel);
  check_close("poisson E V_2", ep.E_V[2], ref.Vp[2], rel);
  check_close("poisson E V_3", ep.E_V[3], ref.Vp[3], rel);
  check_close("poisson E missing", ep.E_missing_mass, ref.missp, rel);
  check_close("poisson Var|S|", ep.Var_unique, ref.varp, rel);
  CHECK(ep.var_method == "exact");
  // The multinomial Var|S| beyond M = 2048 is checked against exact pair sums in
  // the uniform and M = 2049 tests below; here only its sign.
  CHECK(em.Var_unique >= 0);
}

/// Brute force over all count vectors (c_1..c_M) summing to D, with multinomial
/// probabilities; calls f(counts, probability).
void enumerate_counts(const std::vector<long double>& p, int D,
                      const std::function<void(const std::vector<int>&, long double)>& f) {
  const int M = static_cast<int>(p.size());
  std::vector<int> c(M, 0);
  std::function<void(int, int)> rec = [&](int i, int left) {
    if (i == M - 1) {
      c[i] = left;
      long double logprob = std::lgamma(static_cast<long double>(D) + 1);
      long double prob = 1;
      for (int j = 0; j < M; ++j) {
        logprob -= std::lgamma(static_cast<long double>(c[j]) + 1);
        prob *= std::pow(p[j], static_cast<long double>(c[j]));
      }
      f(c, prob * std::exp(logprob));
      return;
    }
    for (int k = 0; k <= left; ++k) {
      c[i] = k;
      rec(i + 1, left - k);
    }
  };
  rec(0, D);
}

std::vector<long double> probabilities(const World& w) {
  std::vector<long double> wt(w.M());
  long double Z = 0;
  for (Rank r = 1; r <= w.M(); ++r) Z += wt[r - 1] = std::pow(static_cast<long double>(r) + w.b(), -static_cast<long double>(w.a()));
  for (auto& x : wt) x /= Z;
  return wt;
}

/// Exact multinomial Var|S| by the pair sum, long double, without the code's
/// expm1 rewriting: sum_r A_r (1 - A_r) + 2 sum_{r<s} [(1-p_r-p_s)^D - A_r A_s].
long double pair_sum_variance(const std::vector<long double>& p, long double D) {
  const std::size_t M = p.size();
  std::vector<long double> A(M);
  for (std::size_t r = 0; r < M; ++r) A[r] = std::exp(D * std::log1p(-p[r]));
  Acc v;
  for (std::size_t r = 0; r < M; ++r) {
    v.add(A[r] * (1 - A[r]));
    for (std::size_t s = r + 1; s < M; ++s) v.add(2 * (std::exp(D * std::log1p(-(p[r] + p[s]))) - A[r] * A[s]));
  }
  return v.value();
}

}  // namespace

// ---------------------------------------------------------------------------
// Direct path: M <= 2^20
// ---------------------------------------------------------------------------

TEST_CASE("theory/expect: direct path (M <= 2^20) against long double loops", "[theory][expect]") {
  struct W {
    double a, b;
    Rank M;
  };
  const std::vector<double> Ds = {1, 2, 3, 7, 10, 100, 1000, 1e4, 1e6, 1e9, 1e12, 4611686018427387904.0};
  for (const W ww : {W{0, 0, 1000}, W{0.5, 0, 1000}, W{1, 0, 4000}, W{1.2, -0.5, 300}, W{2, 2.5, 1000},
                     W{3, 0, 100}, W{1, -0.9, 50}, W{6, 0, 4096}, W{1.5, 0, 5}}) {
    const World w(ww.a, ww.b, ww.M);
    for (const Ref& ref : reference<long double>(ww.a, ww.b, ww.M, Ds)) compare(w, ref, 1e-10);
  }
  // The largest direct world, terms in double.
  const World big(1.0, 0.0, pacsim::kDirectSumMaxM);
  for (const Ref& ref : reference<double>(1.0, 0.0, pacsim::kDirectSumMaxM, {1e3, 1e12}))
    compare(big, ref, 1e-10);
}

// ---------------------------------------------------------------------------
// Euler–Maclaurin path: 2^20 < M < inf
// ---------------------------------------------------------------------------

TEST_CASE("theory/expect: Euler-Maclaurin path (M > 2^20) against direct loops", "[theory][expect]") {
  // (The reference costs ~0.1 us per rank and D, so the grid is kept small.)
  const std::vector<double> Ds = {10, 1e6, 1e12};
  for (const double a : {0.5, 1.0, 1.2, 2.0, 3.0}) {
    const Rank M = 2000000;
    const World w(a, 0.0, M);
    for (const Ref& ref : reference<double>(a, 0.0, M, Ds)) compare(w, ref, 1e-9);
  }
  // Just above the switch, with b != 0.
  const Rank M1 = pacsim::kDirectSumMaxM + 1;
  const World w1(1.0, -0.5, M1), w2(2.0, 2.5, M1);
  for (const Ref& ref : reference<double>(1.0, -0.5, M1, {3, 1e3, 1e10})) compare(w1, ref, 1e-9);
  for (const Ref& ref : reference<double>(2.0, 2.5, M1, {3, 1e4, 1e8})) compare(w2, ref, 1e-9);
}

TEST_CASE("theory/expect: Euler-Maclaurin path, M = 2e7", "[theory][expect]") {
  const Rank M = 20000000;
  const World w(1.2, 0.0, M);
  for (const Ref& ref : reference<double>(1.2, 0.0, M, {1e8})) compare(w, ref, 1e-9);
}

// ---------------------------------------------------------------------------
// Uniform worlds: closed forms
// ---------------------------------------------------------------------------

TEST_CASE("theory/expect: uniform world closed forms", "[theory][expect]") {
  // With q = 1/M and lambda = D/M:
  //   E|S| = M (1 - (1-q)^D),  E V_m = M C(D,m) q^m (1-q)^(D-m),  E missing = (1-q)^D;
  //   Poisson: M (1 - e^-lambda), M e^-lambda lambda^m/m!, e^-lambda; Var_P = M e^-l (1 - e^-l);
  //   exact multinomial Var|S| = M A (1 - A) + M (M-1) (B - A^2), A = (1-q)^D,
  //   B = (1-2q)^D, with B - A^2 = A^2 expm1(D log1p(-1/(M-1)^2)) since
  //   (1-2q)/(1-q)^2 = 1 - 1/(M-1)^2.
  const std::vector<Rank> Ms = {2, 10, 1000, 2048, 2049, Rank{1} << 20, (Rank{1} << 20) + 1, 3000000,
                                1000000000, Rank{1} << 40, kMaxCount};
  for (const Rank M : Ms) {
    const World w(0.0, 0.0, M);
    const long double Ml = static_cast<long double>(M);
    const double rel = M <= pacsim::kDirectSumMaxM ? 1e-10 : 1e-9;
    std::vector<long double> Ds = {1, 2, 3, 10, std::floor(Ml / 2), Ml, 10 * Ml, 4611686018427387904.0L};
    if (M == pacsim::kDirectSumMaxM) Ds = {10, Ml};  // the largest direct world is slow (~0.3 s a call)
    for (const long double D : Ds) {
      if (D > 4611686018427387904.0L) continue;
      const auto Di = static_cast<std::uint64_t>(D);
      const Expectation em = expect(w, Di, SamplingMode::multinomial);
      const Expectation ep = expect(w, Di, SamplingMode::poisson);
      INFO("uniform M=" << M << " D=" << Di);
      const long double lq = std::log1p(-1 / Ml);  // log(1 - 1/M)
      const long double A = std::exp(D * lq);
      const long double lam = D / Ml;
      const long double e = std::exp(-lam);
      check_close("E|S|", em.E_unique, -Ml * std::expm1(D * lq), rel);
      check_close("E missing", em.E_missing_mass, A, rel);
      check_close("poisson E|S|", ep.E_unique, -Ml * std::expm1(-lam), rel);
      check_close("poisson E missing", ep.E_missing_mass, e, rel);
      const long double varp = Ml * e * -std::expm1(-lam);
      check_close("poisson Var|S|", ep.Var_unique, varp, rel);
      long double fall = 1;  // D (D-1) ... (D-m+1) / m!
      for (int m = 1; m <= 3; ++m) {
        fall *= (D - (m - 1)) / m;
        const long double vm = m > D ? 0 : Ml * fall * std::exp(-m * std::log(Ml) + (D - m) * lq);
        const long double vp = Ml * e * std::exp(m * std::log(lam) - std::lgamma(m + 1.0L));
        check_close("E V_" + std::to_string(m), em.E_V[m], vm, rel);
        check_close("poisson E V_" + std::to_string(m), ep.E_V[m], vp, rel);
      }
      const long double BmA2 = A * A * std::expm1(D * std::log1p(-1 / ((Ml - 1) * (Ml - 1))));
      const long double var = Ml * A * (1 - A) + Ml * (Ml - 1) * BmA2;
      if (M <= pacsim::kExactVarianceMaxM) {
        CHECK(em.var_method == "exact");
        check_close("exact multinomial Var|S|", em.Var_unique, var, 1e-10, 1e-12);
      } else {
        // Pairs beyond rank 2048 to first order in D q, q = 1/(M-1)^2: relative error
        // of those pair terms ~ D q / 2; the bound is taken against the size of the
        // two parts of the variance, which can cancel.
        CHECK(em.var_method == "pairs-first-order");
        const long double scale = Ml * A * (1 - A) + std::fabs(Ml * (Ml - 1) * BmA2);
        const double tol = static_cast<double>(scale) * (1e-9 + static_cast<double>(D / ((Ml - 1) * (Ml - 1))));
        check_close("pairs-first-order Var|S|", em.Var_unique, var, 0, tol + 1e-12);
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Exact multinomial variance
// ---------------------------------------------------------------------------

TEST_CASE("theory/expect: tiny worlds against brute-force enumeration of all multinomial outcomes",
          "[theory][expect]") {
  for (const Rank M : {Rank{1}, Rank{2}, Rank{3}, Rank{4}}) {
    for (const double a : {0.0, 0.7, 1.0, 2.5}) {
      for (const double b : {0.0, 0.37, -0.5}) {
        const World w(a, b, M);
        const std::vector<long double> p = probabilities(w);
        for (int D = 1; D <= 8; ++D) {
          long double ES = 0, ES2 = 0, EV[4] = {0, 0, 0, 0}, Emiss = 0, total = 0;
          enumerate_counts(p, D, [&](const std::vector<int>& c, long double prob) {
            int S = 0, V[4] = {0, 0, 0, 0};
            long double miss = 0;
            for (std::size_t r = 0; r < c.size(); ++r) {
              if (c[r] > 0) ++S;
              else miss += p[r];
              if (c[r] >= 1 && c[r] <= 3) ++V[c[r]];
            }
            total += prob;
            ES += prob * S;
            ES2 += prob * S * S;
            for (int m = 1; m <= 3; ++m) EV[m] += prob * V[m];
            Emiss += prob * miss;
          });
          const Expectation e = expect(w, static_cast<std::uint64_t>(D), SamplingMode::multinomial);
          INFO(w.name() << " D=" << D);
          check_close("total probability", 1.0, total, 1e-15);
          check_close("E|S|", e.E_unique, ES, 1e-12, 1e-15);
          check_close("Var|S|", e.Var_unique, ES2 - ES * ES, 1e-10, 1e-13);
          CHECK(e.var_method == "exact");
          for (int m = 1; m <= 3; ++m) check_close("E V_" + std::to_string(m), e.E_V[m], EV[m], 1e-12, 1e-15);
          check_close("E missing", e.E_missing_mass, Emiss, 1e-12, 1e-15);
        }
      }
    }
  }
}

TEST_CASE("theory/expect: M = 1 and M = 2 closed forms for any D", "[theory][expect]") {
  // M = 1: |S| = 1 always, V_m = [D == m], no missing mass; Poisson: |S| ~ Bernoulli(1 - e^-D).
  const World one(1.3, 0.2, 1);
  for (const double D : {1.0, 2.0, 3.0, 5.0, 1e12}) {
    const auto Di = static_cast<std::uint64_t>(D);
    const Expectation e = expect(one, Di, SamplingMode::multinomial);
    INFO("M=1 D=" << Di);
    CHECK(e.E_unique == 1.0);
    CHECK(e.Var_unique == 0.0);
    for (int m = 1; m <= 3; ++m) CHECK(e.E_V[m] == (D == m ? 1.0 : 0.0));
    CHECK(e.E_missing_mass == 0.0);
    const Expectation ep = expect(one, Di, SamplingMode::poisson);
    const long double E = std::exp(-static_cast<long double>(D));
    check_close("poisson E|S|", ep.E_unique, 1 - E, 1e-14);
    check_close("poisson Var|S|", ep.Var_unique, E * (1 - E), 1e-14);
    check_close("poisson E missing", ep.E_missing_mass, E, 1e-14);
    for (int m = 1; m <= 3; ++m)
      check_close("poisson E V_" + std::to_string(m), ep.E_V[m],
                  E * std::pow(static_cast<long double>(D), m) / std::tgamma(m + 1.0L), 1e-14);
  }
  // M = 2: |S| = 1 + [both seen], P(both) = 1 - p1^D - p2^D; Var|S| = P (1 - P).
  for (const double a : {0.0, 0.3, 0.7, 1.0, 1.3, 2.0, 5.0}) {
    for (const double b : {0.0, -0.5, 0.37, 2.5}) {
      const World w(a, b, 2);
      const std::vector<long double> p = probabilities(w);
      for (const double D : {1.0, 2.0, 9.0, 20.0, 100.0, 1e4, 1e6, 1e12}) {
        const auto Di = static_cast<std::uint64_t>(D);
        const Expectation e = expect(w, Di, SamplingMode::multinomial);
        const long double q1 = std::pow(p[0], static_cast<long double>(D)), q2 = std::pow(p[1], static_cast<long double>(D));
        const long double both = 1 - q1 - q2;
        INFO(w.name() << " D=" << Di);
        check_close("E|S|", e.E_unique, 1 + both, 1e-12);
        check_close("Var|S|", e.Var_unique, both * (1 - both), 1e-10, 1e-13);
      }
    }
  }
}

TEST_CASE("theory/expect: exact multinomial variance against a long double pair sum", "[theory][expect]") {
  struct W {
    double a, b;
    Rank M;
  };
  for (const W ww : {W{1.0, 0.0, 1500}, W{2.0, -0.5, 300}, W{0.5, 2.5, 700}}) {
    const World w(ww.a, ww.b, ww.M);
    const std::vector<long double> p = probabilities(w);
    for (const double D : {10.0, 1000.0, 1e5}) {
      const Expectation e = expect(w, static_cast<std::uint64_t>(D), SamplingMode::multinomial);
      INFO(w.name() << " D=" << D);
      CHECK(e.var_method == "exact");
      check_close("Var|S|", e.Var_unique, pair_sum_variance(p, D), 1e-10, 1e-12);
    }
  }
}

TEST_CASE("theory/expect: variance method switches at M = 2048 and for Poisson", "[theory][expect]") {
  CHECK(expect(World(1, 0, 2048), 100, SamplingMode::multinomial).var_method == "exact");
  CHECK(expect(World(1, 0, 2049), 100, SamplingMode::multinomial).var_method == "pairs-first-order");
  CHECK(expect(World(1, 0, 2049), 100, SamplingMode::poisson).var_method == "exact");
  CHECK(expect(World(2, 0, kInfiniteM), 100, SamplingMode::multinomial).var_method == "pairs-first-order");
  CHECK(expect(World(2, 0, kInfiniteM), 100, SamplingMode::poisson).var_method == "exact");
}

// Beyond M = 2048 the multinomial variance takes pairs with a later rank to first
// order (expect.hpp); just above the limit it must match the exact pair sum closely,
// for every D, including D = 1 (where it is exact) and D = 10. The neglected terms
// are A_r A_s O((D q)^2) for the ~1/1000 of pairs that involve rank 2049, with
// D q <= 1e4 / 2048^2 = 2.4e-3 here: a relative error below ~2.4e-6, checked at 1e-5.
TEST_CASE("theory/expect: first-order pairs variance matches the exact pair sum at M = 2049",
          "[theory][expect]") {
  const Rank M = 2049;
  const long double Ml = M;
  {  // uniform: exact Var|S| in closed form (see the uniform test)
    const World w(0.0, 0.0, M);
    for (const long double D : {1.0L, 10.0L, 100.0L, 1000.0L, 1e4L}) {
      const Expectation e = expect(w, static_cast<std::uint64_t>(D), SamplingMode::multinomial);
      const long double A = std::exp(D * std::log1p(-1 / Ml));
      const long double var = Ml * A * (1 - A) + Ml * (Ml - 1) * A * A * std::expm1(D * std::log1p(-1 / ((Ml - 1) * (Ml - 1))));
      INFO(w.name() << " D=" << static_cast<double>(D));
      check_close("Var|S| (first-order pairs vs exact)", e.Var_unique, var, 1e-5, 1e-12);
    }
  }
  const World w(1.0, 0.0, M);
  const std::vector<long double> p = probabilities(w);
  for (const double D : {1.0, 10.0, 100.0, 1e4}) {
    const Expectation e = expect(w, static_cast<std::uint64_t>(D), SamplingMode::multinomial);
    INFO(w.name() << " D=" << D);
    check_close("Var|S| (first-order pairs vs exact)", e.Var_unique, pair_sum_variance(p, D), 1e-5, 1e-12);
  }
}

// ---------------------------------------------------------------------------
// Infinite worlds
// ---------------------------------------------------------------------------

// M = inf against M = 2^62. With T = the infinite world's mass beyond 2^62, which is
// at most int_{M}^{inf} (x+b)^-a dx / Z = (M+b)^(1-a) / ((a-1) Z), the two answers
// differ by (mass beyond M) + (renormalisation of ranks <= M, p_r grows by a factor
// 1/(1-T)): |dE|S|| <= D T (f = 1-(1-p)^D has 0 <= f' <= D), |dE missing| <= 2T
// (|f'| <= 1), |dE V_m| <= 3 D T, |dVar_P| <= 2 D T, and for the de-Poissonised
// variance another 4 D T. Tolerance: that bound + 1e-9 relative.
TEST_CASE("theory/expect: infinite worlds agree with M = 2^62 within the tail bound", "[theory][expect]") {
  for (const double a : {1.2, 1.5, 2.0, 3.0}) {
    for (const double b : {0.0, 0.5}) {
      const World inf(a, b, kInfiniteM), fin(a, b, kMaxCount);
      const double Md = static_cast<double>(kMaxCount);
      const double T = std::pow(Md + b, 1 - a) / ((a - 1) * inf.normaliser());
      for (const double D : {1.0, 10.0, 1e4, 1e8, 1e12}) {
        const auto Di = static_cast<std::uint64_t>(D);
        for (const SamplingMode mode : {SamplingMode::multinomial, SamplingMode::poisson}) {
          const Expectation ei = expect(inf, Di, mode), ef = expect(fin, Di, mode);
          INFO("a=" << a << " b=" << b << " D=" << Di << " mode=" << pacsim::to_string(mode) << " T=" << T);
          check_close("E|S|", ei.E_unique, ef.E_unique, 1e-9, D * T);
          check_close("E missing", ei.E_missing_mass, ef.E_missing_mass, 1e-9, 2 * T + 1e-280);
          for (int m = 1; m <= 3; ++m) check_close("E V_" + std::to_string(m), ei.E_V[m], ef.E_V[m], 1e-9, 3 * D * T + 1e-280);
          if (mode == SamplingMode::poisson) {
            check_close("Var|S|", ei.Var_unique, ef.Var_unique, 1e-9, 2 * D * T + 1e-280);
          } else {
            // Cancellation-aware: relative to Var_P + D phi1^2 <= E_P|S| + E_P V_1 <= 2 E|S|.
            check_close("Var|S|", ei.Var_unique, ef.Var_unique, 0, 2e-9 * ei.E_unique + 6 * D * T + 1e-280);
          }
        }
      }
    }
  }
}

// Karlin (1967) / Gnedin, Hansen & Pitman (2007): for p_r = r^-a / Z (b = 0),
// E|S| ~ Gamma(1 - 1/a) (D/Z)^(1/a). Sharper, for the Poisson form, with
// g(x) = 1 - exp(-lambda x^-a), lambda = D/Z: Euler–Maclaurin from 0 (all
// derivatives of g vanish at 0+) gives sum_{r>=1} g(r) = int_0^inf g - g(0)/2 + R =
// Gamma(1-1/a) lambda^(1/a) - 1/2 + R, where R decays faster than any power of
// lambda (mpmath: R = 1.5e-7 at lambda = 100, 3e-14 at 1000 for a = 2; 6e-7 at
// lambda = 1000 for a = 3). Here lambda >= 3.8e4.
TEST_CASE("theory/expect: infinite worlds follow the Karlin / Gnedin-Hansen-Pitman asymptote",
          "[theory][expect]") {
  for (const double a : {1.5, 2.0, 3.0}) {
    const World w(a, 0.0, kInfiniteM);
    const double Z = w.normaliser();
    const double G = boost::math::tgamma(1 - 1 / a);
    double prev = 1;
    for (const double D : {1e5, 1e8, 1e12}) {
      const double lam = D / Z;
      const double lead = G * std::pow(lam, 1 / a);
      const Expectation ep = expect(w, static_cast<std::uint64_t>(D), SamplingMode::poisson);
      const Expectation em = expect(w, static_cast<std::uint64_t>(D), SamplingMode::multinomial);
      INFO("a=" << a << " D=" << D << " lambda=" << lam);
      check_close("poisson E|S| vs Gamma(1-1/a) lambda^(1/a) - 1/2", ep.E_unique, lead - 0.5L, 1e-11, 1e-6);
      // Multinomial: 0 <= E_M|S| - E_P|S| <= 2 E_P V_2 / (D (1 - p_1)) (checked in
      // general below), so the same asymptote with the same -1/2 offset.
      const double ratio = em.E_unique / lead - 1;
      CHECK(std::fabs(ratio) <= 1 / lead);  // the offset is -1/2, so |ratio| ~ 0.5/lead
      CHECK(std::fabs(ratio) <= prev);      // converges as D grows
      prev = std::fabs(ratio);
      if (D == 1e12 && a == 2.0) CHECK(std::fabs(ratio) <= 1e-2);
    }
  }
}

// ---------------------------------------------------------------------------
// Consistency
// ---------------------------------------------------------------------------

namespace {
std::vector<World> consistency_worlds() {
  return {World(0, 0, 1000),       World(1, 0, 5000),         World(1.2, -0.5, 300),
          World(0.5, 0, 3000000),  World(2, 2.5, 3000000),    World(0, 0, kMaxCount),
          World(1.001, 0, kInfiniteM), World(2, 0, kInfiniteM), World(3.5, -0.5, kInfiniteM)};
}
}  // namespace

TEST_CASE("theory/expect: identities between the expectations", "[theory][expect]") {
  for (const World& w : consistency_worlds()) {
    INFO(w.name());
    // D <= 3: every seen rank has count 1..3, so V_1+V_2+V_3 = |S| and
    // V_1 + 2 V_2 + 3 V_3 = D (multinomial).
    for (std::uint64_t D = 1; D <= 3; ++D) {
      const Expectation e = expect(w, D, SamplingMode::multinomial);
      INFO("D=" << D);
      check_close("V1+V2+V3 = E|S|", e.E_V[1] + e.E_V[2] + e.E_V[3], e.E_unique, 1e-12);
      check_close("V1+2V2+3V3 = D", e.E_V[1] + 2 * e.E_V[2] + 3 * e.E_V[3], static_cast<long double>(D), 1e-12);
      if (D == 1) check_close("E|S| = 1 at D = 1", e.E_unique, 1, 1e-12);
    }
    for (const std::uint64_t D : {std::uint64_t{1}, std::uint64_t{2}, std::uint64_t{5}, std::uint64_t{10},
                                  std::uint64_t{100}, std::uint64_t{1000}}) {
      INFO("D=" << D);
      const Expectation e0 = expect(w, D - 1 == 0 ? 1 : D - 1, SamplingMode::multinomial);
      const Expectation e = expect(w, D, SamplingMode::multinomial);
      const Expectation e1 = expect(w, D + 1, SamplingMode::multinomial);
      const Expectation ep = expect(w, D, SamplingMode::poisson);
      // Good–Turing: E V_1(D) / D = sum p (1-p)^(D-1) = E missing(D-1); at D = 1 it is 1.
      const long double gt = D == 1 ? 1.0L : static_cast<long double>(e0.E_missing_mass);
      check_close("E V_1(D)/D = E missing(D-1)", e.E_V[1] / static_cast<double>(D), gt, 1e-10);
      // Poisson: E V_1 / D = sum p e^{-Dp} = E missing.
      check_close("poisson E V_1/D = E missing", ep.E_V[1] / static_cast<double>(D), ep.E_missing_mass, 1e-10);
      // E|S|(D+1) - E|S|(D) = sum p (1-p)^D = E missing(D). The difference of two
      // sums of size E|S| loses their relative error times E|S|.
      check_close("E|S|(D+1) - E|S|(D) = E missing(D)", e1.E_unique - e.E_unique, e.E_missing_mass, 0,
                  1e-11 * e1.E_unique);
    }
  }
}

TEST_CASE("theory/expect: bounds and monotonicity in D", "[theory][expect]") {
  const std::vector<std::uint64_t> Ds = {1, 2, 3, 10, 100, 1000, 10000, 100000, 1000000, 100000000,
                                         10000000000ULL, 1000000000000ULL, 1000000000000000ULL, kMaxCount};
  for (const World& w : consistency_worlds()) {
    INFO(w.name());
    double prev_U = 0, prev_miss = 1, prev_Up = 0, prev_missp = 1;
    for (const std::uint64_t D : Ds) {
      INFO("D=" << D);
      const Expectation e = expect(w, D, SamplingMode::multinomial);
      const Expectation ep = expect(w, D, SamplingMode::poisson);
      const Expectation ed = expect(w, D, SamplingMode::draws);
      const double Dd = static_cast<double>(D);
      const double Md = static_cast<double>(w.M());
      // Fields.
      CHECK(e.D == D);
      CHECK(e.mode == SamplingMode::multinomial);
      CHECK(ep.mode == SamplingMode::poisson);
      // draws mode has the multinomial expectations.
      CHECK(ed.E_unique == e.E_unique);
      CHECK(ed.Var_unique == e.Var_unique);
      CHECK(ed.E_missing_mass == e.E_missing_mass);
      for (int m = 1; m <= 3; ++m) CHECK(ed.E_V[m] == e.E_V[m]);
      // 0 < E|S| <= min(D, M), up to rounding.
      const double cap = std::min(Dd, Md) * (1 + 1e-12);
      CHECK(e.E_unique > 0);
      CHECK(e.E_unique <= cap);
      CHECK(ep.E_unique <= cap);
      CHECK(std::isfinite(e.E_unique));
      // Missing mass in [0, 1], decreasing in D; E|S| increasing.
      CHECK(e.E_missing_mass >= 0);
      CHECK(e.E_missing_mass <= 1);
      CHECK(ep.E_missing_mass >= 0);
      CHECK(ep.E_missing_mass <= 1);
      CHECK(e.E_missing_mass <= prev_miss * (1 + 1e-12));
      CHECK(ep.E_missing_mass <= prev_missp * (1 + 1e-12));
      CHECK(e.E_unique >= prev_U * (1 - 1e-12));
      CHECK(ep.E_unique >= prev_Up * (1 - 1e-12));
      prev_U = e.E_unique;
      prev_miss = e.E_missing_mass;
      prev_Up = ep.E_unique;
      prev_missp = ep.E_missing_mass;
      // Spectrum and variance are non-negative and finite; E V_1 <= E|S|.
      for (int m = 1; m <= 3; ++m) {
        CHECK(e.E_V[m] >= 0);
        CHECK(ep.E_V[m] >= 0);
        CHECK(std::isfinite(e.E_V[m]));
      }
      CHECK(e.E_V[1] <= e.E_unique * (1 + 1e-12));
      CHECK(ep.Var_unique >= 0);
      CHECK(e.Var_unique >= -1e-9 * e.E_unique);
      CHECK(std::isfinite(e.Var_unique));
      // (1-p)^D <= e^{-Dp} (from 1-p <= e^-p), and log(1-p) >= -p/(1-p) gives
      // e^{-Dp} - (1-p)^D <= e^{-Dp} D p^2 / (1-p) = 2 [Poisson V_2 term] / (D (1-p)):
      // 0 <= E_M|S| - E_P|S| <= 2 E_P V_2 / (D (1 - p_1)).
      const double gap = e.E_unique - ep.E_unique;
      CHECK(gap >= -1e-12 * ep.E_unique);
      CHECK(gap <= 2 * ep.E_V[2] / (Dd * (1 - w.pmf(1))) + 1e-12 * ep.E_unique);
    }
  }
}

TEST_CASE("theory/expect: values never cross their mathematical bounds", "[theory][expect]") {
  // The reproducers: a nearly flat infinite world (every draw a new type: E|S| = D,
  // missing mass just below 1) and M = 65537 all seen at D = 2^62 (E|S| = M), where
  // the sums' rounding gave E|S| > D, E V_1 > D, E missing = 1.0000000000000953 and
  // the Poisson E|S| = 65537.00000000006. Bounds are checked exactly, no tolerance.
  const World flat(1.0000001, 1e300, kInfiniteM);
  const Expectation f = expect(flat, kMaxCount, SamplingMode::multinomial);
  CHECK(f.E_unique <= static_cast<double>(kMaxCount));
  CHECK(f.E_unique == static_cast<double>(kMaxCount));  // the true value rounds to D
  CHECK(f.E_V[1] <= static_cast<double>(kMaxCount));
  CHECK(f.E_missing_mass <= 1.0);
  const World all_seen(0.5, 0, 65537);
  const Expectation p = expect(all_seen, kMaxCount, SamplingMode::poisson);
  CHECK(p.E_unique == 65537.0);
  CHECK(p.Var_unique == 0.0);
  CHECK(p.E_missing_mass == 0.0);
  // The same bounds over worlds at the edges (flat, steep, huge M, M = 2^62 - 1 whose
  // double is 2^62) and D up to 2^62.
  const std::vector<World> worlds = {flat,
                                     all_seen,
                                     World(1.0000001, 1e300, 63),
                                     World(0.001, 1e6, kMaxCount - 1),
                                     World(0.5, 1e15, kMaxCount),
                                     World(0, 0, kMaxCount - 1),
                                     World(0, 0, 65537),
                                     World(1.5, -0.9, kInfiniteM),
                                     World(1e19, 0, kInfiniteM),
                                     World(1, 0, 1),
                                     World(1, 0, 2)};
  for (const World& w : worlds) {
    for (const std::uint64_t D : {std::uint64_t{1}, std::uint64_t{2}, std::uint64_t{3}, std::uint64_t{1000},
                                  std::uint64_t{1} << 40, kMaxCount - 1, kMaxCount}) {
      for (const SamplingMode mode : {SamplingMode::multinomial, SamplingMode::poisson}) {
        const Expectation e = expect(w, D, mode);
        const bool poisson = mode == SamplingMode::poisson;
        const long double Dl = static_cast<long double>(D);
        const long double Ml = w.infinite() ? INFINITY : static_cast<long double>(w.M());
        const long double lo = poisson ? 0 : 1, hi = poisson ? Ml : std::min(Dl, Ml);
        INFO(w.name() << " D=" << D << " mode=" << pacsim::to_string(mode));
        INFO("E|S|=" << e.E_unique << " Var=" << e.Var_unique << " V1=" << e.E_V[1] << " miss=" << e.E_missing_mass);
        const long double mu = e.E_unique;
        CHECK(mu >= lo);
        CHECK(mu <= std::min(Dl, Ml));
        CHECK(e.Var_unique >= 0);
        CHECK(e.Var_unique <= (hi - lo) * (hi - lo) / 4);
        for (int m = 1; m <= 3; ++m) {
          CHECK(e.E_V[m] >= 0);
          CHECK(e.E_V[m] <= Ml);
          CHECK(e.E_V[m] <= (poisson ? Dl / m : static_cast<long double>(D / m)));
        }
        CHECK(e.E_missing_mass >= 0);
        CHECK(e.E_missing_mass <= 1);
      }
    }
  }
}

namespace {

// q (1 - q) with q = P(count >= m), m in {1, 2}, for one rank of probability p in
// a corpus of D draws, in long double. 1 - q = P(0) [+ P(1)] directly; q for m = 2
// by the sum over j >= 2 of the binomial (Poisson) terms where 1 - P(0) - P(1)
// would cancel (D p < 0.1), and 0 for one draw.
long double at_least_variance(long double D, long double p, int m, bool poisson) {
  const long double lam = D * p;
  const long double log_none = poisson ? -lam : D * std::log1p(-p);
  if (m == 1) return -std::expm1(log_none) * std::exp(log_none);
  const long double rest = std::exp(log_none) * (1 + (poisson ? lam : lam / (1 - p)));
  if (!poisson && D < 2) return 0;
  if (lam >= 0.1L) return (1 - rest) * rest;
  // term_j / term_{j-1} = (D-j+1)/j p/(1-p) (binomial) or lam/j (Poisson), from term_2.
  long double term = poisson ? std::exp(-lam) * lam * lam / 2
                             : D * (D - 1) / 2 * p * p * std::exp((D - 2) * std::log1p(-p));
  long double sum = 0;
  for (int j = 2; j < 60 && term > 0; ++j) {
    sum += term;
    term *= poisson ? lam / (j + 1) : (D - j) / (j + 1) * p / (1 - p);
  }
  return sum * rest;
}

// sum_r q_r (1 - q_r), q_r = P(count_r >= m), rank by rank; each p_r in long
// double for small worlds, in double (then long double) for large ones.
template <typename T>
long double independent_variance_reference(const World& w, std::uint64_t D, int m, bool poisson) {
  Acc z, v;
  for (Rank r = w.M(); r >= 1; --r) z.add(std::pow(static_cast<T>(r) + static_cast<T>(w.b()), -static_cast<T>(w.a())));
  for (Rank r = w.M(); r >= 1; --r) {
    const T p = static_cast<T>(std::pow(static_cast<T>(r) + static_cast<T>(w.b()), -static_cast<T>(w.a())) / z.value());
    v.add(at_least_variance(static_cast<long double>(D), p, m, poisson));
  }
  return v.value();
}

}  // namespace

TEST_CASE("theory/expect: independent variances of the types seen once and twice against rank sums",
          "[theory][expect]") {
  // Term by term (M <= 2^16) to 1e-12; Euler–Maclaurin (M = 1e6) to 1e-9. D from
  // D p << 1 (where P(count >= 2) ~ (D p)^2 / 2 must not cancel) to D p >> 1.
  struct W {
    double a, b;
    Rank M;
  };
  for (const W ww : {W{0, 0, 1000}, W{1.2, 0, 50000}, W{0.5, 2.5, 65536}, W{2, -0.5, 1000}, W{1.1, 0, 1000000},
                     W{0.5, 0, 1000000}}) {
    const World w(ww.a, ww.b, ww.M);
    const bool direct = ww.M <= pacsim::kDirectSumMaxM;
    for (const std::uint64_t D : {std::uint64_t{1}, std::uint64_t{2}, std::uint64_t{10}, std::uint64_t{1000},
                                  std::uint64_t{100000}, std::uint64_t{10000000}}) {
      for (const bool poisson : {false, true}) {
        const SamplingMode mode = poisson ? SamplingMode::poisson : SamplingMode::multinomial;
        for (const int m : {1, 2}) {
          INFO(w.name() << " D=" << D << " mode=" << pacsim::to_string(mode) << " m=" << m);
          const long double want = direct ? independent_variance_reference<long double>(w, D, m, poisson)
                                          : independent_variance_reference<double>(w, D, m, poisson);
          check_close("sum q (1 - q)", pacsim::independent_variance(w, D, mode, m), want, direct ? 1e-12 : 1e-9);
        }
      }
      // The types are independent under Poisson sampling: m = 1 is Var|S| itself.
      CHECK(pacsim::independent_variance(w, D, SamplingMode::poisson, 1) ==
            expect(w, D, SamplingMode::poisson).Var_unique);
    }
  }
}

TEST_CASE("theory/expect: independent variances of infinite worlds agree with M = 2^62", "[theory][expect]") {
  // The far tail beyond 2^62 holds mass ~ 2^(62(1-a)) / (a-1): below 1e-9 of the
  // sums at a = 2 and 3 for these D.
  for (const double a : {2.0, 3.0})
    for (const std::uint64_t D : {std::uint64_t{10}, std::uint64_t{100000}, std::uint64_t{1000000000000}})
      for (const SamplingMode mode : {SamplingMode::multinomial, SamplingMode::poisson})
        for (const int m : {1, 2}) {
          const double inf = pacsim::independent_variance(World(a, 0, kInfiniteM), D, mode, m);
          const double fin = pacsim::independent_variance(World(a, 0, kMaxCount), D, mode, m);
          INFO("a=" << a << " D=" << D << " mode=" << pacsim::to_string(mode) << " m=" << m);
          check_close("infinite vs M = 2^62", inf, fin, 1e-9);
        }
  CHECK_THROWS_AS(pacsim::independent_variance(World(2, 0, 10), 5, SamplingMode::poisson, 3), std::invalid_argument);
}

// ---------------------------------------------------------------------------
// The local growth exponent d log E|S| / d log D (unique_growth)
// ---------------------------------------------------------------------------
//
// Tolerances:
//  - E_unique: == expect()'s (the same sums and clamp);
//  - central differences of log E|S| at D (1 +- h), h = 1e-3, against the slope:
//    1e-6 absolute. The truncation error is h^2 g'''/6 for g(x) = log E|S|(e^x),
//    whose derivatives in x are at most ~1 on these worlds (5e-8); E|S|'s relative
//    error of ~1e-13 on the Euler–Maclaurin path becomes 1e-13 / h = 1e-10;
//    rounding D (1 +- h) to an integer moves the step by at most 1/D relative to
//    h D, which the divided difference uses exactly;
//  - small worlds against the formulas summed in long double: 1e-13 relative
//    (at most 50 double terms, each within a few ulps);
//  - Poisson against E V_1 / E|S| from expect(): 1e-14 relative (the same sums);
//  - Poisson, M = inf, b = 0, a <= 3: slope = (1/a) G / (G - 1/2), G = Gamma(1-1/a)
//    lambda^(1/a), the derivative of the asymptote above, 1e-9 relative (R and its
//    derivative are below 1e-7 of the offset for lambda >= 3.8e4 and a <= 3; for
//    a = 5 and 6, R decays in lambda^(1/a), which is only 10 at D = 1e6, so there
//    only the bounds on the gap to 1/a are checked).
namespace {

std::uint64_t count(double x) { return static_cast<std::uint64_t>(std::llround(x)); }

// (log E(D+) - log E(D-)) / (log D+ - log D-), with D+- = D (1 +- 1e-3) rounded.
double difference_slope(const World& w, double D, SamplingMode mode) {
  const std::uint64_t up = count(D * 1.001), down = count(D * 0.999);
  const double Eu = expect(w, up, mode).E_unique, Ed = expect(w, down, mode).E_unique;
  return std::log(Eu / Ed) / std::log(static_cast<double>(up) / static_cast<double>(down));
}

}  // namespace

TEST_CASE("theory/expect: unique_growth's E|S| is expect()'s", "[theory][expect][growth]") {
  for (const World& w : consistency_worlds())
    for (const SamplingMode mode : {SamplingMode::multinomial, SamplingMode::poisson, SamplingMode::draws})
      for (const std::uint64_t D : {std::uint64_t{1}, std::uint64_t{7}, std::uint64_t{1000}, std::uint64_t{123456789},
                                    std::uint64_t{1} << 40, kMaxCount}) {
        INFO(w.name() << " D=" << D << " mode " << pacsim::to_string(mode));
        const pacsim::UniqueGrowth g = pacsim::unique_growth(w, D, mode);
        CHECK(pacsim::test::same_bits(g.E_unique, expect(w, D, mode).E_unique));
        CHECK(g.slope >= 0);
        CHECK(g.slope <= 1);
      }
}

TEST_CASE("theory/expect: unique_growth's slope against central differences of E|S|", "[theory][expect][growth]") {
  const World worlds[] = {World(1.2, 0, 1000000), World(2, 0, kInfiniteM), World(6, 0, kInfiniteM),
                          World(0, 0, 1000),      World(1.5, 2.5, 50000),  World(0.7, -0.5, 3000000)};
  for (const World& w : worlds)
    for (const SamplingMode mode : {SamplingMode::multinomial, SamplingMode::poisson})
      for (const double D : {1e4, 1e5, 1e6, 1e7, 1e8, 1e10, 1e12}) {
        INFO(w.name() << " D=" << D << " mode " << pacsim::to_string(mode));
        const double slope = pacsim::unique_growth(w, count(D), mode).slope;
        CHECK(slope == Approx(difference_slope(w, D, mode)).margin(1e-6));
      }
}

TEST_CASE("theory/expect: unique_growth on small worlds against long double sums", "[theory][expect][growth]") {
  const World worlds[] = {World(1, 0, 2), World(1.1, 0, 5), World(0, 0, 7), World(2, 3, 20), World(0.5, -0.5, 50)};
  for (const World& w : worlds) {
    const std::vector<long double> p = probabilities(w);
    for (const double D : {1.0, 2.0, 3.0, 10.0, 100.0, 1e4}) {
      long double E = 0, rate = 0, Ep = 0, ratep = 0;
      for (const long double q : p) {
        const long double A = std::pow(1 - q, static_cast<long double>(D));
        E += 1 - A;
        rate += -D * A * std::log1p(-q);
        Ep += -std::expm1(-D * q);
        ratep += D * q * std::exp(-D * q);
      }
      INFO(w.name() << " D=" << D);
      check_close("multinomial slope", pacsim::unique_growth(w, count(D), SamplingMode::multinomial).slope,
                  rate / E, 1e-13);
      check_close("draws slope", pacsim::unique_growth(w, count(D), SamplingMode::draws).slope, rate / E, 1e-13);
      check_close("poisson slope", pacsim::unique_growth(w, count(D), SamplingMode::poisson).slope, ratep / Ep,
                  1e-13);
    }
  }
  // Closed forms: one type (E|S| = 1 whatever D: slope 0); two equal types at
  // D = 1, E|S| = 1 and D dE/dD = -2 (1/2) log(1/2) = log 2.
  CHECK(pacsim::unique_growth(World(1, 0, 1), 1000, SamplingMode::multinomial).slope == 0);
  CHECK(pacsim::unique_growth(World(0, 0, 2), 1, SamplingMode::multinomial).slope ==
        Approx(std::log(2.0)).epsilon(1e-15));
  CHECK_THROWS_AS(pacsim::unique_growth(World(1, 0, 2), 0, SamplingMode::poisson), std::invalid_argument);
}

TEST_CASE("theory/expect: unique_growth in Poisson is E V_1 / E|S|", "[theory][expect][growth]") {
  for (const World& w : consistency_worlds())
    for (const std::uint64_t D : {std::uint64_t{3}, std::uint64_t{5000}, std::uint64_t{1} << 33}) {
      INFO(w.name() << " D=" << D);
      const Expectation e = expect(w, D, SamplingMode::poisson);
      check_close("slope", pacsim::unique_growth(w, D, SamplingMode::poisson).slope, e.E_V[1] / e.E_unique, 1e-14);
    }
}

TEST_CASE("theory/expect: the slope of infinite worlds tends to 1/a", "[theory][expect][growth]") {
  for (const double a : {1.5, 2.0, 3.0, 5.0, 6.0}) {
    const World w(a, 0.0, kInfiniteM);
    const double G = boost::math::tgamma(1 - 1 / a);
    double prev = 1;
    for (const double D : {1e6, 1e8, 1e10, 1e12, 1e15, 4e18}) {
      INFO("a=" << a << " D=" << D);
      const double lead = G * std::pow(D / w.normaliser(), 1 / a);
      const double poisson = pacsim::unique_growth(w, count(D), SamplingMode::poisson).slope;
      const double multinomial = pacsim::unique_growth(w, count(D), SamplingMode::multinomial).slope;
      // d/dlog D of log(lead - 1/2) = (1/a) lead / (lead - 1/2).
      if (a <= 3) check_close("poisson slope", poisson, (1 / a) * lead / (lead - 0.5L), 1e-9);
      CHECK(poisson - 1 / a > 0);
      CHECK(poisson - 1 / a <= 1 / (a * lead));
      // The multinomial approaches the same limit from the same side, as fast.
      const double gap = multinomial - 1 / a;
      CHECK(gap > 0);
      CHECK(gap <= 1 / (a * lead));
      CHECK(gap < prev);
      prev = gap;
    }
    CHECK(prev < 1e-4);  // at D = 4e18
  }
}

TEST_CASE("theory/expect: a finite world's slope falls to 0 as it saturates", "[theory][expect][growth]") {
  const World w(1.2, 0, 1000000);
  double prev = 1;
  for (const double D : {1e2, 1e4, 1e6, 1e7, 1e8, 1e9, 1e12}) {
    const double s = pacsim::unique_growth(w, count(D), SamplingMode::multinomial).slope;
    INFO("D=" << D << " slope " << s);
    CHECK(s < prev);
    prev = s;
  }
  CHECK(prev < 1e-12);  // every type seen: E|S| = M to double precision
  // Below saturation it is near the infinite world's 1/a.
  CHECK(pacsim::unique_growth(w, 100, SamplingMode::multinomial).slope == Approx(1 / 1.2).margin(0.02));
}
