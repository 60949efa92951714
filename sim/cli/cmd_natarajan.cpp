// `pacsim natarajan`: the Natarajan dimension of an explicit finite class by
// brute force over the definition (theory/natarajan.hpp), with Natarajan's lemma.
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <cstdio>
#include <fmt/format.h>
#include <set>

#include "commands.hpp"
#include "sim/rng.hpp"
#include "theory/errors.hpp"
#include "theory/natarajan.hpp"
#include "theory/parse.hpp"

namespace pacsim::cli {

int run_natarajan(const NatarajanOptions& opt) {
  const auto n = static_cast<int>(parse_count(opt.X, "--X", 64));
  const auto k = static_cast<int>(parse_count(opt.k, "--k", 255));
  if (n < 1) throw InputError("--X: '" + opt.X + "' must be at least 1");
  if (k < 1) throw InputError("--k: '" + opt.k + "' must be at least 1");
  const std::uint64_t max_functions = parse_count(opt.max_functions, "--max-functions", std::uint64_t{1} << 40);
  const std::uint64_t max_work = parse_count(opt.max_work, "--max-work", ~std::uint64_t{0});
  const double space = std::pow(static_cast<double>(k + 1), n);  // |K^X|
  std::vector<Function> H;
  int N = 0;
  std::uint64_t size = 0;
  if (opt.cls == "all") {
    if (space > static_cast<double>(max_functions))
      throw InputError(fmt::format("natarajan: the class all has (k+1)^X = {:.6g} functions, above "
                                   "--max-functions {}; raise --max-functions", space, max_functions));
    H = all_functions(n, k);
  } else if (opt.cls == "top") {
    if (opt.N.empty()) throw InputError("--N: required with --class top");
    N = static_cast<int>(parse_count(opt.N, "--N", 64));
    if (N < 1) throw InputError("--N: '" + opt.N + "' must be at least 1");
    const double top_size = std::pow(static_cast<double>(k + 1), std::min(N, n) + (n > N ? 1 : 0));
    if (top_size > static_cast<double>(max_functions))
      throw InputError(fmt::format("natarajan: the class top has {:.6g} functions, above --max-functions {}; "
                                   "raise --max-functions", top_size, max_functions));
    H = top_functions(n, k, N);
  } else if (opt.cls == "random") {
    if (opt.size.empty()) throw InputError("--size: required with --class random");
    size = parse_count(opt.size, "--size", max_functions);
    if (size < 1) throw InputError("--size: '" + opt.size + "' must be at least 1");
    if (static_cast<double>(size) > space)
      throw InputError(fmt::format("--size: {} exceeds the {:.6g} functions X -> K", size, space));
    const std::uint64_t seed = parse_count(opt.seed, "--seed", ~std::uint64_t{0});
    Engine eng = make_engine(seed, 0, 0, Stream::hypothesis);
    boost::random::uniform_int_distribution<int> value(0, k);
    std::set<Function> distinct;
    while (distinct.size() < size) {
      Function f(static_cast<std::size_t>(n));
      for (auto& v : f) v = static_cast<std::uint8_t>(value(eng));
      distinct.insert(std::move(f));
    }
    H.assign(distinct.begin(), distinct.end());
  } else {
    throw InputError("--class: '" + opt.cls + "' is not one of all, top, random");
  }
  const NatarajanResult r = natarajan_dimension(H, n, k, max_work);
  std::string witness = "{";
  for (std::size_t i = 0; i < r.witness.size(); ++i) witness += (i ? "," : "") + std::to_string(r.witness[i]);
  witness += "}";
  std::string out = "class\tX\tk\tN\tsize\tdimension\twitness\tlemma_lhs\tlemma_rhs\tlemma_holds\twork\n";
  out += fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n", opt.cls, n, k, N, H.size(), r.dimension,
                     witness, r.lemma_lhs, r.lemma_rhs, r.lemma_lhs <= r.lemma_rhs ? 1 : 0, r.work);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace pacsim::cli
