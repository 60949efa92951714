// The subcommands of `pacsim`, one file each (cmd_<name>.cpp), listed once in
// commands() (commands.cpp), which main() turns into the parser and --help.
// Adding a subcommand: its file (the build finds cmd_*.cpp), and its row of
// commands() with the declaration above it.
#pragma once
#include <CLI/CLI.hpp>
#include <functional>
#include <vector>

namespace pacsim::cli {

/// Runs a parsed subcommand; returns the exit code.
using Runner = std::function<int()>;

struct Command {
  const char* name;
  /// Describes the subcommand on `sub` and adds its options; returns what runs
  /// it once they are parsed.
  Runner (*add)(CLI::App& sub);
};

/// Every subcommand, in the order --help lists them.
const std::vector<Command>& commands();

}  // namespace pacsim::cli
