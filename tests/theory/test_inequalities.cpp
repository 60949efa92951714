// Unit tests for theory/inequalities and theory/losses: the table of the proof's
// inequalities (names in order, printed formulas, sources, which sides are losses)
// and the value of every side on hand numbers; the table of losses (names, units,
// members in order) and find_loss().
//
// Hand numbers: Losses {kl = 0.375, lk = 0.25, tv = 0.5, mismatch = 3, q_mass = 1},
// |S| = 4, k = 8; every value but log(8) is a dyadic rational, so
//  - sides without a logarithm (tv^2/2, |S| lk/k, mismatch/k and the loss sides)
//    are compared exactly: each is one or two correctly rounded operations on
//    exactly representable numbers whose result is representable;
//  - sides with log(k) are compared with a relative tolerance of 4e-16 (two
//    ulps: log() itself is correctly rounded to within an ulp in glibc, and the
//    product with 0.25 and 4 is exact).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "theory/inequalities.hpp"
#include "theory/losses.hpp"

using Catch::Matchers::WithinRel;
using pacsim::find_loss;
using pacsim::Inequality;
using pacsim::InequalitySide;
using pacsim::InequalityTerms;
using pacsim::inequalities;
using pacsim::loss_fields;
using pacsim::Losses;

namespace {

Losses hand_losses() {
  Losses l;
  l.kl = 0.375;
  l.lk = 0.25;
  l.tv = 0.5;
  l.mismatch = 3;
  l.q_mass = 1;
  return l;
}

const Inequality& by_name(const std::string& name) {
  for (const Inequality& i : inequalities())
    if (name == i.name) return i;
  FAIL("no inequality " << name);
  throw std::logic_error("unreachable");
}

std::string side_loss(const InequalitySide& s) { return s.loss ? s.loss : "(formula)"; }

}  // namespace

TEST_CASE("inequalities: the five inequalities, in order, with their printed formulas and sources",
          "[theory][inequalities]") {
  const auto& t = inequalities();
  REQUIRE(t.size() == 5);
  const std::vector<std::string> names = {"eq9_paper", "eq9_step", "pinsker", "eq13_paper", "eq13_grid"};
  const std::vector<std::string> formulas = {"kl <= log(k) * lk * |S|", "kl <= log(k) * lk", "tv^2 / 2 <= kl",
                                             "|S| * lk / k <= tv", "mismatch / k <= tv"};
  const std::vector<std::string> sources = {"eq. (9) as printed", "the line before (9)", "eq. (13), Pinsker",
                                            "eq. (13), second line", "what the grid was meant to guarantee"};
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

TEST_CASE("inequalities: which sides are losses", "[theory][inequalities]") {
  // eq9: lhs kl; pinsker: rhs kl; eq13: rhs tv; every other side is a formula.
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"kl", "(formula)"}, {"kl", "(formula)"}, {"(formula)", "kl"}, {"(formula)", "tv"}, {"(formula)", "tv"}};
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
  CHECK(by_name("pinsker").lhs.value(t) == 0.125);     // 0.5^2 / 2
  CHECK(by_name("eq13_paper").lhs.value(t) == 0.125);  // 4 * 0.25 / 8
  CHECK(by_name("eq13_grid").lhs.value(t) == 0.375);   // 3 / 8
  // Loss sides read their loss.
  CHECK(by_name("eq9_paper").lhs.value(t) == 0.375);
  CHECK(by_name("eq9_step").lhs.value(t) == 0.375);
  CHECK(by_name("pinsker").rhs.value(t) == 0.375);
  CHECK(by_name("eq13_paper").rhs.value(t) == 0.5);
  CHECK(by_name("eq13_grid").rhs.value(t) == 0.5);
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
  const InequalityTerms t{l, 10.0, 10.0};
  const std::vector<std::pair<const char*, double>> sides = {
      {"kl", 1}, {"lk", 2}, {"tv", 3}, {"mismatch", 4}, {"q_mass", 5}};
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
  REQUIRE(f.size() == 5);
  const std::vector<std::string> names = {"kl", "lk", "tv", "mismatch", "q_mass"};
  const std::vector<std::string> units = {"nats", "probability", "probability", "types", "probability"};
  Losses l;
  l.kl = 10;
  l.lk = 20;
  l.tv = 30;
  l.mismatch = 40;
  l.q_mass = 50;
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
  for (const char* bad : {"KL", "", "kl_pop_S", "k", "q-mass", "mismatch "}) {
    INFO("'" << bad << "'");
    CHECK(find_loss(bad) == nullptr);
  }
}
