// Worlds and names as users write them; see spelling.hpp.
#include "sim/input/spelling.hpp"

#include <initializer_list>
#include <stdexcept>
#include <string>

#include "sim/input/errors.hpp"
#include "sim/input/numbers.hpp"

namespace pacsim {

namespace {

// The value among `all` whose to_string() is `text`, else InputError
// "what: 'text' is not one of a, b, c".
template <class E>
E parse_name(std::string_view text, const char* what, std::initializer_list<E> all) {
  std::string known;
  for (const E e : all) {
    if (to_string(e) == text) return e;
    known += (known.empty() ? "" : ", ") + to_string(e);
  }
  throw InputError(std::string(what) + ": " + quote(text) + " is not one of " + known);
}

// A world's parameters as written, before their ranges are checked.
struct WorldText {
  double a = 0, b = 0;
  Rank M = 0;
  std::string a_text, b_text;
  bool have_a = false, have_b = false, have_M = false;
};

WorldText read_world_parameters(std::string_view text) {
  const std::string full = "world " + quote(text);
  const auto fail = [&](const std::string& why) { return InputError(full + ": " + why); };
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) throw fail("expected KIND:key=value,... such as zm:a=1.2,M=1e6");
  const std::string_view kind = text.substr(0, colon);
  if (kind != "zm") throw fail("unknown kind " + quote(kind) + " (known: zm)");
  WorldText w;
  std::string_view rest = text.substr(colon + 1);
  if (rest.empty()) throw fail("no parameters (need a and M)");
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    if (comma != std::string_view::npos && rest.empty()) throw fail("trailing comma");
    const auto eq = item.find('=');
    if (eq == std::string_view::npos) throw fail(quote(item) + " is not key=value");
    const std::string key(trim(item.substr(0, eq)));
    const std::string_view value = trim(item.substr(eq + 1));
    const std::string what = full + ": " + key;
    if (key == "a" || key == "b") {
      bool& have = key == "a" ? w.have_a : w.have_b;
      if (have) throw fail(key + " given twice");
      (key == "a" ? w.a : w.b) = parse_real(value, what);
      (key == "a" ? w.a_text : w.b_text) = std::string(value);
      have = true;
    } else if (key == "M") {
      if (w.have_M) throw fail("M given twice");
      w.M = (value == "inf") ? kInfiniteM : parse_count(value, what, kMaxCount);
      w.have_M = true;
    } else {
      throw fail("unknown parameter " + quote(key) + " (known: a, b, M)");
    }
  }
  return w;
}

}  // namespace

World parse_world(std::string_view text) {
  const WorldText w = read_world_parameters(text);
  const auto fail = [&](const std::string& why) { return InputError("world " + quote(text) + ": " + why); };
  if (!w.have_a) throw fail("missing a");
  if (!w.have_M) throw fail("missing M (a number up to 2^62, or inf)");
  if (w.a < 0) throw fail("a=" + escaped(w.a_text, kShownBytes) + " must be >= 0");
  if (w.b <= -1) throw fail("b=" + escaped(w.b_text, kShownBytes) + " must be > -1");
  if (w.M == 0) throw fail("M=0 must be at least 1");
  if (w.M == kInfiniteM && w.a <= 1) throw fail("M=inf needs a > 1, got a=" + escaped(w.a_text, kShownBytes));
  try {
    return World(w.a, w.b, w.M);
  } catch (const std::invalid_argument& e) {  // weights that double precision cannot hold
    throw InputError(e.what());
  }
}

SamplingMode parse_sampling_mode(std::string_view text) {
  return parse_name(text, "mode", {SamplingMode::multinomial, SamplingMode::poisson, SamplingMode::draws});
}

Rounding parse_rounding(std::string_view text) {
  return parse_name(text, "rounding", {Rounding::nearest, Rounding::floor, Rounding::ceil});
}

HypothesisClass parse_hypothesis_class(std::string_view text) {
  return parse_name(text, "class", {HypothesisClass::all, HypothesisClass::top});
}

Estimator parse_estimator(std::string_view text) {
  return parse_name(text, "estimator", {Estimator::ml, Estimator::add});
}

Chinchilla parse_law(std::string_view text) {
  if (text == "hoffmann") return chinchilla_hoffmann();
  if (text == "besiroglu") return chinchilla_besiroglu();
  throw InputError("law: " + quote(text) + " is not one of hoffmann, besiroglu");
}

}  // namespace pacsim
