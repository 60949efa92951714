// Unit tests for theory/inequalities and theory/losses: the table of the proof's
// inequalities (names in the proof's order, printed formulas, sources, flags,
// which sides are losses) and the value of every side on hand numbers; the
// table of losses and find_loss(); the outcome of a check (classify) on a
// hand-built case for every code, the tolerances at their edges and the
// precedence of the causes; the first failing step; divergence_term against
// independent references; and pinsker_norm, which must never be violated, on
// distributions where Pinsker's inequality is nearly an equality.
//
// Hand numbers: Losses {kl = 0.375, lk = 0.25, tv = 0.5, mismatch = 3, q_mass = 1,
// t_mass = 1, kl_norm = 0.3125, tv_norm = 0.75}, |S| = 4, k = 8; every value but
// log(8) is a dyadic rational, so
//  - sides without a logarithm (tv^2/2, |S| lk/k, mismatch/k, tv_norm^2/2 and
//    the loss sides) are compared exactly: each is one or two correctly rounded
//    operations on exactly representable numbers whose result is representable;
//  - sides with log(k) are compared with a relative tolerance of 4e-16 (two
//    ulps: log() itself is correctly rounded to within an ulp in glibc, and the
//    product with 0.25 and 4 is exact).
// divergence_term: within a relative 1e-14 of a long double reference: the
// direct formula t log1p(x) + (q - t), x = (t - q) / q, where it cancels by at
// most ~2000 (|x| > 1e-3: 1e-16 in long double), its series to x^7 below
// (truncation below 1e-18 relative).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <iomanip>
#include <limits>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "theory/inequalities.hpp"
#include "theory/losses.hpp"

using Catch::Matchers::WithinRel;
using pacsim::classify;
using pacsim::divergence_term;
using pacsim::find_inequality;
using pacsim::find_loss;
using pacsim::Inequality;
using pacsim::InequalitySide;
using pacsim::InequalityTerms;
using pacsim::inequalities;
using pacsim::loss_fields;
using pacsim::Losses;
using pacsim::Outcome;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Losses hand_losses() {
  Losses l;
  l.kl = 0.375;
  l.lk = 0.25;
  l.tv = 0.5;
  l.mismatch = 3;
  l.q_mass = 1;
  l.t_mass = 1;
  l.kl_norm = 0.3125;
  l.tv_norm = 0.75;
  return l;
}

const Inequality& by_name(const std::string& name) {
  const Inequality* i = find_inequality(name);
  if (!i) FAIL("no inequality " << name);
  return *i;
}

std::string side_loss(const InequalitySide& s) { return s.loss ? s.loss : "(formula)"; }

// Losses with the given masses (everything else 0).
Losses masses(double t_mass, double q_mass) {
  Losses l;
  l.t_mass = t_mass;
  l.q_mass = q_mass;
  return l;
}

}  // namespace

TEST_CASE("inequalities: the six inequalities, in the proof's order, with their printed formulas and sources",
          "[theory][inequalities]") {
  const auto& t = inequalities();
  REQUIRE(t.size() == 6);
  const std::vector<std::string> names = {"eq9_step", "eq9_paper", "pinsker", "eq13_grid", "eq13_paper",
                                          "pinsker_norm"};
  const std::vector<std::string> formulas = {"kl <= log(k) * lk",  "kl <= log(k) * lk * |S|", "tv^2 / 2 <= kl",
                                             "mismatch / k <= tv", "|S| * lk / k <= tv",      "tv_norm^2 / 2 <= kl_norm"};
  const std::vector<std::string> sources = {
      "the line before (9)",   "eq. (9) as printed", "eq. (13), Pinsker", "what the grid was meant to guarantee",
      "eq. (13), second line", "Pinsker on t and q renormalised over the scope (not a step: cannot fail)"};
  for (std::size_t i = 0; i < t.size(); ++i) {
    INFO("inequality " << i);
    CHECK(std::string(t[i].name) == names[i]);
    CHECK(t[i].formula() == formulas[i]);
    CHECK(std::string(t[i].source) == sources[i]);
    CHECK(t[i].formula() == std::string(t[i].lhs.text) + " <= " + t[i].rhs.text);
  }
  // The same table object every time (downstream code keeps pointers into it).
  CHECK(&inequalities() == &t);
}

