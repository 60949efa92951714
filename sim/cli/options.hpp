// Option parsing shared by several subcommands: thread counts (resolved by
// thread_count() of sim/study/runner.hpp), the memory limit from the
// environment, and printing a table in the format --format names. Options arrive as the strings the user
// typed; each parser throws InputError naming the option.
#pragma once
#include <string>

#include "analysis/report.hpp"
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

/// --format: tsv, csv, latex or md.
TableFormat parse_table_format(const std::string& text);

/// The help text of --format.
extern const char* const kFormatHelp;

/// A report to stdout in `format`.
void print(const Report& report, TableFormat format);

}  // namespace pacsim::cli
