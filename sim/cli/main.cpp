// pacsim: the command-line entry point. Builds the parser from the subcommand
// table (commands.hpp), runs the chosen subcommand, and turns errors into exit
// codes: 2 with one line for bad input (InputError, a bad flag), 1 for an
// internal failure.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "sim/cli/commands.hpp"
#include "sim/input/errors.hpp"
#include "sim/version.hpp"

namespace {

// CLI11 would only say "A subcommand is required"; name the stranger instead.
void require_known_subcommand(int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') return;
  std::string known;
  for (const auto& c : pacsim::cli::commands()) {
    if (argv[1] == std::string(c.name)) return;
    known += (known.empty() ? "" : ", ") + std::string(c.name);
  }
  throw pacsim::InputError(std::string("unknown subcommand '") + argv[1] + "' (known: " + known + ")");
}

}  // namespace

int main(int argc, char** argv) {
  using namespace pacsim;
  CLI::App app{"pacsim " PACSIM_VERSION
               " — Monte Carlo PAC-learning simulator for the scaling-law proofs of "
               "Kausik, Scaling Efficient LLMs."};
  app.set_version_flag("--version", std::string("pacsim " PACSIM_VERSION " (" PACSIM_GIT_COMMIT ")"));
  app.require_subcommand(1);
  std::vector<std::pair<CLI::App*, cli::Runner>> subcommands;
  for (const auto& c : cli::commands()) {
    CLI::App* sub = app.add_subcommand(c.name);
    subcommands.emplace_back(sub, c.add(*sub));
  }
  try {
    require_known_subcommand(argc, argv);
    app.parse(argc, argv);
    for (const auto& [sub, run] : subcommands)
      if (sub->parsed()) return run();
    return 2;
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "pacsim: error: %s\n", e.what());
    return 2;
  } catch (const InputError& e) {
    std::fprintf(stderr, "pacsim: error: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "pacsim: internal error: %s\n", e.what());
    return 1;
  }
}