TEST_CASE("inequalities: the flags: proof steps, rhs a multiple of lk, renormalised", "[theory][inequalities]") {
  struct Flags {
    const char* name;
    bool step, times_lk, renormalised;
  };
  const Flags expected[] = {{"eq9_step", true, true, false},    {"eq9_paper", true, true, false},
                            {"pinsker", true, false, false},    {"eq13_grid", true, false, false},
                            {"eq13_paper", true, false, false}, {"pinsker_norm", false, false, true}};
  const auto& t = inequalities();
  REQUIRE(t.size() == std::size(expected));
  for (std::size_t i = 0; i < t.size(); ++i) {
    INFO(t[i].name);
    CHECK(std::string(t[i].name) == expected[i].name);
    CHECK(t[i].proof_step == expected[i].step);
    CHECK(t[i].rhs_times_lk == expected[i].times_lk);
    CHECK(t[i].renormalised == expected[i].renormalised);
  }
  CHECK(pacsim::proof_steps() ==
        std::vector<std::string>{"eq9_step", "eq9_paper", "pinsker", "eq13_grid", "eq13_paper"});
  for (const auto& i : t) CHECK(find_inequality(i.name) == &i);
  CHECK(find_inequality("pinskxr") == nullptr);
  CHECK(find_inequality("") == nullptr);
}

TEST_CASE("inequalities: which sides are losses", "[theory][inequalities]") {
  // eq9: lhs kl; pinsker: rhs kl; eq13: rhs tv; pinsker_norm: rhs kl_norm; every
  // other side is a formula.
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"kl", "(formula)"}, {"kl", "(formula)"}, {"(formula)", "kl"},
      {"(formula)", "tv"}, {"(formula)", "tv"}, {"(formula)", "kl_norm"}};
  const auto& t = inequalities();
  REQUIRE(t.size() == expected.size());
  for (std::size_t i = 0; i < t.size(); ++i) {
    INFO(t[i].name);
    CHECK(side_loss(t[i].lhs) == expected[i].first);
    CHECK(side_loss(t[i].rhs) == expected[i].second);
    for (const InequalitySide* s : {&t[i].lhs, &t[i].rhs}) {
      // Exactly one of loss and formula; a loss side prints as the loss's name
      // and names a loss of loss_fields().
      CHECK((s->loss == nullptr) != (s->formula == nullptr));
      if (s->loss) {
        CHECK(std::string(s->text) == s->loss);
        CHECK(find_loss(s->loss) != nullptr);
      }
    }
  }
}

TEST_CASE("inequalities: every side's value on hand numbers", "[theory][inequalities]") {
  const Losses l = hand_losses();
  const InequalityTerms t{l, 4.0, 8.0};
  // Formula sides.
  CHECK_THAT(by_name("eq9_paper").rhs.value(t), WithinRel(2.0794415416798357, 4e-16));  // log(8) * 0.25 * 4
  CHECK_THAT(by_name("eq9_step").rhs.value(t), WithinRel(0.51986038541995893, 4e-16));  // log(8) * 0.25
  CHECK(by_name("pinsker").lhs.value(t) == 0.125);        // 0.5^2 / 2
  CHECK(by_name("eq13_paper").lhs.value(t) == 0.125);     // 4 * 0.25 / 8
  CHECK(by_name("eq13_grid").lhs.value(t) == 0.375);      // 3 / 8
  CHECK(by_name("pinsker_norm").lhs.value(t) == 0.28125); // 0.75^2 / 2
  // Loss sides read their loss.
  CHECK(by_name("eq9_paper").lhs.value(t) == 0.375);
  CHECK(by_name("eq9_step").lhs.value(t) == 0.375);
  CHECK(by_name("pinsker").rhs.value(t) == 0.375);
  CHECK(by_name("eq13_paper").rhs.value(t) == 0.5);
  CHECK(by_name("eq13_grid").rhs.value(t) == 0.5);
  CHECK(by_name("pinsker_norm").rhs.value(t) == 0.3125);
}

