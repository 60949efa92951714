// Strict number parsing; see parse.hpp.
#include "parse.hpp"

#include <charconv>
#include <cmath>
#include <limits>

#include "errors.hpp"

namespace pacsim {

namespace {

[[noreturn]] void bad(std::string_view what, std::string_view text, std::string_view why) {
  throw InputError(std::string(what) + ": '" + std::string(text) + "' " + std::string(why));
}

}  // namespace

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

double parse_real(std::string_view text, std::string_view what) {
  const std::string_view t = trim(text);
  if (t.empty()) bad(what, text, "is empty");
  std::string_view body = t;
  if (body.front() == '+') body.remove_prefix(1);
  double value = 0;
  const auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), value);
  if (ec == std::errc::result_out_of_range) bad(what, text, "is out of range");
  if (ec != std::errc() || end != body.data() + body.size()) bad(what, text, "is not a number");
  if (!std::isfinite(value)) bad(what, text, "is not a finite number");
  return value;
}

std::uint64_t parse_count(std::string_view text, std::string_view what, std::uint64_t max) {
  const std::string_view t = trim(text);
  if (t.empty()) bad(what, text, "is empty");
  if (t.front() == '-') bad(what, text, "is negative");
  const std::string max_text = std::to_string(max);
  // "B^E": an exact power, computed in integers.
  if (const auto caret = t.find('^'); caret != std::string_view::npos) {
    std::uint64_t base = 0, exponent = 0;
    const auto b = t.substr(0, caret), e = t.substr(caret + 1);
    const auto rb = std::from_chars(b.data(), b.data() + b.size(), base);
    const auto re = std::from_chars(e.data(), e.data() + e.size(), exponent);
    if (rb.ec != std::errc() || rb.ptr != b.data() + b.size() || re.ec != std::errc() ||
        re.ptr != e.data() + e.size())
      bad(what, text, "is not an integer");
    std::uint64_t v = 1;
    for (std::uint64_t i = 0; i < exponent && v != 0; ++i) {
      if (base != 0 && v > max / base) bad(what, text, "exceeds the maximum " + max_text);
      v *= base;
    }
    if (exponent > 0 && base == 0) v = 0;
    if (v > max) bad(what, text, "exceeds the maximum " + max_text);
    return v;
  }
  // Plain digits: exact, no detour through double.
  if (t.find_first_not_of("0123456789") == std::string_view::npos) {
    std::uint64_t v = 0;
    const auto r = std::from_chars(t.data(), t.data() + t.size(), v);
    if (r.ec == std::errc::result_out_of_range || (r.ec == std::errc() && v > max))
      bad(what, text, "exceeds the maximum " + max_text);
    if (r.ec != std::errc() || r.ptr != t.data() + t.size()) bad(what, text, "is not an integer");
    return v;
  }
  // Scientific notation ("1e6", "2.5e3"): must be an exact integer.
  double v = 0;
  std::string_view body = t.front() == '+' ? t.substr(1) : t;
  const auto r = std::from_chars(body.data(), body.data() + body.size(), v);
  if (r.ec != std::errc() || r.ptr != body.data() + body.size() || !std::isfinite(v))
    bad(what, text, "is not an integer");
  if (v < 0) bad(what, text, "is negative");
  if (v != std::floor(v)) bad(what, text, "is not an integer");
  if (v > static_cast<double>(max)) bad(what, text, "exceeds the maximum " + max_text);
  return static_cast<std::uint64_t>(v);
}

std::vector<std::uint64_t> parse_count_list(std::string_view text, std::string_view what,
                                            std::uint64_t min, std::uint64_t max) {
  std::vector<std::uint64_t> out;
  if (trim(text).empty()) bad(what, text, "is empty");
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    const std::string_view item =
        text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    const std::uint64_t v = parse_count(item, what, max);
    if (v < min) bad(what, item, "is below the minimum " + std::to_string(min));
    out.push_back(v);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace pacsim
