// `pacsim presets`: Proposition 1's versions at a data exponent beta, with the
// arithmetic that gives each range (theory/bounds.hpp).
#include <fmt/format.h>
#include <memory>

#include "sim/cli/commands.hpp"
#include "sim/cli/options.hpp"
#include "sim/input/errors.hpp"
#include "sim/input/numbers.hpp"
#include "theory/bounds.hpp"

namespace pacsim::cli {

namespace {

int run(const std::string& beta_text) {
  const double beta = parse_real(beta_text, "--beta");
  if (!(beta > 0 && beta < 0.5)) throw InputError("--beta: " + quote(beta_text) + " must be in (0, 0.5)");
  std::string out = "preset\tbeta\tgamma_lo\tgamma_hi\tdoubling_from\tdoubling_to\tarithmetic\n";
  for (const auto& p : presets(beta))
    fmt::format_to(std::back_inserter(out), "{}\t{}\t{:.6g}\t{:.6g}\t{:.6g}\t{:.6g}\t{}\n", p.name, beta, p.lo, p.hi,
                   p.doubling_low(), p.doubling_high(), p.formula);
  print(out);
  return 0;
}

}  // namespace

Runner add_presets(CLI::App& app) {
  auto beta = std::make_shared<std::string>("0.28");
  app.description("Proposition 1's versions and their exponent ranges at a data exponent beta");
  app.footer(
      "Proposition 1's versions (draft, arxiv-v1, arxiv-v3, arxiv-v4) at a data exponent beta: the range "
      "[gamma_lo, gamma_hi] each claims for |S| ~ D^gamma, the skill-doubling factors 2^(1/gamma) at its ends, and "
      "the arithmetic from eq. (11) and (15), with and without the |S| factor of eq. (9) and (13).");
  app.add_option("--beta", *beta, "Chinchilla's data exponent: 0.28 (Hoffmann et al.), 0.3658 (Besiroglu et al. 2024)")
      ->capture_default_str();
  return [beta] { return run(*beta); };
}

}  // namespace pacsim::cli