TEST_CASE("inequalities: formula sides use |S| and k as given, not swapped", "[theory][inequalities]") {
  // |S| = 3, k = 5: a swap of S and k would change every formula side.
  Losses l = hand_losses();
  l.lk = 0.5;
  l.mismatch = 2;
  const InequalityTerms t{l, 3.0, 5.0};
  CHECK_THAT(by_name("eq9_paper").rhs.value(t), WithinRel(std::log(5.0) * 0.5 * 3.0, 4e-16));
  CHECK_THAT(by_name("eq9_step").rhs.value(t), WithinRel(std::log(5.0) * 0.5, 4e-16));
  CHECK_THAT(by_name("eq13_paper").lhs.value(t), WithinRel(0.3, 2e-16));  // 3 * 0.5 / 5
  CHECK_THAT(by_name("eq13_grid").lhs.value(t), WithinRel(0.4, 2e-16));   // 2 / 5
  // k = 1: log(k) = 0, so the eq9 right sides are exactly 0.
  const InequalityTerms one{l, 3.0, 1.0};
  CHECK(by_name("eq9_paper").rhs.value(one) == 0.0);
  CHECK(by_name("eq9_step").rhs.value(one) == 0.0);
}

TEST_CASE("inequalities: infinite losses give infinite sides", "[theory][inequalities]") {
  Losses l = hand_losses();
  l.kl = INFINITY;
  l.tv = INFINITY;
  l.mismatch = INFINITY;
  const InequalityTerms t{l, 4.0, 8.0};
  CHECK(std::isinf(by_name("eq9_paper").lhs.value(t)));
  CHECK(std::isinf(by_name("pinsker").lhs.value(t)));
  CHECK(std::isinf(by_name("eq13_grid").lhs.value(t)));
  CHECK(std::isinf(by_name("eq13_grid").rhs.value(t)));
  CHECK(by_name("eq13_paper").lhs.value(t) == 0.125);  // does not involve them
}

TEST_CASE("inequalities: InequalitySide::value of a loss side reads that loss, an unknown loss is a logic error",
          "[theory][inequalities]") {
  Losses l;
  l.kl = 1;
  l.lk = 2;
  l.tv = 3;
  l.mismatch = 4;
  l.q_mass = 5;
  l.t_mass = 6;
  l.kl_norm = 7;
  l.tv_norm = 8;
  const InequalityTerms t{l, 10.0, 10.0};
  const std::vector<std::pair<const char*, double>> sides = {{"kl", 1},     {"lk", 2},     {"tv", 3},
                                                             {"mismatch", 4}, {"q_mass", 5}, {"t_mass", 6},
                                                             {"kl_norm", 7}, {"tv_norm", 8}};
  for (const auto& [name, value] : sides) {
    const InequalitySide s{name, name, nullptr};
    INFO(name);
    CHECK(s.value(t) == value);
  }
  const InequalitySide bad{"nosuch", "nosuch", nullptr};
  CHECK_THROWS_AS(bad.value(t), std::logic_error);
  CHECK_THROWS_WITH(bad.value(t), Catch::Matchers::Contains("nosuch"));
}

TEST_CASE("losses: loss_fields names, units and members, in order", "[theory][losses]") {
  const auto& f = loss_fields();
  REQUIRE(f.size() == 8);
  const std::vector<std::string> names = {"kl", "lk", "tv", "mismatch", "q_mass", "t_mass", "kl_norm", "tv_norm"};
  const std::vector<std::string> units = {"nats",        "probability", "probability", "types",
                                          "probability", "probability", "nats",        "probability"};
  Losses l;
  l.kl = 10;
  l.lk = 20;
  l.tv = 30;
  l.mismatch = 40;
  l.q_mass = 50;
  l.t_mass = 60;
  l.kl_norm = 70;
  l.tv_norm = 80;
  for (std::size_t i = 0; i < f.size(); ++i) {
    INFO(names[i]);
    CHECK(std::string(f[i].name) == names[i]);
    CHECK(std::string(f[i].unit) == units[i]);
    CHECK(l.*(f[i].member) == 10.0 * static_cast<double>(i + 1));
  }
}

