// Study files; see study.hpp. The keys, their types and defaults:
//   title = "..."                      optional
//   worlds = ["zm:a=1.2,M=1e6", ...]   required
//   D = [1000, "1e6", 1e9]             required (integers, integral floats or strings)
//   mode = ["multinomial"]             multinomial | poisson | draws
//   k = [10]                           precision, >= 1
//   rounding = ["nearest"]             nearest | floor | ceil
//   min_one_over_k = [false]
//   class = ["all"]                    all | top
//   N = [...]                          required when class has top; >= 1
//   estimator = ["ml"]                 ml | add
//   beta = [0.5]                       add only; > 0
//   reps = 10                          >= 1
//   seed = 1                           0..2^64-1 (beyond 2^63-1 as a string: TOML integers are signed)
// Every list may also be written as a single value. A count may be a TOML
// integer, a float whose double is an integer (taken exactly), or a string
// that parse_count() reads ("2^40", "1e6"). The file is at most
// kMaxStudyBytes of UTF-8; the grid at most kMaxCells cells.
#include "sim/study/study.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <sstream>
#include <toml++/toml.h>

#include "sim/input/errors.hpp"
#include "sim/input/numbers.hpp"
#include "sim/input/spelling.hpp"

namespace pacsim {

namespace {

std::string fmt_g(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// The shortest text that reads back as `v` ("1.5", "4.611686018427388e+18").
std::string shortest(double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

class Reader {
 public:
  Reader(std::string path, const toml::table& t) : path_(std::move(path)), t_(t) {}

  // "FILE:LINE: key: why", without LINE when `n` has none.
  [[noreturn]] void fail(const toml::node* n, const std::string& key, const std::string& why) const {
    std::ostringstream os;
    os << escaped(path_);
    if (n && n->source().begin.line) os << ":" << n->source().begin.line;
    os << ": " << escaped(key, kShownBytes) << ": " << why;
    throw InputError(os.str());
  }

  const toml::node* get(const std::string& key) const { return t_.get(key); }

  // The elements of a list (or a single value) under `key`.
  std::vector<const toml::node*> items(const std::string& key) const {
    std::vector<const toml::node*> out;
    const toml::node* n = get(key);
    if (!n) return out;
    if (const auto* arr = n->as_array()) {
      if (arr->empty()) fail(n, key, "is an empty list");
      for (const auto& e : *arr) out.push_back(&e);
    } else {
      out.push_back(n);
    }
    return out;
  }

  // A count from an integer, an integral float (exactly the double TOML reads,
  // never rounded through a printed form) or a string (parse_count), in [min, max].
  std::uint64_t count(const toml::node* e, const std::string& key, std::uint64_t min,
                      std::uint64_t max) const {
    std::uint64_t v = 0;
    std::string shown;  // the value as the messages show it
    if (e->is_integer()) {
      v = from_integer(e, key, shown);
    } else if (e->is_floating_point()) {
      v = from_float(e, key, max, shown);
    } else if (e->is_string()) {
      v = from_string(e, key, max);
      shown = std::to_string(v);
    } else {
      fail(e, key, "expected a count (integer, 1e6 or \"2^40\"), got " + type_name(*e));
    }
    if (v > max) fail(e, key, shown + " exceeds the maximum " + std::to_string(max));
    if (v < min) fail(e, key, shown + " is below the minimum " + std::to_string(min));
    return v;
  }

  std::uint64_t from_integer(const toml::node* e, const std::string& key, std::string& shown) const {
    const auto i = *e->value<std::int64_t>();
    shown = std::to_string(i);
    if (i < 0) fail(e, key, shown + " is negative");
    return static_cast<std::uint64_t>(i);
  }

  // 2^64 is a double; every integral double below it converts exactly.
  std::uint64_t from_float(const toml::node* e, const std::string& key, std::uint64_t max,
                           std::string& shown) const {
    const double d = *e->value<double>();
    shown = shortest(d);
    if (!std::isfinite(d)) fail(e, key, shown + " is not a finite number");
    if (d < 0) fail(e, key, shown + " is negative");
    if (d != std::floor(d)) fail(e, key, shown + " is not an integer");
    if (d >= 18446744073709551616.0) fail(e, key, shown + " exceeds the maximum " + std::to_string(max));
    return static_cast<std::uint64_t>(d);
  }

  std::uint64_t from_string(const toml::node* e, const std::string& key, std::uint64_t max) const {
    try {
      return parse_count(*e->value<std::string_view>(), key, max);
    } catch (const InputError& err) {  // "key: 'text' why": the file's key names it already
      const std::string what = err.what();
      fail(e, key, what.substr(what.find(": ") + 2));
    }
  }

  std::vector<std::uint64_t> counts(const std::string& key, std::vector<std::uint64_t> def,
                                    std::uint64_t min, std::uint64_t max) const {
    const auto it = items(key);
    if (it.empty()) return def;
    std::vector<std::uint64_t> out;
    for (const auto* e : it) out.push_back(count(e, key, min, max));
    return out;
  }

  std::vector<double> reals(const std::string& key, std::vector<double> def) const {
    const auto it = items(key);
    if (it.empty()) return def;
    std::vector<double> out;
    for (const auto* e : it) {
      if (!e->is_number()) fail(e, key, "expected a number, got " + type_name(*e));
      out.push_back(e->is_integer() ? exact_double(e, key) : *e->value<double>());
    }
    return out;
  }

  // An integer as a double, refused when the double would round it (beyond 2^53).
  double exact_double(const toml::node* e, const std::string& key) const {
    const auto i = *e->value<std::int64_t>();
    const double d = static_cast<double>(i);
    if (d >= 9223372036854775808.0 || static_cast<std::int64_t>(d) != i)
      fail(e, key, std::to_string(i) + " is beyond 2^53, where doubles do not hold every integer");
    return d;
  }

  std::vector<bool> bools(const std::string& key, std::vector<bool> def) const {
    const auto it = items(key);
    if (it.empty()) return def;
    std::vector<bool> out;
    for (const auto* e : it) {
      if (!e->is_boolean()) fail(e, key, "expected true or false, got " + type_name(*e));
      out.push_back(*e->value<bool>());
    }
    return out;
  }

  // Apply `parse` to each string, reporting its InputError at the element's line.
  template <class T, class F>
  std::vector<T> parsed(const std::string& key, std::vector<std::string> def, F parse) const {
    std::vector<T> out;
    const auto it = items(key);
    if (it.empty()) {
      for (const auto& s : def) out.push_back(parse(s));
      return out;
    }
    for (const auto* e : it) {
      if (!e->is_string()) fail(e, key, "expected a string, got " + type_name(*e));
      try {
        out.push_back(parse(*e->value<std::string_view>()));
      } catch (const InputError& err) {
        // "class: 'x' is not ..." -> "'x' is not ...": the file's key names it already.
        // A world's message ("world 'zm...': ...") keeps its text.
        std::string what = err.what();
        const auto colon = what.find(": ");
        if (colon != std::string::npos && what.find_first_of(" '") > colon) what = what.substr(colon + 2);
        fail(e, key, what);
      }
    }
    return out;
  }

  // A list names each value once: a repeated one (by `canonical`, so 5 and 5.0,
  // or 1e3 and 1000, are the same) would put the same cell in the grid twice.
  void refuse_repeats(const std::string& key, const std::vector<std::string>& canonical) const {
    const auto it = items(key);
    std::map<std::string, std::size_t> first;
    for (std::size_t i = 0; i < canonical.size() && i < it.size(); ++i) {
      const auto [at, added] = first.emplace(canonical[i], i);
      if (added) continue;
      const toml::node* earlier = it[at->second];
      std::string where = earlier->source().begin.line ? " on line " + std::to_string(earlier->source().begin.line) : "";
      fail(it[i], key,
           quote(raw_text(*it[i])) + " is " + canonical[i] + ", already listed as " + quote(raw_text(*earlier)) +
               where + "; list each value once");
    }
  }

  static std::string raw_text(const toml::node& n) {
    if (const auto s = n.value<std::string_view>(); s && n.is_string()) return std::string(*s);
    if (n.is_integer()) return std::to_string(*n.value<std::int64_t>());
    if (n.is_floating_point()) return shortest(*n.value<double>());
    if (n.is_boolean()) return *n.value<bool>() ? "true" : "false";
    return type_name(n);
  }

  static std::string type_name(const toml::node& n) {
    std::ostringstream os;
    os << n.type();
    return os.str();
  }

 private:
  std::string path_;
  const toml::table& t_;
};

// The study's lists, each with its default, before the grid is built.
struct Lists {
  std::vector<std::uint64_t> Ds, ks, Ns;
  std::vector<SamplingMode> modes;
  std::vector<Rounding> roundings;
  std::vector<bool> mins;
  std::vector<HypothesisClass> classes;
  std::vector<Estimator> estimators;
  std::vector<double> betas;
};

[[noreturn]] void refuse_file(const std::string& path, const std::string& why) {
  throw InputError(escaped(path) + ": " + why);
}

// What a path that is not a regular file is, for the message.
std::string file_kind(mode_t mode) {
  if (S_ISDIR(mode)) return "is a directory, not a study file";
  if (S_ISFIFO(mode)) return "is a FIFO, not a regular file";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "is a device, not a regular file";
  if (S_ISSOCK(mode)) return "is a socket, not a regular file";
  return "is not a regular file";
}

// The length of the UTF-8 sequence that begins with `c`; 0 when none does
// (a NUL counts as none: no text holds one).
std::size_t utf8_length(unsigned char c) {
  if (c == 0) return 0;
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) return 2;
  if (c >= 0xe0 && c <= 0xef) return 3;
  if (c >= 0xf0 && c <= 0xf4) return 4;
  return 0;
}

// Whether `c1` may follow the first byte `c` of a sequence: a continuation
// byte, narrowed after E0 and F0 (overlong forms), ED (surrogates) and F4
// (beyond U+10FFFF).
bool utf8_second(unsigned char c, unsigned char c1) {
  if ((c1 & 0xc0) != 0x80) return false;
  switch (c) {
    case 0xe0: return c1 >= 0xa0;
    case 0xed: return c1 <= 0x9f;
    case 0xf0: return c1 >= 0x90;
    case 0xf4: return c1 <= 0x8f;
    default: return true;
  }
}

// The offset where `text` stops being UTF-8, or npos.
std::size_t utf8_error(std::string_view text) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = utf8_length(byte(i));
    if (n == 0 || i + n > text.size() || (n > 1 && !utf8_second(byte(i), byte(i + 1)))) return i;
    for (std::size_t k = 2; k < n; ++k)
      if ((byte(i + k) & 0xc0) != 0x80) return i;
    i += n;
  }
  return std::string_view::npos;
}

// At most limit + 1 bytes of `fd`, so a file that grows cannot make it read on.
std::string read_at_most(int fd, std::size_t limit, const std::string& path) {
  std::string text(limit + 1, '\0');
  std::size_t got = 0;
  while (got < text.size()) {
    const ssize_t r = ::read(fd, text.data() + got, text.size() - got);
    if (r == 0) break;
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) refuse_file(path, std::string("cannot read the study file: ") + std::strerror(errno));
    got += static_cast<std::size_t>(r);
  }
  text.resize(got);
  return text;
}

