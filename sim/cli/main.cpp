// pacsim: the command-line entry point. Builds the parser from the subcommand
// table (commands.hpp), runs the chosen subcommand, and turns errors into exit
// codes: 2 with one line for bad input (InputError, a bad flag), 1 for a file
// the system would not store (OutputError) or an internal failure.
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
  throw pacsim::InputError("unknown subcommand " + pacsim::quote(argv[1]) + " (known: " + known + ")");
}

// Every value given on the command line holds something other than blanks:
// the subcommands read an empty string as "not given" (--threads '' would run
// on all cores). Flags take no value. Not checked here: -o, whose empty value
// cmd_run.cpp judges, and natarajan's options, which cmd_natarajan.cpp checks.
void require_values(const CLI::App& sub) {
  if (sub.get_name() == "natarajan") return;
  for (const CLI::Option* opt : sub.get_options()) {
    if (opt->get_type_size() == 0 || opt->check_name("-o")) continue;
    for (const std::string& v : opt->results())
      if (v.find_first_not_of(" \t\n\r\f\v") == std::string::npos)
        throw pacsim::InputError(opt->get_name() + ": " + pacsim::quote(v) + (v.empty() ? " is empty" : " is blank"));
  }
}

// One line on stderr, whatever the message holds; CLI11's messages echo
// arguments as typed, so they are cut as well.
void print_error(const char* kind, const char* what, std::size_t max = std::string::npos) {
  std::fprintf(stderr, "pacsim: %s: %s\n", kind, pacsim::one_line(what, max).c_str());
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
      if (sub->parsed()) {
        require_values(*sub);
        return run();
      }
    return 2;
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    print_error("error", e.what(), 4 * kShownBytes);
    return 2;
  } catch (const InputError& e) {
    print_error("error", e.what());
    return 2;
  } catch (const OutputError& e) {
    print_error("error", e.what());
    return 1;
  } catch (const std::exception& e) {
    print_error("internal error", e.what());
    return 1;
  }
}