TEST_CASE("losses: find_loss finds each field by its exact name only", "[theory][losses]") {
  const auto& f = loss_fields();
  for (const auto& field : f) {
    INFO(field.name);
    CHECK(find_loss(field.name) == &field);
    // The same name in another buffer: compared by text, not by pointer.
    const std::string copy = field.name;
    CHECK(find_loss(copy.c_str()) == &field);
  }
  for (const char* bad : {"KL", "", "kl_pop_S", "k", "q-mass", "mismatch ", "kl_norm_pop_S"}) {
    INFO("'" << bad << "'");
    CHECK(find_loss(bad) == nullptr);
  }
}

// ------------------------------------------------------------- outcomes ----

TEST_CASE("outcomes: names by code, codes read back, which are violations", "[theory][inequalities]") {
  const std::vector<std::string> names = {"holds",         "vacuous",    "unfounded",      "undefined", "infinite_side",
                                          "grid_equal",    "premise_target", "premise_q", "genuine"};
  REQUIRE(pacsim::outcome_names() == names);
  REQUIRE(pacsim::kOutcomeCount == 9);
  for (int c = 0; c < 9; ++c) {
    INFO(names[static_cast<std::size_t>(c)]);
    const Outcome o = static_cast<Outcome>(c);
    CHECK(pacsim::outcome_name(o) == names[static_cast<std::size_t>(c)]);
    Outcome back = Outcome::genuine;
    CHECK(pacsim::outcome_from_code(static_cast<double>(c), back));
    CHECK(back == o);
    CHECK(pacsim::is_violation(o) == (c >= 4));
  }
  Outcome o = Outcome::holds;
  for (const double bad : {-1.0, 9.0, 2.5, -0.5, kNaN, kInf, -kInf, 1e300}) {
    INFO(bad);
    CHECK_FALSE(pacsim::outcome_from_code(bad, o));
  }
  CHECK(o == Outcome::holds);  // untouched on failure
}

TEST_CASE("outcomes: mass premises within 1e-6, NaN masses broken", "[theory][inequalities]") {
  CHECK(pacsim::mass_premises(masses(1, 1)));
  CHECK(pacsim::mass_premises(masses(1 - 0.9e-6, 1 + 0.9e-6)));
  CHECK_FALSE(pacsim::mass_premises(masses(1 - 1.1e-6, 1)));
  CHECK_FALSE(pacsim::mass_premises(masses(1, 1 + 1.1e-6)));
  CHECK_FALSE(pacsim::mass_premises(masses(kNaN, 1)));
  CHECK_FALSE(pacsim::mass_premises(masses(1, kInf)));
  CHECK_FALSE(pacsim::mass_premises(masses(0, 0)));
}

