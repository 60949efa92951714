// The subcommand table; see commands.hpp.
#include "sim/cli/commands.hpp"

namespace pacsim::cli {

// Defined in cmd_<name>.cpp.
Runner add_sample(CLI::App&);
Runner add_expect(CLI::App&);
Runner add_validate(CLI::App&);
Runner add_run(CLI::App&);
Runner add_check(CLI::App&);
Runner add_fit(CLI::App&);
Runner add_presets(CLI::App&);
Runner add_natarajan(CLI::App&);

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"sample", add_sample}, {"expect", add_expect}, {"validate", add_validate}, {"run", add_run},
      {"check", add_check},   {"fit", add_fit},       {"presets", add_presets},   {"natarajan", add_natarajan},
  };
  return table;
}

}  // namespace pacsim::cli