// The study file's text: a regular file of at most kMaxStudyBytes of UTF-8.
// Opened without blocking (a FIFO with no writer would wait forever) and
// checked before a byte is read.
std::string read_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) refuse_file(path, "cannot read the study file");
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) refuse_file(path, "cannot read the study file");
  if (!S_ISREG(st.st_mode)) refuse_file(path, file_kind(st.st_mode));
  const std::string too_big =
      "is larger than " + std::to_string(kMaxStudyBytes) + " bytes (1 MiB), the most a study file may have";
  if (static_cast<std::uintmax_t>(st.st_size) > kMaxStudyBytes) refuse_file(path, too_big);
  std::string text = read_at_most(fd, kMaxStudyBytes, path);
  if (text.size() > kMaxStudyBytes) refuse_file(path, too_big);
  if (const auto bad = utf8_error(text); bad != std::string_view::npos)
    refuse_file(path, "is not UTF-8 text (byte " + std::to_string(bad) + " is " + escaped(text.substr(bad, 1)) + ")");
  return text;
}

toml::table parse_toml(const std::string& text, const std::string& path) {
  try {
    return toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    std::ostringstream os;
    os << escaped(path) << ":" << e.source().begin.line << ": " << one_line(e.description(), 4 * kShownBytes);
    throw InputError(os.str());
  }
}

