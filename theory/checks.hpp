// The inequalities of the proof of Proposition 1 that pacsim checks (SPEC §1.5),
// each oriented so that it holds when lhs <= rhs, and the target/scope pairs
// they are checked over. One list for the runner that stores them and the
// readers (check table) that tabulate them.
#pragma once
#include <string>
#include <vector>

namespace pacsim {

struct CheckDef {
  const char* name;
  const char* inequality;  ///< as printed in the schema and the check table
};

/// eq9_paper, eq9_step, pinsker, eq13_paper, eq13_grid, in this order.
inline const std::vector<CheckDef>& check_defs() {
  static const std::vector<CheckDef> defs = {
      {"eq9_paper", "kl <= log(k) * lk * |S|"},
      {"eq9_step", "kl <= log(k) * lk"},
      {"pinsker", "tv^2 / 2 <= kl"},
      {"eq13_paper", "|S| * lk / k <= tv"},
      {"eq13_grid", "mismatch / k <= tv"},
  };
  return defs;
}

/// Target/scope pairs: pop_S, pop_U, train_S, train_U.
inline const std::vector<std::string>& target_scopes() {
  static const std::vector<std::string> ts = {"pop_S", "pop_U", "train_S", "train_U"};
  return ts;
}

}  // namespace pacsim
