// `pacsim fit FILE.h5`: what a results file implies about Proposition 1
// (analysis/fit.hpp), printed as a table. The file is only read, unless
// --write puts /fits and /slopes into it or -o writes a copy with them.
#include <sys/stat.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <memory>
#include <optional>
#include <set>

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
  std::string file, law = "hoffmann", delta = "0.1", bootstrap = "1000", seed = "1", from_D,
      tolerance = "0.01", table = "fits", format = "tsv";
  std::vector<std::string> bands;
  bool write = false;
  std::optional<std::string> output;
};

// --band LO,HI: two finite reals, LO <= HI, named band_LO_HI (shortest text).
Preset parse_band(const std::string& text) {
  const auto comma = text.find(',');
  if (comma == std::string::npos || text.find(',', comma + 1) != std::string::npos)
    throw InputError("--band: " + quote(text) + " is not two numbers LO,HI");
  const std::string what = "--band " + quote(text);
  const double lo = parse_real(text.substr(0, comma), what);
  const double hi = parse_real(text.substr(comma + 1), what);
  if (lo > hi) throw InputError("--band: " + quote(text) + " has LO above HI");
  return {fmt::format("band_{}_{}", lo, hi), "given with --band", lo, hi};
}

std::vector<Preset> parse_bands(const std::vector<std::string>& texts) {
  std::vector<Preset> bands;
  std::set<std::string> names;
  for (const std::string& t : texts) {
    bands.push_back(parse_band(t));
    if (!names.insert(bands.back().name).second) throw InputError("--band: " + quote(t) + " is given twice");
  }
  return bands;
}

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
  fo.tolerance = parse_real(opt.tolerance, "--slope-tol");
  if (!(fo.tolerance > 0 && fo.tolerance <= 1))
    throw InputError("--slope-tol: " + quote(opt.tolerance) + " must be in (0, 1]");
  fo.user_bands = parse_bands(opt.bands);
  return fo;
}

// The file --write replaces: what `path` names, through any symbolic links, and
// its mode (the copy gets the same). It must be writable by its owner: fit
// does not replace a file its owner protected.
struct Target {
  std::string path;
  unsigned mode = 0;
};

Target write_target(const std::string& path) {
  char* real = realpath(path.c_str(), nullptr);
  if (!real) throw InputError(escaped(path) + ": " + std::strerror(errno));
  Target t{real};
  std::free(real);
  struct stat st{};
  if (stat(t.path.c_str(), &st) != 0) throw InputError(escaped(path) + ": " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) throw InputError(escaped(path) + ": not a regular file");
  if (!(st.st_mode & S_IWUSR))
    throw InputError(escaped(path) + ": read-only; --write puts /fits into the file (-o OUT writes a copy)");
  t.mode = st.st_mode & 07777;
  return t;
}

// /fits and /slopes written into a copy of `source`, renamed over the output
// when complete: a kill or a full disk leaves the output as it was.
void write_fits(AtomicFile& out, const std::string& source, const Fits& fits) {
  out.copy_from(source);
  ResultsFile copy(out.temporary(), ResultsFile::Access::read_write);
  copy.replace_group("fits", fits_table(fits));
  copy.replace_group("slopes", slopes_table(fits));
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

StudyResults read_results(const std::string& path) {
  const ResultsFile file(path);
  StudyResults results = file.read();
  check_cell_table(results.cells, path);
  file.read_metrics(results, fit_metrics());
  return results;
}

// Where the fits go besides stdout: the file itself (--write), a copy (-o),
// or nowhere. The output is opened before any work, so a folder fit cannot
// write is found at once.
struct Output {
  std::unique_ptr<AtomicFile> file;
  std::string source, name;
};

Output open_output(const Options& opt) {
  Output out;
  if (opt.write && opt.output) throw InputError("--write and -o: give one (--write rewrites the file, -o writes a copy)");
  if (opt.write) {
    const Target target = write_target(opt.file);
    out.file = std::make_unique<AtomicFile>(target.path);
    out.file->set_mode(target.mode);
    out.source = target.path;
    out.name = opt.file;
  } else if (opt.output) {
    out.file = std::make_unique<AtomicFile>(*opt.output);
    out.source = opt.file;
    out.name = *opt.output;
  }
  return out;
}

int run(const Options& opt) {
  const FitOptions fo = fit_options(opt);
  const TableFormat format = parse_table_format(opt.format);
  if (opt.table != "fits" && opt.table != "slopes")
    throw InputError("--table: " + quote(opt.table) + " must be fits or slopes");
  Output out = open_output(opt);
  const StudyResults results = read_results(opt.file);
  require_window(results, fo, opt.from_D, opt.file);
  const Fits fits = fit_study(results, fo);
  if (out.file) {
    try {
      write_fits(*out.file, out.source, fits);
    } catch (const InputError&) {
      throw;
    } catch (const std::runtime_error& e) {
      throw OutputError("cannot write /fits into " + escaped(out.name) + ": " + e.what());
    }
  }
  print(opt.table == "fits" ? fits_report(fits) : slopes_report(fits), format);
  return 0;
}

}  // namespace

