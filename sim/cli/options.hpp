// Option parsing shared by several subcommands: thread counts (resolved by
// thread_count() of sim/study/runner.hpp), the memory limit from the
// environment, and printing a table. Options arrive as the strings the user
// typed; each parser throws InputError naming the option.
#pragma once
#include <string>

#include "sim/sampling/sampler.hpp"

namespace pacsim::cli {

/// --threads: "" (not given: main() refuses an empty value typed on the
/// command line) for OpenMP's default, else 1..4096.
int parse_threads(const std::string& text);

/// The samplers' limits for `threads` replicates at once, with PACSIM_MAX_GIB
/// from the environment when set.
SamplerLimits limits_from_env(int threads = 1);

/// A table (TSV) to stdout.
void print(const std::string& table);

}  // namespace pacsim::cli
