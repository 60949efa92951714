// A study's results; see study_results.hpp.
#include "sim/results/study_results.hpp"

#include <stdexcept>

namespace pacsim {

std::string side_metric(const std::string& inequality, const std::string& target_scope, bool rhs) {
  return inequality + "_" + target_scope + (rhs ? "_rhs" : "_lhs");
}

std::string outcome_metric(const std::string& inequality, const std::string& target_scope) {
  return inequality + "_" + target_scope + "_outcome";
}

std::string premises_metric(const std::string& target_scope) { return "premises_" + target_scope; }
std::string first_failure_metric(const std::string& target_scope) { return "first_failure_" + target_scope; }
std::string first_failure_cause_metric(const std::string& target_scope) {
  return "first_failure_cause_" + target_scope;
}

std::size_t StudyResults::n_cells() const {
  return cells.columns().empty() ? 0 : column_length(cells.columns().front().values);
}

std::vector<double> StudyResults::replicates(const std::string& metric, std::size_t cell) const {
  const std::vector<double>& v = metrics.doubles(metric);
  if ((cell + 1) * reps > v.size()) throw std::out_of_range("metric " + metric + " has no cell " + std::to_string(cell));
  return std::vector<double>(v.begin() + static_cast<std::ptrdiff_t>(cell * reps),
                             v.begin() + static_cast<std::ptrdiff_t>((cell + 1) * reps));
}

}  // namespace pacsim
