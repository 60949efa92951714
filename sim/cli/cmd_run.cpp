// `pacsim run STUDY.toml [-o OUT.h5] [--threads T] [--quiet]` and
// `pacsim check OUT.h5`: run a study into HDF5, and tabulate its checks.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "sim/io/plugin.hpp"
#include "commands.hpp"
#include "sim/runner.hpp"
#include "theory/parse.hpp"
#include "sim/study.hpp"

namespace pacsim::cli {

namespace {

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
  using Clock = std::chrono::steady_clock;
  bool quiet_, tty_, final_done_ = false;
  Clock::time_point start_, last_;
};

}  // namespace

int run_run(const RunOptions_& opt) {
  const int threads = parse_threads(opt.threads);
  const Study study = load_study(opt.study);
  const std::string out = opt.output.empty() ? default_output(opt.study) : opt.output;
  Progress progress(opt.quiet);
  RunOptions ro;
  ro.threads = threads;
  ro.limits = limits_from_env();
  ro.progress = [&](std::size_t d, std::size_t t) { progress(d, t); };
  const RunTimings t = run_study(study, out, ro);
  if (!opt.quiet)
    std::fprintf(stderr, "pacsim run: %zu cells x %llu replicates -> %s (sampling and metrics %.2f s, writing %.2f s)\n",
                 study.cells.size(), static_cast<unsigned long long>(study.reps), out.c_str(),
                 t.compute_seconds, t.write_seconds);
  return 0;
}

int run_fit(const FitCliOptions& opt) {
  FitOptions fo;
  fo.law = opt.law;
  fo.delta = parse_real(opt.delta, "--delta");
  fo.bootstrap = parse_count(opt.bootstrap, "--bootstrap", 1000000);
  fo.seed = parse_count(opt.seed, "--seed", ~std::uint64_t{0});
  fo.from_D = opt.from_D.empty() ? 0.0 : static_cast<double>(parse_count(opt.from_D, "--from-D"));
  const std::string table = io_plugin().fit_study(opt.file, fo);
  std::fwrite(table.data(), 1, table.size(), stdout);
  return 0;
}

int run_check(const std::string& path) {
  const std::string table = io_plugin().check_table(path);
  std::fwrite(table.data(), 1, table.size(), stdout);
  return 0;
}

}  // namespace pacsim::cli
