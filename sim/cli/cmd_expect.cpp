// `pacsim expect`: exact expectations per D (SPEC §1.6, §2); see theory/expect.hpp
// for what is exact where.
#include <cstdio>
#include <fmt/format.h>

#include "commands.hpp"
#include "theory/expect.hpp"
#include "theory/parse.hpp"
#include "theory/world.hpp"

namespace pacsim::cli {

int run_expect(const ExpectOptions& opt) {
  const World world = World::parse(opt.world);
  const auto Ds = parse_count_list(opt.D, "--D");
  const SamplingMode mode = parse_sampling_mode(opt.mode);
  std::string out = "D\tmode\tE_unique\tVar_unique\tvar_method\tE_hapax\tE_V2\tE_V3\tE_missing_mass\n";
  for (const auto D : Ds) {
    const Expectation e = expect(world, D, mode);
    fmt::format_to(std::back_inserter(out), "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n", D,
                   to_string(mode), e.E_unique, e.Var_unique, e.var_method, e.E_V[1], e.E_V[2],
                   e.E_V[3], e.E_missing_mass);
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace pacsim::cli