TEST_CASE("outcomes: every code from a hand-built case", "[theory][inequalities]") {
  const Inequality& step = by_name("eq9_step");
  const Inequality& paper = by_name("eq9_paper");
  const Inequality& pinsker = by_name("pinsker");
  const Inequality& grid = by_name("eq13_grid");
  const Inequality& norm = by_name("pinsker_norm");
  const Losses ok = masses(1, 1);
  SECTION("0 holds: premises hold, 0 < lhs <= rhs") {
    CHECK(classify(step, 0.1, 0.2, ok) == Outcome::holds);
    CHECK(classify(step, 0.2, 0.2, ok) == Outcome::holds);  // equality holds
  }
  SECTION("1 vacuous: holds with lhs <= 0, premises or not") {
    CHECK(classify(step, -0.1, 0.2, masses(1, 1.3)) == Outcome::vacuous);  // kl < 0 from an unnormalised q
    CHECK(classify(pinsker, 0.0, 0.5, ok) == Outcome::vacuous);            // tv = 0
    CHECK(classify(grid, 0.0, 0.0, ok) == Outcome::vacuous);
    CHECK(classify(step, -kInf, 0.2, ok) == Outcome::vacuous);
  }
  SECTION("2 unfounded: holds, lhs > 0, a premise broken") {
    CHECK(classify(step, 0.1, 0.2, masses(0.8, 1)) == Outcome::unfounded);  // target mass
    CHECK(classify(step, 0.1, 0.2, masses(1, 1.25)) == Outcome::unfounded); // q mass
    CHECK(classify(pinsker, 0.3, kInf, ok) == Outcome::unfounded);          // kl = inf: an infinite side
  }
  SECTION("3 undefined: a NaN side or both infinite") {
    CHECK(classify(step, kNaN, 0.2, ok) == Outcome::undefined);
    CHECK(classify(step, 0.1, kNaN, ok) == Outcome::undefined);
    CHECK(classify(pinsker, kInf, kInf, ok) == Outcome::undefined);
    CHECK(classify(pinsker, -kInf, kInf, ok) == Outcome::undefined);
    CHECK(classify(norm, kNaN, kNaN, ok) == Outcome::undefined);  // masses that cannot renormalise
  }
  SECTION("4 infinite_side: violated by an infinite side") {
    CHECK(classify(step, kInf, 0.2, ok) == Outcome::infinite_side);     // kl = inf
    CHECK(classify(pinsker, kInf, 0.5, ok) == Outcome::infinite_side);  // tv = inf, kl finite
    CHECK(classify(grid, 0.5, -kInf, ok) == Outcome::infinite_side);
  }
  SECTION("5 grid_equal: lk = 0 < kl, only where rhs is a multiple of lk") {
    Losses l = masses(1, 1);
    l.lk = 0;
    l.kl = 0.3;
    CHECK(classify(step, 0.3, 0.0, l) == Outcome::grid_equal);
    CHECK(classify(paper, 0.3, 0.0, l) == Outcome::grid_equal);
    CHECK(classify(pinsker, 0.3, 0.1, l) == Outcome::genuine);  // not for a rhs that is no multiple of lk
    l.lk = 0.01;  // lk > 0 (k = 1: log k = 0): not grid_equal
    CHECK(classify(step, 0.3, 0.0, l) == Outcome::genuine);
  }
  SECTION("6 premise_target and 7 premise_q: violated with a broken premise") {
    CHECK(classify(grid, 0.5, 0.25, masses(0.75, 1)) == Outcome::premise_target);
    CHECK(classify(grid, 0.5, 0.25, masses(1, 128)) == Outcome::premise_q);
    CHECK(classify(grid, 0.5, 0.25, masses(kNaN, 1)) == Outcome::premise_target);
  }
  SECTION("8 genuine: violated with the premises holding") {
    CHECK(classify(grid, 0.5, 0.25, ok) == Outcome::genuine);
    CHECK(classify(grid, 0.5, 0.25, masses(1 + 0.9e-6, 1 - 0.9e-6)) == Outcome::genuine);
  }
  SECTION("pinsker_norm renormalises: the mass premises do not apply to it") {
    CHECK(classify(norm, 0.1, 0.2, masses(0.5, 128)) == Outcome::holds);
    CHECK(classify(norm, 0.3, 0.2, masses(0.5, 128)) == Outcome::genuine);
    CHECK(classify(norm, 0.1, kInf, masses(0.5, 128)) == Outcome::unfounded);
  }
}

TEST_CASE("outcomes: violated means lhs - rhs > 1e-9 max(|lhs|, |rhs|)", "[theory][inequalities]") {
  const Inequality& grid = by_name("eq13_grid");
  const Losses ok = masses(1, 1);
  CHECK(classify(grid, 1 + 0.9e-9, 1.0, ok) == Outcome::holds);
  CHECK(classify(grid, 1 + 1.1e-9, 1.0, ok) == Outcome::genuine);
  CHECK(classify(grid, 1e-20 * (1 + 0.9e-9), 1e-20, ok) == Outcome::holds);  // relative, not absolute
  CHECK(classify(grid, 1e-20 * (1 + 1.1e-9), 1e-20, ok) == Outcome::genuine);
  CHECK(classify(grid, 1e-300, 0.0, ok) == Outcome::genuine);  // rhs 0: any positive lhs violates
  CHECK(classify(grid, -1.0, -1.0 - 0.9e-9, ok) == Outcome::vacuous);
  CHECK(classify(grid, 0.5, -0.5, ok) == Outcome::genuine);
}

