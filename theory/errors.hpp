// pacsim error types. InputError is the user's fault (bad flag, world, study):
// main() prints its one-line message and exits 2. Anything else that reaches
// main() is an internal failure and exits 1.
#pragma once
#include <stdexcept>
#include <string>

namespace pacsim {

class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace pacsim
