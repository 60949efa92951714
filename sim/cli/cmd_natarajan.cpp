// `pacsim natarajan`: the Natarajan dimension of an explicit finite class by
// brute force over the definition (theory/natarajan.hpp), with Natarajan's lemma.
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <fmt/format.h>
#include <memory>
#include <set>
#include <stdexcept>

#include "sim/cli/commands.hpp"
#include "sim/cli/options.hpp"
#include "sim/input/errors.hpp"
#include "sim/input/numbers.hpp"
#include "sim/random/rng.hpp"
#include "theory/natarajan.hpp"

namespace pacsim::cli {

namespace {

struct Options {
  std::string cls, X, k, N, size, seed, max_functions = "4194304", max_work = "1e9", format = "tsv";
};

// The class as the options describe it, before it is built.
struct ClassSpec {
  int n = 0, k = 0, N = 0;  // N: top only
  std::uint64_t size = 0;   // the number of functions
  int dimension = -1;       // known in closed form for all (n) and top (min(n, N+1)); -1 for random
};

// A flag the chosen class does not read is refused, not silently ignored.
void refuse_meaningless(const Options& opt) {
  const auto refuse = [&](const char* flag, const std::string& value, const char* for_class) {
    if (!value.empty())
      throw InputError(fmt::format("{}: '{}' has no meaning for --class {} (only for --class {})", flag, value,
                                   opt.cls, for_class));
  };
  if (opt.cls != "top") refuse("--N", opt.N, "top");
  if (opt.cls != "random") {
    refuse("--size", opt.size, "random");
    refuse("--seed", opt.seed, "random");
  }
}

ClassSpec class_spec(const Options& opt, int n, int k) {
  if (opt.cls != "all" && opt.cls != "top" && opt.cls != "random")
    throw InputError("--class: '" + opt.cls + "' is not one of all, top, random");
  refuse_meaningless(opt);
  const std::uint64_t max_functions = parse_count(opt.max_functions, "--max-functions", std::uint64_t{1} << 40);
  const double space = std::pow(static_cast<double>(k + 1), n);  // |K^X|
  ClassSpec c{n, k, 0, 0, -1};
  if (opt.cls == "random") {
    if (opt.size.empty()) throw InputError("--size: required with --class random");
    c.size = parse_count(opt.size, "--size", max_functions);
    if (c.size < 1) throw InputError("--size: '" + opt.size + "' must be at least 1");
    if (static_cast<double>(c.size) > space)
      throw InputError(fmt::format("--size: {} exceeds the {:.6g} functions X -> K", c.size, space));
    return c;
  }
  double size = space;
  c.dimension = n;
  if (opt.cls == "top") {
    if (opt.N.empty()) throw InputError("--N: required with --class top");
    c.N = static_cast<int>(parse_count(opt.N, "--N", 64));
    if (c.N < 1) throw InputError("--N: '" + opt.N + "' must be at least 1");
    size = std::pow(static_cast<double>(k + 1), std::min(c.N, n) + (n > c.N ? 1 : 0));
    c.dimension = std::min(n, c.N + 1);
  }
  if (size > static_cast<double>(max_functions))
    throw InputError(fmt::format("natarajan: the class {} has {:.6g} functions, above --max-functions {}; "
                                 "raise --max-functions", opt.cls, size, max_functions));
  c.size = static_cast<std::uint64_t>(size);
  return c;
}

// `size` distinct uniform functions X -> {0..k}, from the engine of `seed`. Each
// draw costs n units and n more per comparison that keeps the set distinct (about
// log2 size of them); false if the meter runs out first.
bool random_functions(const ClassSpec& c, std::uint64_t seed, WorkMeter& meter, std::vector<Function>& H) {
  Engine eng = make_engine(seed, 0, 0, Stream::hypothesis);
  boost::random::uniform_int_distribution<int> value(0, c.k);
  const auto per_draw = static_cast<std::uint64_t>(c.n) * (1 + 64 - __builtin_clzll(c.size));
  std::set<Function> distinct;
  while (distinct.size() < c.size) {
    if (!meter.charge(per_draw)) return false;
    Function f(static_cast<std::size_t>(c.n));
    for (auto& v : f) v = static_cast<std::uint8_t>(value(eng));
    distinct.insert(std::move(f));
  }
  H.assign(distinct.begin(), distinct.end());
  return true;
}

// The class, built under the meter (size n units for all and top).
std::vector<Function> build_class(const Options& opt, const ClassSpec& c, WorkMeter& meter) {
  std::vector<Function> H;
  if (opt.cls == "random") {
    const std::uint64_t seed = parse_count(opt.seed.empty() ? "1" : opt.seed, "--seed", ~std::uint64_t{0});
    if (!random_functions(c, seed, meter, H))
      throw InputError(fmt::format("natarajan: drawing {} distinct functions needs more than --max-work {} "
                                   "units; raise --max-work", c.size, meter.limit()));
    return H;
  }
  if (!meter.charge(c.size * static_cast<std::uint64_t>(c.n)))
    throw std::logic_error("natarajan: the build was not in the work estimate");
  return opt.cls == "all" ? all_functions(c.n, c.k) : top_functions(c.n, c.k, c.N);
}

int run(const Options& opt) {
  const TableFormat format = parse_table_format(opt.format);
  const auto n = static_cast<int>(parse_count(opt.X, "--X", 64));
  const auto k = static_cast<int>(parse_count(opt.k, "--k", 255));
  if (n < 1) throw InputError("--X: '" + opt.X + "' must be at least 1");
  if (k < 1) throw InputError("--k: '" + opt.k + "' must be at least 1");
  const std::uint64_t max_work = parse_count(opt.max_work, "--max-work", ~std::uint64_t{0});
  const ClassSpec c = class_spec(opt, n, k);
  const double least = natarajan_least_work(n, static_cast<double>(c.size), c.dimension);
  if (least > static_cast<double>(max_work))
    throw InputError(fmt::format("natarajan: the search needs at least {:.6g} units of work, above --max-work {}; "
                                 "raise --max-work", least, max_work));
  WorkMeter meter(max_work);
  const std::vector<Function> H = build_class(opt, c, meter);
  const NatarajanResult r = natarajan_dimension(H, n, k, meter);
  if (!r.finished)
    throw InputError(fmt::format("natarajan: the search needs more than --max-work {} units (dimension at least "
                                 "{} when it stopped); raise --max-work", max_work, r.dimension));
  std::string witness = "{";
  for (std::size_t i = 0; i < r.witness.size(); ++i) witness += (i ? "," : "") + std::to_string(r.witness[i]);
  witness += "}";
  Report out;
  out.columns = {{"class", ""},       {"X", "$|X|$"},       {"k", "$k$"},         {"N", "$N$"},
                 {"size", "$|H|$"},   {"dimension", "$d$"}, {"witness", ""},      {"lemma_lhs", "$|H|$"},
                 {"lemma_rhs", "$|X|^d (k+1)^{2d}$"}, {"lemma_holds", "holds"}, {"work", "work"}};
  out.add_row({text(opt.cls), exact_count(n), exact_count(k), exact_count(c.N), exact_count(H.size()),
               exact_count(r.dimension), text(witness), exact(r.lemma_lhs), exact(r.lemma_rhs),
               exact_count(r.lemma_lhs <= r.lemma_rhs ? 1 : 0), exact_count(meter.used())});
  print(out, format);
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
      "the rest share one), random (--size distinct functions, --seed); a flag the class does not read (--N but for "
      "top, --size and --seed but for random) is refused. Work is counted in units of one function value handled: "
      "each value written when the class is built (|H| |X|; random: |X| per draw and per comparison keeping the "
      "functions distinct), each value of H projected onto a candidate set Y and of the distinct patterns listed "
      "(|H| |Y| + patterns |Y|), |Y| per pair of patterns compared and per mixture looked up. --max-work bounds the "
      "units done, all of them: a run whose least work (building the class, and for all and top, whose dimension is "
      "known, projecting it onto every set one larger than the dimension) is above it is refused before it starts, "
      "naming that figure, and a search that reaches it stops; both exit 2. TSV: class, X, k, N, size, dimension, "
      "witness, lemma_lhs, lemma_rhs, lemma_holds, work (units done; the pairs are tried in parallel, so work may "
      "vary between runs, the rest does not).");
  app.add_option("--class", o->cls, "all | top | random")->required();
  app.add_option("--X", o->X, "|X|, 1..64")->required();
  app.add_option("--k", o->k, "Precision: values 0..k, k in 1..255")->required();
  app.add_option("--N", o->N, "top: elements with their own value");
  app.add_option("--size", o->size, "random: number of distinct functions");
  app.add_option("--seed", o->seed, "random: seed (default 1)");
  app.add_option("--max-functions", o->max_functions, "Largest class to build")->capture_default_str();
  app.add_option("--max-work", o->max_work, "Most units of work (see below) the run may do")->capture_default_str();
  app.add_option("--format", o->format, kFormatHelp)->capture_default_str();
  return [o] { return run(*o); };
}

}  // namespace pacsim::cli
