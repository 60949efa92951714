// `pacsim expect`: exact expectations per D (SPEC §1.6, §2); see theory/expect.hpp
// for what is exact where.
#include <cmath>
#include <cstdio>
#include <fmt/format.h>

#include "commands.hpp"
#include "theory/bounds.hpp"
#include "theory/expect.hpp"
#include "theory/errors.hpp"
#include "theory/parse.hpp"
#include "theory/world.hpp"

namespace pacsim::cli {

int run_expect(const ExpectOptions& opt) {
  const World world = World::parse(opt.world);
  const auto Ds = parse_count_list(opt.D, "--D");
  const SamplingMode mode = parse_sampling_mode(opt.mode);
  std::string out =
      "D\tmode\tE_unique\tVar_unique\tvar_method\tE_hapax\tE_V2\tE_V3\tE_missing_mass\tentropy\tkarlin_unique\n";
  // Karlin / Gnedin-Hansen-Pitman's asymptote holds for b = 0, a > 1, M = inf.
  const bool karlin = world.b() == 0 && world.a() > 1 && world.infinite();
  for (const auto D : Ds) {
    const Expectation e = expect(world, D, mode);
    const double k = karlin ? karlin_unique(world.a(), world.normaliser(), static_cast<double>(D)) : NAN;
    fmt::format_to(std::back_inserter(out), "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n", D,
                   to_string(mode), e.E_unique, e.Var_unique, e.var_method, e.E_V[1], e.E_V[2],
                   e.E_V[3], e.E_missing_mass, -world.sum_p_log_p(), k);
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace pacsim::cli

namespace pacsim::cli {

int run_presets(const std::string& beta_text) {
  const double beta = parse_real(beta_text, "--beta");
  if (!(beta > 0 && beta < 0.5)) throw InputError("--beta: '" + beta_text + "' must be in (0, 0.5)");
  std::string out = "preset\tbeta\tgamma_lo\tgamma_hi\tdoubling_from\tdoubling_to\tarithmetic\n";
  for (const auto& p : presets(beta))
    fmt::format_to(std::back_inserter(out), "{}\t{}\t{:.6g}\t{:.6g}\t{:.6g}\t{:.6g}\t{}\n", p.name, beta, p.lo, p.hi,
                   p.doubling_low(), p.doubling_high(), p.formula);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace pacsim::cli
