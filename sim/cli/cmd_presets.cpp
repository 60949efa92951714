// `pacsim presets`: Proposition 1's versions as the paper prints them and as
// computed from a data exponent beta, with the arithmetic that gives each
// range (theory/bounds.hpp).
#include <memory>

#include "sim/cli/commands.hpp"
#include "sim/cli/options.hpp"
#include "sim/input/errors.hpp"
#include "sim/input/numbers.hpp"
#include "theory/bounds.hpp"

namespace pacsim::cli {

namespace {

struct Options {
  std::string beta = "0.28", format = "tsv";
};

// A band's end to 15 significant digits: all a double's arithmetic
// (1 - 2 * 0.28) holds, without its last digit's noise (0.43999999999999995).
ReportValue band_end(double x) {
  ReportValue v = number(x);
  v.digits = 15;
  return v;
}

void add_rows(Report& out, const std::vector<Preset>& bands, const char* source, double beta) {
  for (const Preset& p : bands)
    out.add_row({text(p.name), text(source), exact(beta), band_end(p.lo), band_end(p.hi), number(p.doubling_low()),
                 number(p.doubling_high()), text(p.formula)});
}

int run(const Options& opt) {
  const double beta = parse_real(opt.beta, "--beta");
  if (!(beta > 0 && beta < 0.5)) throw InputError("--beta: " + quote(opt.beta) + " must be in (0, 0.5)");
  const TableFormat format = parse_table_format(opt.format);
  Report out;
  out.columns = {{"preset", ""},
                 {"source", ""},
                 {"beta", "$\\beta$"},
                 {"gamma_lo", "$\\gamma_{\\mathrm{lo}}$"},
                 {"gamma_hi", "$\\gamma_{\\mathrm{hi}}$"},
                 {"doubling_from", "$2^{1/\\gamma_{\\mathrm{hi}}}$"},
                 {"doubling_to", "$2^{1/\\gamma_{\\mathrm{lo}}}$"},
                 {"arithmetic", ""}};
  // The printed bands are the paper's numbers, at its beta of 0.28.
  add_rows(out, printed_presets(), "printed", 0.28);
  add_rows(out, presets(beta), "computed", beta);
  out.caption = "Proposition 1's bands for the growth exponent gamma of |S| ~ D^gamma";
  print(out, format);
  return 0;
}

}  // namespace

Runner add_presets(CLI::App& app) {
  auto o = std::make_shared<Options>();
  app.description("Proposition 1's versions and their exponent ranges, as printed and at a data exponent beta");
  app.footer(
      "Proposition 1's versions (draft, arxiv-v1, arxiv-v3, arxiv-v4): the range [gamma_lo, gamma_hi] each claims "
      "for |S| ~ D^gamma as the paper prints it (source printed, at the paper's beta 0.28), and the same computed "
      "from --beta by the arithmetic of eq. (11) and (15), with and without the |S| factor of eq. (9) and (13) "
      "(source computed, named NAME@beta; the arithmetic column shows the numbers at this beta); the "
      "skill-doubling factors 2^(1/gamma) at each end (empty where undefined). At beta 0.28 the draft's computed "
      "lower end is 0.1467, which the draft prints as 0.14.");
  app.add_option("--beta", o->beta, "Chinchilla's data exponent: 0.28 (Hoffmann et al.), 0.3658 (Besiroglu et al. 2024)")
      ->capture_default_str();
  app.add_option("--format", o->format, kFormatHelp)->capture_default_str();
  return [o] { return run(*o); };
}

}  // namespace pacsim::cli
