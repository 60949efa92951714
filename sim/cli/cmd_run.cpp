// `pacsim run STUDY.toml [-o OUT.h5] [--threads T] [--quiet]`: a study file run
// into a results file. The output path is checked before any work, the results
// are written under a temporary name and renamed when complete.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/cli/commands.hpp"
#include "sim/cli/options.hpp"
#include "sim/input/errors.hpp"
#include "sim/io/atomic_file.hpp"
#include "sim/io/results_file.hpp"
#include "sim/study/runner.hpp"
#include "sim/study/study.hpp"

namespace pacsim::cli {

namespace {

struct Options {
  std::string study, threads;
  std::optional<std::string> output;  ///< absent: the default; given empty: refused
  bool quiet = false;
};

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// STUDY.toml -> STUDY.h5, in the current directory.
std::string default_output(const std::string& study_path) {
  std::string base = study_path;
  if (const auto slash = base.find_last_of('/'); slash != std::string::npos) base = base.substr(slash + 1);
  if (const auto dot = base.rfind(".toml"); dot != std::string::npos && dot + 5 == base.size())
    base = base.substr(0, dot);
  return base + ".h5";
}

// A bar when stderr is a terminal, a line every ~5 s otherwise.
class Progress {
 public:
  explicit Progress(bool quiet) : quiet_(quiet), tty_(isatty(2) != 0), start_(Clock::now()), last_(start_) {}
  void operator()(std::size_t done, std::size_t total) {
    if (quiet_ || final_done_) return;
    const auto now = Clock::now();
    const double since = std::chrono::duration<double>(now - last_).count();
    const bool final = done == total;
    final_done_ = final;
    if (!final && since < (tty_ ? 0.2 : 5.0)) return;
    last_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double frac = total ? static_cast<double>(done) / static_cast<double>(total) : 1.0;
    if (tty_) {
      const int width = 30, fill = static_cast<int>(frac * width);
      std::fprintf(stderr, "\r[%.*s%*s] %5.1f%% %zu/%zu replicates, %.1f s", fill,
                   "##############################", width - fill, "", 100 * frac, done, total, elapsed);
      if (final) std::fputc('\n', stderr);
    } else {
      std::fprintf(stderr, "pacsim run: %zu/%zu replicates (%.0f%%), %.1f s\n", done, total, 100 * frac, elapsed);
    }
    std::fflush(stderr);
  }

 private:
  bool quiet_, tty_, final_done_ = false;
  Clock::time_point start_, last_;
};

// `path` as one shell word: in single quotes, a quote inside as '\''; a name
// with unprintable bytes is shown escaped instead (one line, not for pasting).
std::string shell_word(const std::string& path) {
  if (escaped(path) != path) return escaped(path);
  std::string out = "'";
  for (const char c : path) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Temporary files of earlier runs to the same output that were killed where no
// handler could remove them (SIGKILL, a power cut): named, with how to remove them.
void report_stale(const std::string& out_path) {
  const std::vector<std::string> stale = stale_temporaries(out_path);
  if (stale.empty()) return;
  std::string names;
  for (const std::string& s : stale) names += " " + shell_word(s);
  std::fprintf(stderr, "pacsim run: note: %zu temporary file(s) of killed runs, safe to remove: rm --%s\n",
               stale.size(), names.c_str());
}

int run(const Options& opt) {
  const int threads = thread_count(parse_threads(opt.threads));
  const SamplerLimits limits = limits_from_env(threads);
  const Study study = load_study(opt.study, limits);
  const std::string out_path = opt.output ? *opt.output : default_output(opt.study);
  AtomicFile out(out_path);  // a bad output path is found before any work
  report_stale(out_path);
  Progress progress(opt.quiet);
  RunOptions ro;
  ro.threads = threads;
  ro.limits = limits;
  ro.progress = [&](std::size_t d, std::size_t t) { progress(d, t); };
  const auto t0 = Clock::now();
  const StudyResults results = run_study(study, ro);
  const double compute = seconds_since(t0);
  const auto t1 = Clock::now();
  try {
    write_results_file(results, out.temporary());
    out.commit();
  } catch (const InputError&) {
    throw;
  } catch (const std::runtime_error& e) {
    throw OutputError("cannot write " + escaped(out_path) + ": " + e.what());
  }
  if (!opt.quiet)
    std::fprintf(stderr, "pacsim run: %zu cells x %llu replicates -> %s (sampling and metrics %.2f s, writing %.2f s)\n",
                 study.cells.size(), static_cast<unsigned long long>(study.reps), escaped(out_path).c_str(), compute,
                 seconds_since(t1));
  return 0;
}

}  // namespace

Runner add_run(CLI::App& app) {
  auto o = std::make_shared<Options>();
  app.description("Run a study file (TOML) into a results file (HDF5)");
  app.footer(
      "Run a study (a TOML file: lists of worlds, D, mode, k, rounding, min_one_over_k, class, N, estimator, beta; "
      "reps; seed) over the Cartesian grid of its lists and write the results file (HDF5) described in "
      "sim/io/SCHEMA.md. The file is written under a temporary name and renamed when complete. Progress on stderr "
      "(a bar on a terminal).");
  app.add_option("study", o->study, "Study file (TOML)")->required();
  app.add_option("-o,--output", o->output,
                 "Results file, HDF5 (default: the study's name with .h5, in the current directory). A regular file "
                 "there is replaced; a directory, FIFO, device or symbolic link is refused");
  app.add_option("--threads", o->threads, "OpenMP threads (default: all cores); results do not depend on it");
  app.add_flag("--quiet", o->quiet, "No progress or summary on stderr");
  return [o] { return run(*o); };
}

}  // namespace pacsim::cli
