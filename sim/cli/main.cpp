// pacsim: command-line entry point. Parses the subcommand, hands its options to
// the command, and turns errors into exit codes: 2 with one line for bad input,
// 1 for an internal failure (SPEC §2).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <string>

#include "commands.hpp"
#include "theory/errors.hpp"
#include "version.hpp"

int main(int argc, char** argv) {
  using namespace pacsim;
  CLI::App app{"pacsim " PACSIM_VERSION
               " — Monte Carlo PAC-learning simulator for the scaling-law proofs of "
               "Kausik, Scaling Efficient LLMs."};
  app.set_version_flag("--version", std::string("pacsim " PACSIM_VERSION " (" PACSIM_GIT_COMMIT ")"));
  app.require_subcommand(1);

  cli::SampleOptions so;
  auto* sample = app.add_subcommand(
      "sample",
      "Sample corpora: one TSV row per (D, replicate) with D, rep, size (the corpus's "
      "realised size: D, or Poisson(D) in poisson mode), unique (|S|), hapax (V_1), V2, V3, "
      "missing_mass (true unseen probability), gt_missing (Good-Turing V_1/size), seconds.");
  sample->add_option("--world", so.world, "World, e.g. zm:a=1.2,b=0,M=1e6 or zm:a=2.5,M=inf")->required();
  sample->add_option("--D", so.D, "Corpus sizes, comma-separated; 1e6 and 2^40 accepted; 1..2^62")
      ->required();
  sample->add_option("--reps", so.reps, "Replicates per D (>= 1)")->capture_default_str();
  sample->add_option("--seed", so.seed, "Master seed (0..2^64-1)")->capture_default_str();
  sample->add_option("--mode", so.mode, "multinomial (exact, fixed D) | poisson | draws (O(D) reference)")
      ->capture_default_str();
  sample->add_option("--threads", so.threads, "OpenMP threads (default: all cores); results do not depend on it");

  cli::ExpectOptions eo;
  auto* expect = app.add_subcommand(
      "expect",
      "Exact expectations, no sampling: one TSV row per D with E_unique, Var_unique, var_method, "
      "E_hapax, E_V2, E_V3, E_missing_mass, entropy (nats, -sum p log p), karlin_unique (the "
      "Karlin / Gnedin-Hansen-Pitman asymptote Gamma(1-1/a) (D/Z)^(1/a), for b = 0, M = inf; nan "
      "otherwise). Sums are term by term for M <= 2^16, beyond that term "
      "by term to rank 4095 then Euler-Maclaurin (relative error ~1e-12). Var_unique is exact "
      "under the Poisson model; under the multinomial model it is exact (the pair sum) for "
      "M <= 2048, and beyond that exact over pairs among the first 2048 ranks and first order "
      "in D p_r p_s for pairs with a later rank (var_method: exact or pairs-first-order).");
  expect->add_option("--world", eo.world, "World, e.g. zm:a=1.2,M=1e6")->required();
  expect->add_option("--D", eo.D, "Corpus sizes, comma-separated")->required();
  expect->add_option("--mode", eo.mode, "multinomial (also for draws) | poisson")->capture_default_str();

  cli::ValidateOptions vo;
  auto* validate = app.add_subcommand(
      "validate",
      "Check this build: over a built-in grid of worlds (finite and infinite, a from 0 to 6), "
      "modes and D, print per cell the sampled means of |S| and V_1, their exact values, "
      "z-scores and a verdict (ok when both |z| <= 4). Exit 1 if any cell fails.");
  validate->add_flag("--quick", vo.quick, "Smaller grid (D up to 1e5)");
  validate->add_option("--reps", vo.reps, "Replicates per cell (>= 2)")->capture_default_str();
  validate->add_option("--seed", vo.seed, "Master seed")->capture_default_str();
  validate->add_option("--threads", vo.threads, "OpenMP threads (default: all cores)");

  cli::RunOptions_ ro;
  auto* run = app.add_subcommand(
      "run",
      "Run a study (a TOML file: lists of worlds, D, mode, k, rounding, min_one_over_k, class, N, "
      "estimator, beta; reps; seed) over the Cartesian grid of its lists and write the HDF5 file "
      "described in sim/SCHEMA.md. The file is written under a temporary name and renamed when "
      "complete. Progress on stderr (a bar on a terminal).");
  run->add_option("study", ro.study, "Study file (TOML)")->required();
  run->add_option("-o,--output", ro.output, "Output HDF5 file (default: the study's name with .h5, "
                                            "in the current directory; overwritten)");
  run->add_option("--threads", ro.threads, "OpenMP threads (default: all cores); results do not depend on it");
  run->add_flag("--quiet", ro.quiet, "No progress or summary on stderr");

  std::string check_path;
  auto* check = app.add_subcommand(
      "check",
      "The proof's checks of a study file, one row per (check, target/scope): replicates checked "
      "(both sides defined), holding (lhs <= rhs), violated, violated_inf (by an infinite amount), "
      "worst_slack and worst_finite_slack (rhs - lhs), and the cell and replicate of the worst finite "
      "violation with its parameters. Violations are findings: exit 0.");
  check->add_option("file", check_path, "Study output (HDF5)")->required();

  std::string preset_beta = "0.28";
  auto* pre = app.add_subcommand(
      "presets",
      "Proposition 1's versions (draft, arxiv-v1, arxiv-v3, arxiv-v4) at a data exponent beta: the "
      "range [gamma_lo, gamma_hi] each claims for |S| ~ D^gamma, the skill-doubling factors 2^(1/gamma) "
      "at its ends, and the arithmetic from eq. (11) and (15), with and without the |S| factor of "
      "eq. (9) and (13).");
  pre->add_option("--beta", preset_beta, "Chinchilla's data exponent: 0.28 (Hoffmann et al.), 0.3658 "
                                         "(Besiroglu et al. 2024)")->capture_default_str();

  cli::FitCliOptions fo;
  auto* fit = app.add_subcommand(
      "fit",
      "What a study file implies about Proposition 1, per (world, mode): gamma, the growth exponent of "
      "|S| in D (least squares on log-log over the largest half of the D values, or D >= --from-D, "
      "with a percentile bootstrap interval over replicates), each preset's verdict (inside, below, "
      "above, straddling), the skill-doubling factor 2^(1/gamma), Theorem 1's eps quantile exponents "
      "in D and d with the implied C1 and C2, and eq. (11) and (15)'s C3 and C5 with the exponents of "
      "their drift in D. Printed as TSV and written to /fits of the file.");
  fit->add_option("file", fo.file, "Study output (HDF5)")->required();
  fit->add_option("--law", fo.law, "Chinchilla constants: hoffmann (beta 0.28) | besiroglu (beta 0.3658)")
      ->capture_default_str();
  fit->add_option("--delta", fo.delta, "Theorem 1's delta: eps is taken at its (1-delta) quantile")
      ->capture_default_str();
  fit->add_option("--bootstrap", fo.bootstrap, "Bootstrap resamples")->capture_default_str();
  fit->add_option("--seed", fo.seed, "Bootstrap seed")->capture_default_str();
  fit->add_option("--from-D", fo.from_D, "Fit gamma over D >= this (default: the largest half of the D values)");

  cli::NatarajanOptions no;
  auto* nat = app.add_subcommand(
      "natarajan",
      "The Natarajan dimension of an explicit finite class of functions X -> {0..k} by brute force "
      "over the definition (generalized shattering), with a witness shattered set and Natarajan's "
      "lemma |H| <= |X|^d (k+1)^(2d). Classes: all (every function), top (the first N elements of X "
      "have their own value, the rest share one), random (--size distinct functions, --seed). "
      "TSV: class, X, k, N, size, dimension, witness, lemma_lhs, lemma_rhs, lemma_holds, work (look-ups "
      "made; the search runs in parallel, so work may vary between runs, the rest does not).");
  nat->add_option("--class", no.cls, "all | top | random")->required();
  nat->add_option("--X", no.X, "|X|, 1..64")->required();
  nat->add_option("--k", no.k, "Precision: values 0..k, k in 1..255")->required();
  nat->add_option("--N", no.N, "top: elements with their own value");
  nat->add_option("--size", no.size, "random: number of distinct functions");
  nat->add_option("--seed", no.seed, "random: seed")->capture_default_str();
  nat->add_option("--max-functions", no.max_functions, "Largest class to build")->capture_default_str();
  nat->add_option("--max-work", no.max_work, "Most pattern look-ups the search may make")->capture_default_str();

  try {
    // CLI11 would only say "A subcommand is required"; name the stranger instead.
    if (argc > 1 && argv[1][0] != '-' && std::string(argv[1]) != "sample" &&
        std::string(argv[1]) != "expect" && std::string(argv[1]) != "validate" &&
        std::string(argv[1]) != "run" && std::string(argv[1]) != "check" &&
        std::string(argv[1]) != "natarajan" && std::string(argv[1]) != "fit" &&
        std::string(argv[1]) != "presets")
      throw InputError(std::string("unknown subcommand '") + argv[1] + "' (known: sample, expect, validate, run, check, fit, presets, natarajan)");
    app.parse(argc, argv);
    if (sample->parsed()) return cli::run_sample(so);
    if (expect->parsed()) return cli::run_expect(eo);
    if (validate->parsed()) return cli::run_validate(vo);
    if (run->parsed()) return cli::run_run(ro);
    if (check->parsed()) return cli::run_check(check_path);
    if (nat->parsed()) return cli::run_natarajan(no);
    if (fit->parsed()) return cli::run_fit(fo);
    if (pre->parsed()) return cli::run_presets(preset_beta);
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
