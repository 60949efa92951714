// `pacsim expect`: exact expectations per D, no sampling (theory/expect.hpp
// says what is exact where).
#include <cmath>
#include <memory>

#include "sim/cli/commands.hpp"
#include "sim/cli/options.hpp"
#include "sim/input/numbers.hpp"
#include "sim/input/spelling.hpp"
#include "theory/bounds.hpp"
#include "theory/expect.hpp"

namespace pacsim::cli {

namespace {

struct Options {
  std::string world, D, mode = "multinomial", format = "tsv";
};

int run(const Options& opt) {
  const World world = parse_world(opt.world);
  const auto Ds = parse_count_list(opt.D, "--D");
  const SamplingMode mode = parse_sampling_mode(opt.mode);
  const TableFormat format = parse_table_format(opt.format);
  Report out;
  out.columns = {{"D", "$D$"},
                 {"mode", ""},
                 {"E_unique", "$E|S|$"},
                 {"Var_unique", "$\\mathrm{Var}|S|$"},
                 {"var_method", ""},
                 {"E_hapax", "$E V_1$"},
                 {"E_V2", "$E V_2$"},
                 {"E_V3", "$E V_3$"},
                 {"E_missing_mass", "$E M_0$"},
                 {"entropy", "$H$"},
                 {"karlin_unique", "Karlin $E|S|$"}};
  // Karlin / Gnedin-Hansen-Pitman's asymptote holds for b = 0, a > 1, M = inf.
  const bool karlin = world.b() == 0 && world.a() > 1 && world.infinite();
  for (const auto D : Ds) {
    const Expectation e = expect(world, D, mode);
    const double k = karlin ? karlin_unique(world.a(), world.normaliser(), static_cast<double>(D)) : NAN;
    out.add_row({exact_count(D), text(to_string(mode)), exact(e.E_unique), exact(e.Var_unique), text(e.var_method),
                 exact(e.E_V[1]), exact(e.E_V[2]), exact(e.E_V[3]), exact(e.E_missing_mass),
                 exact(-world.sum_p_log_p()), exact(k)});
  }
  print(out, format);
  return 0;
}

}  // namespace

Runner add_expect(CLI::App& app) {
  auto o = std::make_shared<Options>();
  app.description("Exact expectations of |S|, V_m and the missing mass per D, no sampling");
  app.footer(
      "Exact expectations, no sampling: one row per D (TSV, or --format) with E_unique, Var_unique, var_method, E_hapax, E_V2, "
      "E_V3, E_missing_mass, entropy (nats, -sum p log p), karlin_unique (the Karlin / Gnedin-Hansen-Pitman "
      "asymptote Gamma(1-1/a) (D/Z)^(1/a), for b = 0, a > 1, M = inf; empty otherwise). Sums are term by term for "
      "M <= 2^16, beyond that term by term to rank 4095 then Euler-Maclaurin (relative error ~1e-12). Var_unique "
      "is exact under the Poisson model; under the multinomial model it is exact (the pair sum) for M <= 2048, and "
      "beyond that exact over pairs among the first 2048 ranks and first order in D p_r p_s for pairs with a later "
      "rank (var_method: exact or pairs-first-order). Each value is clamped to the range D and M give it, which "
      "rounding could cross where the true value lies at a bound: E_unique in [1, min(D, M)] (poisson: [0, min(D, "
      "M)]), Var_unique in [0, (range of |S|)^2/4], E_V_m in [0, min(M, D/m)], E_missing_mass in [0, 1], entropy "
      "in [0, log M]; karlin_unique is the asymptote as it stands.");
  app.add_option("--world", o->world, "World, e.g. zm:a=1.2,M=1e6")->required();
  app.add_option("--D", o->D, "Corpus sizes, comma-separated")->required();
  app.add_option("--mode", o->mode, "multinomial (also for draws) | poisson")->capture_default_str();
  app.add_option("--format", o->format, kFormatHelp)->capture_default_str();
  return [o] { return run(*o); };
}

}  // namespace pacsim::cli