void reject_unknown_keys(const Reader& r, const toml::table& table) {
  static const std::vector<std::string> known = {"title", "worlds", "D", "mode", "k", "rounding", "min_one_over_k",
                                                 "class", "N", "estimator", "beta", "reps", "seed"};
  for (const auto& [key, node] : table) {
    const std::string k(key.str());
    if (std::find(known.begin(), known.end(), k) != known.end()) continue;
    std::string list;
    for (const auto& name : known) list += (list.empty() ? "" : ", ") + name;
    r.fail(&node, k, "unknown key (known: " + list + ")");
  }
}

template <class T, class F>
std::vector<std::string> names_of(const std::vector<T>& values, F name) {
  std::vector<std::string> out;
  for (const T& v : values) out.push_back(name(v));
  return out;
}

void refuse_repeats(const Reader& r, const Study& s, const Lists& l) {
  const auto number = [](std::uint64_t v) { return std::to_string(v); };
  const auto spelled = [](auto v) { return std::string(to_string(v)); };
  r.refuse_repeats("worlds", names_of(s.worlds, [](const World& w) { return w.name(); }));
  r.refuse_repeats("D", names_of(l.Ds, number));
  r.refuse_repeats("mode", names_of(l.modes, spelled));
  r.refuse_repeats("k", names_of(l.ks, number));
  r.refuse_repeats("rounding", names_of(l.roundings, spelled));
  r.refuse_repeats("min_one_over_k", names_of(l.mins, [](bool b) { return std::string(b ? "true" : "false"); }));
  r.refuse_repeats("class", names_of(l.classes, spelled));
  r.refuse_repeats("estimator", names_of(l.estimators, spelled));
  if (r.get("N")) r.refuse_repeats("N", names_of(l.Ns, number));
  if (r.get("beta")) r.refuse_repeats("beta", names_of(l.betas, shortest));
}

