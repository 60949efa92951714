// The subcommands of the pacsim executable. Each takes its options as the
// strings the user typed and validates them itself, so every bad value is
// reported in one line naming it (InputError -> exit 2).
#pragma once
#include <string>

#include "sim/sampler.hpp"

namespace pacsim::cli {

struct SampleOptions {
  std::string world, D, reps = "1", seed = "1", mode = "multinomial", threads;
};
/// `pacsim sample`: one TSV row per (D, replicate).
int run_sample(const SampleOptions& opt);

struct ExpectOptions {
  std::string world, D, mode = "multinomial";
};
/// `pacsim expect`: one TSV row per D of exact expectations.
int run_expect(const ExpectOptions& opt);

struct ValidateOptions {
  bool quick = false;
  std::string reps = "200", seed = "1", threads;
};
/// `pacsim validate`: sampled means against exact values over a built-in grid.
int run_validate(const ValidateOptions& opt);

struct RunOptions_ {
  std::string study, output, threads;
  bool quiet = false;
};
/// `pacsim run`: a study file into an HDF5 file.
int run_run(const RunOptions_& opt);
/// `pacsim check`: the table of the proof's checks of a study file.
int run_check(const std::string& path);

struct NatarajanOptions {
  std::string cls, X, k, N, size, seed = "1", max_functions = "4194304", max_work = "1e9";
};
/// `pacsim natarajan`: brute-force Natarajan dimension of a finite class.
int run_natarajan(const NatarajanOptions& opt);

struct FitCliOptions {
  std::string file, law = "hoffmann", delta = "0.1", bootstrap = "1000", seed = "1", from_D;
};
/// `pacsim fit`: exponents, verdicts and implied constants of a study file.
int run_fit(const FitCliOptions& opt);

/// `pacsim presets`: Proposition 1's versions and their exponents at this beta.
int run_presets(const std::string& beta);

/// Sampler limits, with PACSIM_MAX_GIB from the environment if set.
SamplerLimits limits_from_env();

/// Thread count from --threads ("" = OpenMP's default); throws InputError if bad.
int parse_threads(const std::string& text);

}  // namespace pacsim::cli
