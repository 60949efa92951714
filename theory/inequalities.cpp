// The proof's inequalities and the outcome of a check; see inequalities.hpp.
#include "theory/inequalities.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace pacsim {

namespace {

InequalitySide loss(const char* name) { return {name, name, nullptr}; }
InequalitySide formula(const char* text, double (*f)(const InequalityTerms&)) { return {text, nullptr, f}; }

// Violated: lhs exceeds rhs by more than rounding. With one side infinite the
// comparison itself decides.
bool violates(double lhs, double rhs) {
  if (std::isinf(lhs) || std::isinf(rhs)) return lhs > rhs;
  return lhs - rhs > kRoundingTolerance * std::max(std::fabs(lhs), std::fabs(rhs));
}

bool near_one(double mass) { return std::fabs(mass - 1) <= kMassTolerance; }

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
  constexpr bool step = true, times_lk = true, renormalised = true;
  static const std::vector<Inequality> table = {
      {"eq9_step", "the line before (9)", loss("kl"),
       formula("log(k) * lk", [](const T& t) { return std::log(t.k) * t.loss.lk; }), step, times_lk, !renormalised},
      {"eq9_paper", "eq. (9) as printed", loss("kl"),
       formula("log(k) * lk * |S|", [](const T& t) { return std::log(t.k) * t.loss.lk * t.S; }), step, times_lk,
       !renormalised},
      {"pinsker", "eq. (13), Pinsker", formula("tv^2 / 2", [](const T& t) { return t.loss.tv * t.loss.tv / 2; }),
       loss("kl"), step, !times_lk, !renormalised},
      {"eq13_grid", "what the grid was meant to guarantee",
       formula("mismatch / k", [](const T& t) { return t.loss.mismatch / t.k; }), loss("tv"), step, !times_lk,
       !renormalised},
      {"eq13_paper", "eq. (13), second line", formula("|S| * lk / k", [](const T& t) { return t.S * t.loss.lk / t.k; }),
       loss("tv"), step, !times_lk, !renormalised},
      {"pinsker_norm", "Pinsker on t and q renormalised over the scope (not a step: cannot fail)",
       formula("tv_norm^2 / 2", [](const T& t) { return t.loss.tv_norm * t.loss.tv_norm / 2; }), loss("kl_norm"),
       !step, !times_lk, renormalised},
  };
  return table;
}

const Inequality* find_inequality(const std::string& name) {
  for (const Inequality& i : inequalities())
    if (name == i.name) return &i;
  return nullptr;
}

std::vector<std::string> proof_steps() {
  std::vector<std::string> names;
  for (const Inequality& i : inequalities())
    if (i.proof_step) names.push_back(i.name);
  return names;
}

const std::vector<std::string>& outcome_names() {
  static const std::vector<std::string> names = {"holds",      "vacuous",        "unfounded",
                                                 "undefined",  "infinite_side",  "grid_equal",
                                                 "premise_target", "premise_q", "genuine"};
  return names;
}

const std::string& outcome_name(Outcome o) { return outcome_names().at(static_cast<std::size_t>(o)); }

bool outcome_from_code(double code, Outcome& out) {
  if (!(code >= 0 && code < kOutcomeCount) || code != std::floor(code)) return false;
  out = static_cast<Outcome>(static_cast<int>(code));
  return true;
}

bool mass_premises(const Losses& loss) { return near_one(loss.t_mass) && near_one(loss.q_mass); }

Outcome classify(const Inequality& ineq, double lhs, double rhs, const Losses& loss) {
  if (std::isnan(lhs) || std::isnan(rhs) || (std::isinf(lhs) && std::isinf(rhs))) return Outcome::undefined;
  const bool masses = ineq.renormalised || mass_premises(loss);
  if (!violates(lhs, rhs)) {
    if (!(lhs > 0)) return Outcome::vacuous;
    return masses && std::isfinite(lhs) && std::isfinite(rhs) ? Outcome::holds : Outcome::unfounded;
  }
  if (std::isinf(lhs) || std::isinf(rhs)) return Outcome::infinite_side;
  if (ineq.rhs_times_lk && loss.lk == 0 && loss.kl > 0) return Outcome::grid_equal;
  if (!ineq.renormalised && !near_one(loss.t_mass)) return Outcome::premise_target;
  if (!ineq.renormalised && !near_one(loss.q_mass)) return Outcome::premise_q;
  return Outcome::genuine;
}

Outcome classify(const Inequality& ineq, const InequalityTerms& t) {
  return classify(ineq, ineq.lhs.value(t), ineq.rhs.value(t), t.loss);
}

int first_violation(const std::vector<Outcome>& steps) {
  for (std::size_t i = 0; i < steps.size(); ++i)
    if (is_violation(steps[i])) return static_cast<int>(i);
  return -1;
}

}  // namespace pacsim