TEST_CASE("outcomes: the causes are tested in their order", "[theory][inequalities]") {
  const Inequality& step = by_name("eq9_step");
  Losses all_broken = masses(0.5, 2);
  all_broken.lk = 0;
  all_broken.kl = kInf;
  // infinite_side before grid_equal before premise_target before premise_q.
  CHECK(classify(step, kInf, 0.0, all_broken) == Outcome::infinite_side);
  all_broken.kl = 0.4;
  CHECK(classify(step, 0.4, 0.0, all_broken) == Outcome::grid_equal);
  all_broken.lk = 0.1;
  CHECK(classify(step, 0.4, 0.2, all_broken) == Outcome::premise_target);
  all_broken.t_mass = 1;
  CHECK(classify(step, 0.4, 0.2, all_broken) == Outcome::premise_q);
  all_broken.q_mass = 1;
  CHECK(classify(step, 0.4, 0.2, all_broken) == Outcome::genuine);
}

TEST_CASE("outcomes: classify from terms computes both sides", "[theory][inequalities]") {
  // eq9_step with kl 0.375 and log(8) * 0.25 = 0.52: holds; with lk = 0: grid_equal.
  Losses l = hand_losses();
  CHECK(classify(by_name("eq9_step"), InequalityTerms{l, 4, 8}) == Outcome::holds);
  l.lk = 0;
  CHECK(classify(by_name("eq9_step"), InequalityTerms{l, 4, 8}) == Outcome::grid_equal);
  // eq13_grid: mismatch / k = 3 / 8 <= tv = 0.5 holds; mismatch 5: 0.625 > 0.5.
  l.mismatch = 5;
  CHECK(classify(by_name("eq13_grid"), InequalityTerms{l, 4, 8}) == Outcome::genuine);
  l.q_mass = 2;
  CHECK(classify(by_name("eq13_grid"), InequalityTerms{l, 4, 8}) == Outcome::premise_q);
}

TEST_CASE("outcomes: first_violation is the first of codes 4..8, in the order given", "[theory][inequalities]") {
  using O = Outcome;
  CHECK(pacsim::first_violation({}) == -1);
  CHECK(pacsim::first_violation({O::holds, O::vacuous, O::unfounded, O::undefined}) == -1);
  CHECK(pacsim::first_violation({O::holds, O::premise_q, O::genuine}) == 1);
  CHECK(pacsim::first_violation({O::undefined, O::holds, O::holds, O::grid_equal}) == 3);
  for (int c = 4; c < 9; ++c) CHECK(pacsim::first_violation({O::vacuous, static_cast<O>(c)}) == 1);
}

// ----------------------------------------------------- divergence_term ----

namespace {

long double reference_term(long double t, long double q) {
  const long double x = (t - q) / q;
  if (std::fabs(x) <= 1e-3L) {  // (1+x) log(1+x) - x = sum_{n>=2} (-1)^n x^n / (n (n-1)), to n = 7
    long double sum = 0, power = x;
    for (int n = 2; n <= 7; ++n) {
      power *= x;
      sum += (n % 2 == 0 ? power : -power) / (n * (n - 1));
    }
    return q * sum;
  }
  return t * std::log1p(x) + (q - t);  // log1p(x) and q - t exact to rounding: the other forms lose digits
}

}  // namespace

TEST_CASE("divergence_term: zeros, infinities and NaN", "[theory][losses]") {
  CHECK(divergence_term(0, 0.25) == 0.25);  // t = 0: the term is q
  CHECK(divergence_term(0, 0) == 0);
  CHECK(divergence_term(0.25, 0) == kInf);
  CHECK(divergence_term(kInf, 0.5) == kInf);
  CHECK(divergence_term(0.5, kInf) == kInf);
  CHECK(std::isnan(divergence_term(kNaN, 0.5)));
  CHECK(std::isnan(divergence_term(0.5, kNaN)));
  CHECK(divergence_term(0.5, 0.5) == 0);
  // The three-argument form agrees on these.
  CHECK(divergence_term(0, 0.25, 123.0) == 0.25);
  CHECK(divergence_term(0.25, 0, 123.0) == kInf);
  CHECK(std::isnan(divergence_term(kNaN, 0.5, 0.0)));
  CHECK(divergence_term(0.5, 0.5, 123.0) == 0);  // near t = q the given log is not read
}

