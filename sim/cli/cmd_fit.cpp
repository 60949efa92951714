// `pacsim fit OUT.h5`: what a results file implies about Proposition 1
// (analysis/fit.hpp), printed and written to the file's /fits.
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "analysis/fit.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/options.hpp"
#include "sim/input/errors.hpp"
#include "sim/input/numbers.hpp"
#include "sim/input/spelling.hpp"
#include "sim/io/atomic_file.hpp"
#include "sim/io/results_file.hpp"
#include "sim/study/record.hpp"

namespace pacsim::cli {

namespace {

struct Options {
  std::string file, law = "hoffmann", delta = "0.1", bootstrap = "1000", seed = "1", from_D;
};

FitOptions fit_options(const Options& opt) {
  FitOptions fo;
  fo.law = parse_law(opt.law);
  fo.law_name = opt.law;
  fo.delta = parse_real(opt.delta, "--delta");
  if (!(fo.delta > 0 && fo.delta < 1)) throw InputError("--delta: " + quote(opt.delta) + " must be in (0, 1)");
  fo.bootstrap = parse_count(opt.bootstrap, "--bootstrap", 1000000);
  // A 95% percentile interval needs resamples in its 2.5% tails.
  if (fo.bootstrap < 100) throw InputError("--bootstrap: " + quote(opt.bootstrap) + " is below 100, too few for a 95% interval");
  fo.seed = parse_count(opt.seed, "--seed", ~std::uint64_t{0});
  if (!opt.from_D.empty()) {
    fo.from_D = static_cast<double>(parse_count(opt.from_D, "--from-D"));
    if (fo.from_D < 1) throw InputError("--from-D: " + quote(opt.from_D) + " is not a corpus size (at least 1)");
  }
  return fo;
}

// The file fit replaces: what `path` names, through any symbolic links, and
// its mode (the copy gets the same). It must be writable by its owner: fit
// does not replace a file its owner protected.
struct Target {
  std::string path;
  unsigned mode = 0;
};

Target fit_target(const std::string& path) {
  char* real = realpath(path.c_str(), nullptr);
  if (!real) throw InputError(escaped(path) + ": " + std::strerror(errno));
  Target t{real};
  std::free(real);
  struct stat st{};
  if (stat(t.path.c_str(), &st) != 0) throw InputError(escaped(path) + ": " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) throw InputError(escaped(path) + ": not a regular file");
  if (!(st.st_mode & S_IWUSR)) throw InputError(escaped(path) + ": read-only; fit writes its /fits group into the file");
  t.mode = st.st_mode & 07777;
  return t;
}

// /fits written into a copy of the file, renamed over it when complete: a kill
// or a full disk leaves the file as it was.
void write_fits(AtomicFile& out, const Target& target, const Fits& fits) {
  out.set_mode(target.mode);
  out.copy_from(target.path);
  ResultsFile copy(out.temporary(), ResultsFile::Access::read_write);
  copy.replace_group("fits", fits_table(fits));
  copy.close();
  out.commit();
}

// --from-D must leave some D to fit.
void require_window(const StudyResults& results, const FitOptions& fo, const std::string& text,
                    const std::string& file) {
  const std::vector<double> D = results.cells.numbers("D");
  const double largest = D.empty() ? 0 : *std::max_element(D.begin(), D.end());
  if (fo.from_D > largest)
    throw InputError("--from-D: " + quote(text) + " is above every D of " + escaped(file) +
                     " (the largest is " + std::to_string(static_cast<std::uint64_t>(largest)) + ")");
}

int run(const Options& opt) {
  const FitOptions fo = fit_options(opt);
  const Target target = fit_target(opt.file);
  AtomicFile out(target.path);  // a folder fit cannot write is found before any work
  StudyResults results;
  {
    const ResultsFile file(opt.file);
    results = file.read();
    check_cell_table(results.cells, opt.file);
    file.read_metrics(results, fit_metrics());
  }
  require_window(results, fo, opt.from_D, opt.file);
  const Fits fits = fit_study(results, fo);
  try {
    write_fits(out, target, fits);
  } catch (const InputError&) {
    throw;
  } catch (const std::runtime_error& e) {
    throw OutputError("cannot write /fits into " + escaped(opt.file) + ": " + e.what());
  }
  print(fits_tsv(fits));
  return 0;
}

}  // namespace

Runner add_fit(CLI::App& app) {
  auto o = std::make_shared<Options>();
  app.description("Growth exponents, Proposition 1's verdicts and implied constants of a results file");
  app.footer(
      "What a results file implies about Proposition 1, per (world, mode): gamma, the growth exponent of |S| in D "
      "(least squares on log-log over the largest half of the D values, or D >= --from-D, with a percentile "
      "bootstrap interval over replicates), each preset's verdict (inside, below, above, straddling), the "
      "skill-doubling factor 2^(1/gamma), Theorem 1's eps quantile exponents in D and d with the implied C1 and C2, "
      "and eq. (11) and (15)'s C3 and C5 with the exponents of their drift in D. Printed as TSV and written to "
      "/fits of the file: into a copy, renamed over the file when complete, so the file is never half-written.");
  app.add_option("file", o->file, "Results file (HDF5)")->required();
  app.add_option("--law", o->law, "Chinchilla constants: hoffmann (beta 0.28) | besiroglu (beta 0.3658)")
      ->capture_default_str();
  app.add_option("--delta", o->delta, "Theorem 1's delta: eps is taken at its (1-delta) quantile")
      ->capture_default_str();
  app.add_option("--bootstrap", o->bootstrap, "Bootstrap resamples (at least 100)")->capture_default_str();
  app.add_option("--seed", o->seed, "Bootstrap seed")->capture_default_str();
  app.add_option("--from-D", o->from_D, "Fit gamma over D >= this (default: the largest half of the D values)");
  return [o] { return run(*o); };
}

}  // namespace pacsim::cli
