// The proof's inequalities; see inequalities.hpp.
#include "theory/inequalities.hpp"

#include <cmath>
#include <stdexcept>

namespace pacsim {

namespace {

InequalitySide loss(const char* name) { return {name, name, nullptr}; }
InequalitySide formula(const char* text, double (*f)(const InequalityTerms&)) { return {text, nullptr, f}; }

}  // namespace

double InequalitySide::value(const InequalityTerms& t) const {
  if (formula) return formula(t);
  const LossField* f = find_loss(loss);
  if (!f) throw std::logic_error(std::string("inequality side: no loss named ") + loss);
  return t.loss.*(f->member);
}

std::string Inequality::formula() const { return std::string(lhs.text) + " <= " + rhs.text; }

const std::vector<Inequality>& inequalities() {
  using T = InequalityTerms;
  static const std::vector<Inequality> table = {
      {"eq9_paper", "eq. (9) as printed", loss("kl"),
       formula("log(k) * lk * |S|", [](const T& t) { return std::log(t.k) * t.loss.lk * t.S; })},
      {"eq9_step", "the line before (9)", loss("kl"),
       formula("log(k) * lk", [](const T& t) { return std::log(t.k) * t.loss.lk; })},
      {"pinsker", "eq. (13), Pinsker", formula("tv^2 / 2", [](const T& t) { return t.loss.tv * t.loss.tv / 2; }),
       loss("kl")},
      {"eq13_paper", "eq. (13), second line", formula("|S| * lk / k", [](const T& t) { return t.S * t.loss.lk / t.k; }),
       loss("tv")},
      {"eq13_grid", "what the grid was meant to guarantee",
       formula("mismatch / k", [](const T& t) { return t.loss.mismatch / t.k; }), loss("tv")},
  };
  return table;
}

}  // namespace pacsim