// title, worlds, reps and seed into `s`; the swept lists into the result.
Lists read_lists(const Reader& r, Study& s) {
  if (const auto* t = r.get("title")) {
    if (!t->is_string()) r.fail(t, "title", "expected a string, got " + Reader::type_name(*t));
    s.title = std::string(*t->value<std::string_view>());
  }
  if (!r.get("worlds")) r.fail(nullptr, "worlds", "is required (a list such as [\"zm:a=1.2,M=1e6\"])");
  if (!r.get("D")) r.fail(nullptr, "D", "is required (a list of corpus sizes)");
  s.worlds = r.parsed<World>("worlds", {}, parse_world);
  Lists l;
  l.Ds = r.counts("D", {}, 1, kMaxCount);
  l.modes = r.parsed<SamplingMode>("mode", {"multinomial"}, parse_sampling_mode);
  l.ks = r.counts("k", {10}, 1, std::uint64_t{1} << 40);
  l.roundings = r.parsed<Rounding>("rounding", {"nearest"}, parse_rounding);
  l.mins = r.bools("min_one_over_k", {false});
  l.classes = r.parsed<HypothesisClass>("class", {"all"}, parse_hypothesis_class);
  l.estimators = r.parsed<Estimator>("estimator", {"ml"}, parse_estimator);
  l.betas = r.reals("beta", {0.5});
  for (std::size_t i = 0; i < l.betas.size(); ++i)
    if (!(l.betas[i] > 0) || !std::isfinite(l.betas[i]))
      r.fail(r.items("beta")[i], "beta", fmt_g(l.betas[i]) + " must be > 0");
  bool has_top = false;
  for (const auto c : l.classes) has_top |= c == HypothesisClass::top;
  if (has_top && !r.get("N")) r.fail(r.get("class"), "N", "is required when class includes top");
  l.Ns = has_top ? r.counts("N", {}, 1, kMaxCount) : std::vector<std::uint64_t>{0};
  if (!has_top && r.get("N")) r.fail(r.get("N"), "N", "applies to class top only");
  if (const auto* n = r.get("reps")) s.reps = r.count(n, "reps", 1, std::uint64_t{1} << 32);
  if (const auto* n = r.get("seed")) s.seed = r.count(n, "seed", 0, ~std::uint64_t{0});
  bool has_add = false;
  for (const auto e : l.estimators) has_add |= e == Estimator::add;
  if (!has_add && r.get("beta")) r.fail(r.get("beta"), "beta", "applies to estimator add only");
  for (std::size_t w = 0; w < s.worlds.size(); ++w)
    if (has_add && s.worlds[w].infinite())
      r.fail(r.items("worlds")[w], "worlds", s.worlds[w].name() + " is infinite, but estimator add needs a finite M");
  refuse_repeats(r, s, l);
  return l;
}

