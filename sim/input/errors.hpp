// The error a user can fix: a bad flag, world, study file or results file.
// main() prints its one-line message and exits 2; anything else that reaches
// main() is an internal failure (exit 1). Thrown where user input is read
// (sim/input, sim/study, sim/io, sim/cli), never by the mathematics or the
// samplers, whose preconditions callers check first.
#pragma once
#include <stdexcept>
#include <string>

namespace pacsim {

class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace pacsim