TEST_CASE("divergence_term: against a long double reference, near and far from t = q", "[theory][losses]") {
  std::vector<std::string> fails;
  std::size_t n = 0;
  for (const double q : {1e-300, 1e-12, 3e-5, 0.1, 0.7, 1.0, 5.0}) {
    for (const double x : {-0.999, -0.5, -0.2, -0.13, -0.12, -0.05, -1e-3, -1e-6, -1e-9, -1e-13, -1e-15, 1e-15,
                           1e-13, 1e-9, 1e-6, 1e-3, 0.05, 0.12, 0.13, 0.2, 1.0, 10.0, 1e6}) {
      const double t = q * (1 + x);
      if (!(t > 0) || !std::isfinite(t)) continue;
      const long double want = reference_term(t, q);  // of the rounded t, exactly as given
      const double log_ratio = static_cast<double>(std::log(static_cast<long double>(t) / q));
      for (const double got : {divergence_term(t, q), divergence_term(t, q, log_ratio)}) {
        ++n;
        // Terms in double's subnormal range (q = 1e-300 near t = q) keep fewer
        // digits: there an absolute 1e-320 instead.
        const long double tol = std::max(1e-14L * want, 1e-320L);
        if (!(got >= 0) || std::fabs(got - want) > tol) {
          std::ostringstream o;
          o << std::setprecision(17) << "t=" << t << " q=" << q << " x=" << x << ": got " << got << " want "
            << static_cast<double>(want);
          fails.push_back(o.str());
        }
      }
    }
  }
  INFO(fails.size() << " of " << n << (fails.empty() ? "" : ": " + fails.front()));
  CHECK(fails.empty());
  CHECK(n > 250);
}

TEST_CASE("pinsker_norm cannot fail: distributions where Pinsker is nearly an equality", "[theory][inequalities]") {
  // t = (1/2 + e, 1/2 - e) against q = (1/2, 1/2): tv = 2e and KL = 2e^2 + 4e^4/3
  // + ..., so tv^2 / 2 and KL agree to a relative (2/3) e^2. Summed from
  // divergence_term the inequality must hold (or be within rounding) for every e,
  // also where the direct formula t log(t/q) - t + q would lose it to
  // cancellation; and on random vectors of 2 to 2000 types, some close to each
  // other, each renormalised in double precision as the metrics do.
  const Inequality& norm = by_name("pinsker_norm");
  std::vector<std::string> fails;
  std::size_t checked = 0;
  const auto check = [&](const std::vector<double>& t, const std::vector<double>& q, const std::string& what) {
    Losses l;
    for (std::size_t i = 0; i < t.size(); ++i) {
      l.kl_norm += divergence_term(t[i], q[i]);
      l.tv_norm += std::fabs(t[i] - q[i]);
    }
    const Outcome o = classify(norm, InequalityTerms{l, static_cast<double>(t.size()), 10});
    ++checked;
    if (pacsim::is_violation(o))
      fails.push_back(what + ": " + pacsim::outcome_name(o) + " tv_norm " + std::to_string(l.tv_norm) + " kl_norm " +
                      std::to_string(l.kl_norm));
  };
  for (double e = 0.25; e > 1e-17; e /= 3) check({0.5 + e, 0.5 - e}, {0.5, 0.5}, "two types, e " + std::to_string(e));
  std::mt19937_64 rng(20240601);
  std::uniform_real_distribution<double> u(0, 1);
  for (int trial = 0; trial < 2000; ++trial) {
    const std::size_t n = 2 + static_cast<std::size_t>(u(rng) * (trial % 10 == 0 ? 2000 : 20));
    const double spread = std::pow(10.0, -16 * u(rng));  // how close q is to t
    std::vector<double> t(n), q(n);
    double T = 0, Q = 0;
    for (std::size_t i = 0; i < n; ++i) {
      t[i] = u(rng) * u(rng);
      q[i] = t[i] * (1 + spread * (u(rng) - 0.5));
      T += t[i];
      Q += q[i];
    }
    for (std::size_t i = 0; i < n; ++i) {
      t[i] /= T;
      q[i] /= Q;
    }
    check(t, q, "trial " + std::to_string(trial) + " n " + std::to_string(n));
  }
  INFO(fails.size() << " violations in " << checked << (fails.empty() ? "" : ": " + fails.front()));
  CHECK(fails.empty());
}