// How many cells the lists make, as a double: the product may pass 2^64.
double grid_cells(const Lists& l, std::size_t worlds) {
  double classes = 0, estimators = 0;  // hypothesis classes with their N, estimators with their beta
  for (const auto c : l.classes) classes += c == HypothesisClass::top ? static_cast<double>(l.Ns.size()) : 1.0;
  for (const auto e : l.estimators) estimators += e == Estimator::add ? static_cast<double>(l.betas.size()) : 1.0;
  double product = classes * estimators;
  for (const std::size_t n : {worlds, l.Ds.size(), l.modes.size(), l.ks.size(), l.roundings.size(), l.mins.size()})
    product *= static_cast<double>(n);
  return product;
}

// The grid is built cell by cell, so its size is checked first.
void require_grid_size(const std::string& path, const Lists& l, std::size_t worlds) {
  const double cells = grid_cells(l, worlds);
  if (cells <= static_cast<double>(kMaxCells)) return;
  const std::string n = cells < 1e15 ? std::to_string(static_cast<std::uint64_t>(cells)) : shortest(cells);
  refuse_file(path, "the grid has " + n + " cells, more than the " + std::to_string(kMaxCells) +
                        " (2^20) a study may have; shorten its lists");
}

// Corpus cells: worlds x D x mode, each one a sampler can be built for.
void add_corpus_cells(const Reader& r, const Lists& l, const SamplerLimits& limits, Study& s) {
  for (std::size_t w = 0; w < s.worlds.size(); ++w)
    for (std::size_t d = 0; d < l.Ds.size(); ++d)
      for (const auto mode : l.modes) {
        const std::string why = CorpusSampler::refusal(s.worlds[w], l.Ds[d], mode, limits);
        if (!why.empty()) r.fail(r.items("D")[d], "D", why);
        s.corpus_cells.push_back({w, l.Ds[d], mode});
      }
}

// Cells: corpus cells x k x rounding x min_one_over_k x class (x N for top) x
// estimator (x beta for add).
void add_cells(const Lists& l, Study& s) {
  const std::vector<std::uint64_t> no_N{0};
  const std::vector<double> no_beta{0.0};
  for (std::size_t c = 0; c < s.corpus_cells.size(); ++c)
    for (const auto k : l.ks)
      for (const auto rounding : l.roundings)
        for (const bool mn : l.mins)
          for (const auto cls : l.classes)
            for (const auto N : (cls == HypothesisClass::top ? l.Ns : no_N))
              for (const auto est : l.estimators)
                for (const double beta : (est == Estimator::add ? l.betas : no_beta)) {
                  Cell cell;
                  cell.corpus = c;
                  cell.spec.Q = Quantiser{k, rounding, mn};
                  cell.spec.cls = cls;
                  cell.spec.N = N;
                  cell.spec.estimator = est;
                  cell.spec.beta = beta;
                  s.cells.push_back(cell);
                }
}

}  // namespace

Study load_study(const std::string& path, const SamplerLimits& limits) {
  Study s;
  s.path = path;
  s.text = read_file(path);
  const toml::table table = parse_toml(s.text, path);
  const Reader r(path, table);
  reject_unknown_keys(r, table);
  const Lists lists = read_lists(r, s);
  require_grid_size(path, lists, s.worlds.size());
  add_corpus_cells(r, lists, limits, s);
  add_cells(lists, s);
  return s;
}

}  // namespace pacsim
