// `pacsim natarajan`: the Natarajan dimension of an explicit finite class by
// brute force over the definition (theory/natarajan.hpp), with Natarajan's lemma.
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <fmt/format.h>
#include <memory>
#include <set>

#include "sim/cli/commands.hpp"
#include "sim/cli/options.hpp"
#include "sim/input/errors.hpp"
#include "sim/input/numbers.hpp"
#include "sim/random/rng.hpp"
#include "theory/natarajan.hpp"

namespace pacsim::cli {

namespace {

struct Options {
  std::string cls, X, k, N, size, seed = "1", max_functions = "4194304", max_work = "1e9";
};

// `size` distinct uniform functions X -> {0..k}, from the engine of `seed`.
std::vector<Function> random_functions(int n, int k, std::uint64_t size, std::uint64_t seed) {
  Engine eng = make_engine(seed, 0, 0, Stream::hypothesis);
  boost::random::uniform_int_distribution<int> value(0, k);
  std::set<Function> distinct;
  while (distinct.size() < size) {
    Function f(static_cast<std::size_t>(n));
    for (auto& v : f) v = static_cast<std::uint8_t>(value(eng));
    distinct.insert(std::move(f));
  }
  return std::vector<Function>(distinct.begin(), distinct.end());
}

// The class the options name; N and size are set for the table.
std::vector<Function> build_class(const Options& opt, int n, int k, int& N, std::uint64_t& size) {
  const std::uint64_t max_functions = parse_count(opt.max_functions, "--max-functions", std::uint64_t{1} << 40);
  const double space = std::pow(static_cast<double>(k + 1), n);  // |K^X|
  if (opt.cls == "all") {
    if (space > static_cast<double>(max_functions))
      throw InputError(fmt::format("natarajan: the class all has (k+1)^X = {:.6g} functions, above "
                                   "--max-functions {}; raise --max-functions", space, max_functions));
    return all_functions(n, k);
  }
  if (opt.cls == "top") {
    if (opt.N.empty()) throw InputError("--N: required with --class top");
    N = static_cast<int>(parse_count(opt.N, "--N", 64));
    if (N < 1) throw InputError("--N: '" + opt.N + "' must be at least 1");
    const double top_size = std::pow(static_cast<double>(k + 1), std::min(N, n) + (n > N ? 1 : 0));
    if (top_size > static_cast<double>(max_functions))
      throw InputError(fmt::format("natarajan: the class top has {:.6g} functions, above --max-functions {}; "
                                   "raise --max-functions", top_size, max_functions));
    return top_functions(n, k, N);
  }
  if (opt.cls == "random") {
    if (opt.size.empty()) throw InputError("--size: required with --class random");
    size = parse_count(opt.size, "--size", max_functions);
    if (size < 1) throw InputError("--size: '" + opt.size + "' must be at least 1");
    if (static_cast<double>(size) > space)
      throw InputError(fmt::format("--size: {} exceeds the {:.6g} functions X -> K", size, space));
    return random_functions(n, k, size, parse_count(opt.seed, "--seed", ~std::uint64_t{0}));
  }
  throw InputError("--class: '" + opt.cls + "' is not one of all, top, random");
}

int run(const Options& opt) {
  const auto n = static_cast<int>(parse_count(opt.X, "--X", 64));
  const auto k = static_cast<int>(parse_count(opt.k, "--k", 255));
  if (n < 1) throw InputError("--X: '" + opt.X + "' must be at least 1");
  if (k < 1) throw InputError("--k: '" + opt.k + "' must be at least 1");
  const std::uint64_t max_work = parse_count(opt.max_work, "--max-work", ~std::uint64_t{0});
  int N = 0;
  std::uint64_t size = 0;
  const std::vector<Function> H = build_class(opt, n, k, N, size);
  const NatarajanResult r = natarajan_dimension(H, n, k, max_work);
  if (!r.finished)
    throw InputError("natarajan: the search needs more than --max-work " + std::to_string(max_work) +
                     " pattern look-ups; raise --max-work");
  std::string witness = "{";
  for (std::size_t i = 0; i < r.witness.size(); ++i) witness += (i ? "," : "") + std::to_string(r.witness[i]);
  witness += "}";
  std::string out = "class\tX\tk\tN\tsize\tdimension\twitness\tlemma_lhs\tlemma_rhs\tlemma_holds\twork\n";
  out += fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n", opt.cls, n, k, N, H.size(), r.dimension, witness,
                     r.lemma_lhs, r.lemma_rhs, r.lemma_lhs <= r.lemma_rhs ? 1 : 0, r.work);
  print(out);
  return 0;
}

}  // namespace

Runner add_natarajan(CLI::App& app) {
  auto o = std::make_shared<Options>();
  app.description("The Natarajan dimension of an explicit finite class, by brute force");
  app.footer(
      "The Natarajan dimension of an explicit finite class of functions X -> {0..k} by brute force over the "
      "definition (generalized shattering), with a witness shattered set and Natarajan's lemma "
      "|H| <= |X|^d (k+1)^(2d). Classes: all (every function), top (the first N elements of X have their own value, "
      "the rest share one), random (--size distinct functions, --seed). TSV: class, X, k, N, size, dimension, "
      "witness, lemma_lhs, lemma_rhs, lemma_holds, work (look-ups made; the search runs in parallel, so work may "
      "vary between runs, the rest does not).");
  app.add_option("--class", o->cls, "all | top | random")->required();
  app.add_option("--X", o->X, "|X|, 1..64")->required();
  app.add_option("--k", o->k, "Precision: values 0..k, k in 1..255")->required();
  app.add_option("--N", o->N, "top: elements with their own value");
  app.add_option("--size", o->size, "random: number of distinct functions");
  app.add_option("--seed", o->seed, "random: seed")->capture_default_str();
  app.add_option("--max-functions", o->max_functions, "Largest class to build")->capture_default_str();
  app.add_option("--max-work", o->max_work, "Most pattern look-ups the search may make")->capture_default_str();
  return [o] { return run(*o); };
}

}  // namespace pacsim::cli