Runner add_fit(CLI::App& app) {
  auto o = std::make_shared<Options>();
  app.description("Growth exponents, their straightness, Proposition 1's verdicts and implied constants of a results file");
  app.footer(
      "What a results file implies about Proposition 1, per (world, mode): gamma, the growth exponent of |S| in D "
      "(least squares on log-log over the largest half of the D values, or D >= --from-D, with a percentile "
      "bootstrap interval over replicates); the exact local slopes d log E|S| / d log D over that window and "
      "whether they stay within --slope-tol of each other (shape straight or curved); each band's verdict on "
      "the union of gamma's interval and the local slopes' range (inside, below, above, straddling; curved when "
      "the window is not a power law; n/a without an interval); the skill-doubling factor 2^(1/gamma); Theorem "
      "1's eps quantile exponents in D and d with the implied C1 and C2; and eq. (11) and (15)'s C3 and C5 with "
      "the exponents of their drift in D. Bands: the presets as the paper prints them (draft [0.14, 0.24], "
      "arxiv-v1 0.58, arxiv-v3 0.44, arxiv-v4 [0.44, 0.72]), the same computed from the law's beta (draft@beta, "
      "...), and each --band. --table slopes prints, per D, mean |S|, E|S|, the exact local slope and the "
      "sampled one to the next D. The file is only read; --write puts /fits and /slopes into it (into a copy, "
      "renamed over the file when complete), -o OUT writes a copy of it with them.");
  app.add_option("file", o->file, "Results file (HDF5)")->required();
  app.add_option("--law", o->law, "Chinchilla constants: hoffmann (beta 0.28) | besiroglu (beta 0.3658)")
      ->capture_default_str();
  app.add_option("--delta", o->delta, "Theorem 1's delta: eps is taken at its (1-delta) quantile")
      ->capture_default_str();
  app.add_option("--bootstrap", o->bootstrap, "Bootstrap resamples (at least 100)")->capture_default_str();
  app.add_option("--seed", o->seed, "Bootstrap seed")->capture_default_str();
  app.add_option("--from-D", o->from_D, "Fit gamma over D >= this (default: the largest half of the D values)");
  app.add_option("--slope-tol", o->tolerance,
                 "Straight when the local slopes over the window vary by at most this (the bands' last printed digit)")
      ->capture_default_str();
  app.add_option("--band", o->bands, "A band LO,HI to judge gamma against (repeatable)")->allow_extra_args(false);
  app.add_option("--table", o->table, "The table to print: fits | slopes")->capture_default_str();
  app.add_option("--format", o->format, kFormatHelp)->capture_default_str();
  app.add_flag("--write", o->write, "Write /fits and /slopes into the file");
  app.add_option("-o,--output", o->output, "Write a copy of the file with /fits and /slopes to this path");
  return [o] { return run(*o); };
}

}  // namespace pacsim::cli
