// Strict number parsing; see numbers.hpp.
#include "sim/input/numbers.hpp"

#include <charconv>
#include <cmath>
#include <limits>

#include "sim/input/errors.hpp"

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
  if (body.front() == '+') {
    body.remove_prefix(1);
    if (body.empty() || body.front() == '+' || body.front() == '-') bad(what, text, "is not a number");
  }
  double value = 0;
  const auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), value);
  if (ec == std::errc::result_out_of_range) bad(what, text, "is out of range");
  if (ec != std::errc() || end != body.data() + body.size()) bad(what, text, "is not a number");
  if (!std::isfinite(value)) bad(what, text, "is not a finite number");
  return value;
}

namespace {

// Exact decimal value of "DIGITS[.DIGITS][e[+-]EXP]" as an integer, without a
// detour through double (which would round above 2^53).
std::uint64_t parse_decimal_integer(std::string_view t, std::string_view full, std::string_view what,
                                    std::uint64_t max) {
  const std::string max_text = std::to_string(max);
  std::string_view mant = t, exp_part;
  if (const auto e = t.find_first_of("eE"); e != std::string_view::npos) {
    mant = t.substr(0, e);
    exp_part = t.substr(e + 1);
    if (exp_part.empty()) bad(what, full, "is not an integer");
  }
  std::string digits;
  long long point = -1;  // digits before the decimal point
  for (std::size_t i = 0; i < mant.size(); ++i) {
    const char c = mant[i];
    if (c == '.' && point < 0) point = static_cast<long long>(digits.size());
    else if (c >= '0' && c <= '9') digits += c;
    else bad(what, full, "is not an integer");
  }
  if (digits.empty()) bad(what, full, "is not an integer");
  if (point < 0) point = static_cast<long long>(digits.size());
  long long exponent = 0;
  if (!exp_part.empty()) {
    std::string_view ev = exp_part;
    bool negative = false;
    if (ev.front() == '+' || ev.front() == '-') {
      negative = ev.front() == '-';
      ev.remove_prefix(1);
    }
    const auto r = std::from_chars(ev.data(), ev.data() + ev.size(), exponent);
    if (ev.empty() || r.ec != std::errc() || r.ptr != ev.data() + ev.size() || exponent > 100000)
      bad(what, full, "is not an integer");
    if (negative) exponent = -exponent;
  }
  // The value is 0.DIGITS * 10^(point + exponent): split into integer and fraction.
  const long long int_len = point + exponent;
  std::string int_digits, frac_digits;
  if (int_len <= 0) {
    frac_digits = digits;
  } else if (int_len >= static_cast<long long>(digits.size())) {
    int_digits = digits + std::string(static_cast<std::size_t>(int_len) - digits.size(), '0');
  } else {
    int_digits = digits.substr(0, static_cast<std::size_t>(int_len));
    frac_digits = digits.substr(static_cast<std::size_t>(int_len));
  }
  if (frac_digits.find_first_not_of('0') != std::string::npos) bad(what, full, "is not an integer");
  const auto first = int_digits.find_first_not_of('0');
  if (first == std::string::npos) return 0;
  int_digits.erase(0, first);
  if (int_digits.size() > 20) bad(what, full, "exceeds the maximum " + max_text);
  std::uint64_t v = 0;
  const auto r = std::from_chars(int_digits.data(), int_digits.data() + int_digits.size(), v);
  if (r.ec != std::errc() || v > max) bad(what, full, "exceeds the maximum " + max_text);
  return v;
}

}  // namespace

std::uint64_t parse_count(std::string_view text, std::string_view what, std::uint64_t max) {
  std::string_view t = trim(text);
  if (t.empty()) bad(what, text, "is empty");
  if (t.front() == '-') bad(what, text, "is negative");
  if (t.front() == '+') t.remove_prefix(1);  // one optional '+', in every form
  if (t.empty() || t.front() == '+' || t.front() == '-') bad(what, text, "is not an integer");
  const std::string max_text = std::to_string(max);
  // "B^E": an exact power, computed in integers.
  if (const auto caret = t.find('^'); caret != std::string_view::npos) {
    std::uint64_t base = 0, exponent = 0;
    const auto b = t.substr(0, caret), e = t.substr(caret + 1);
    const auto rb = std::from_chars(b.data(), b.data() + b.size(), base);
    const auto re = std::from_chars(e.data(), e.data() + e.size(), exponent);
    if (b.empty() || e.empty() || rb.ec != std::errc() || rb.ptr != b.data() + b.size() ||
        re.ec != std::errc() || re.ptr != e.data() + e.size())
      bad(what, text, "is not an integer");
    if (base <= 1) return exponent == 0 ? 1 : base;  // 0^E, 1^E: no loop over E
    std::uint64_t v = 1;
    for (std::uint64_t i = 0; i < exponent; ++i) {
      if (base != 0 && v > max / base) bad(what, text, "exceeds the maximum " + max_text);
      v *= base;
    }
    if (v > max) bad(what, text, "exceeds the maximum " + max_text);
    return v;
  }
  // Digits, decimals and scientific notation ("1e6", "2.5e3"), exactly.
  return parse_decimal_integer(t, text, what, max);
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
