// The losses of a finite-precision hypothesis q against a target distribution t,
// summed over a set of sequences (the paper's eq. (2) and (4)):
//   kl       = sum t_s log(t_s / q_s)          the paper's Delta, eq. (2)
//   lk       = sum_{Q_k(t_s) != q_s} t_s       the discrete loss L_k, eq. (4)
//   tv       = sum |t_s - q_s|                 (not halved)
//   mismatch = #{s : Q_k(t_s) != q_s}
//   q_mass   = sum q_s                         1 for a normalised q
// sim/learning computes them; the proof's inequalities (inequalities.hpp) are
// written in them. Adding a loss: a member here and a row of loss_fields().
#pragma once
#include <vector>

namespace pacsim {

struct Losses {
  double kl = 0, lk = 0, tv = 0, mismatch = 0, q_mass = 0;
};

/// One loss: its name (in dataset names such as kl_pop_S), unit and member.
struct LossField {
  const char* name;
  const char* unit;
  double Losses::*member;
};

/// kl, lk, tv, mismatch, q_mass, in this order.
const std::vector<LossField>& loss_fields();

/// The field named `name`, or nullptr.
const LossField* find_loss(const char* name);

}  // namespace pacsim
