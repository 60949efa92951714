// Strict number parsing; see numbers.hpp for the grammar.
#include "sim/input/numbers.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>

#include "sim/input/errors.hpp"

namespace pacsim {

namespace {

[[noreturn]] void bad(std::string_view what, std::string_view text, const std::string& why) {
  throw InputError(std::string(what) + ": " + quote(text) + " " + why);
}

[[noreturn]] void not_a_count(std::string_view what, std::string_view text) {
  bad(what, text, "is not a count (write it as 1000, 1e6, 2.5e3 or 2^40)");
}

[[noreturn]] void above(std::string_view what, std::string_view text, std::uint64_t max) {
  bad(what, text, "exceeds the maximum " + std::to_string(max));
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_digit); }

bool all_zeros(std::string_view s) { return s.find_first_not_of('0') == std::string_view::npos; }

// The value of a run of digits, or nothing when it exceeds 2^64 - 1.
std::optional<std::uint64_t> digits_value(std::string_view digits) {
  constexpr std::uint64_t top = ~std::uint64_t{0};
  std::uint64_t v = 0;
  for (const char c : digits) {
    const auto d = static_cast<std::uint64_t>(c - '0');
    if (v > (top - d) / 10) return std::nullopt;
    v = v * 10 + d;
  }
  return v;
}

// v * 10^times, or nothing when that exceeds 2^64 - 1.
std::optional<std::uint64_t> times_ten(std::uint64_t v, long long times) {
  for (long long i = 0; i < times; ++i) {
    if (v > ~std::uint64_t{0} / 10) return std::nullopt;
    v *= 10;
  }
  return v;
}

// "B^E" exactly, in integers; B, E plain digits. At most 64 multiplications:
// the loop stops once the power passes max.
std::uint64_t parse_power(std::string_view b, std::string_view e, std::string_view text, std::string_view what,
                          std::uint64_t max) {
  if (!all_digits(b) || !all_digits(e)) not_a_count(what, text);
  const auto base = digits_value(b), exponent = digits_value(e);
  std::uint64_t v = 1;  // B^0, 0^0 included
  if (!all_zeros(e) && base && *base <= 1) {
    v = *base;  // 0^E and 1^E, for any E > 0
  } else if (!all_zeros(e)) {
    if (!base || !exponent) above(what, text, max);  // B or E above 2^64 - 1, B >= 2
    for (std::uint64_t i = 0; i < *exponent; ++i) {
      if (v > max / *base) above(what, text, max);
      v *= *base;
    }
  }
  if (v > max) above(what, text, max);
  return v;
}

// The exponent after 'e': [+-]DIGITS, its magnitude capped at 10^18. Any text
// is far shorter than 10^18, so a capped exponent decides exactly as the true one.
long long decimal_exponent(std::string_view s, std::string_view text, std::string_view what) {
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (!all_digits(s)) not_a_count(what, text);
  constexpr long long cap = 1000000000000000000LL;
  long long v = 0;
  for (const char c : s) v = v >= cap / 10 ? cap : std::min(cap, v * 10 + (c - '0'));
  return negative ? -v : v;
}

// A mantissa "DIGITS[.DIGITS]", its digits numbered from 0 across the '.':
// the value is 0.D(first)..D(last) * 10^(point - first); first < 0 for zero.
struct Mantissa {
  std::string_view before, after;   // the digits before and after the '.'
  long long point = 0;              // how many digits are before the '.'
  long long first = -1, last = -1;  // the first and last nonzero digit
  char digit(long long i) const { return i < point ? before[i] : after[i - point]; }
};

Mantissa read_mantissa(std::string_view m, std::string_view text, std::string_view what) {
  Mantissa r;
  const auto dot = m.find('.');
  r.before = m.substr(0, dot);
  r.after = dot == std::string_view::npos ? std::string_view{} : m.substr(dot + 1);
  const bool ok_before = r.before.empty() || all_digits(r.before), ok_after = r.after.empty() || all_digits(r.after);
  if (!ok_before || !ok_after || r.before.size() + r.after.size() == 0) not_a_count(what, text);
  r.point = static_cast<long long>(r.before.size());
  const long long n = r.point + static_cast<long long>(r.after.size());
  for (long long i = 0; i < n; ++i)
    if (r.digit(i) != '0') {
      if (r.first < 0) r.first = i;
      r.last = i;
    }
  return r;
}

// The digits first..last of `m` as an integer, or nothing above 2^64 - 1.
std::optional<std::uint64_t> significand(const Mantissa& m) {
  std::uint64_t v = 0;
  for (long long i = m.first; i <= m.last; ++i) {
    const auto d = static_cast<std::uint64_t>(m.digit(i) - '0');
    if (v > (~std::uint64_t{0} - d) / 10) return std::nullopt;
    v = v * 10 + d;
  }
  return v;
}

// The exact value of "MANTISSA[eEXP]", decided from the digit count and the
// exponent: no string as long as the exponent is ever built.
std::uint64_t parse_decimal(std::string_view t, std::string_view text, std::string_view what, std::uint64_t max) {
  const auto e = t.find_first_of("eE");
  const Mantissa m = read_mantissa(t.substr(0, e), text, what);
  const long long exponent = e == std::string_view::npos ? 0 : decimal_exponent(t.substr(e + 1), text, what);
  if (m.first < 0) return 0;  // zero, whatever its exponent
  const long long sig_digits = m.last - m.first + 1;
  const long long int_digits = m.point - m.first + exponent;  // digits of the value before its point
  if (int_digits < sig_digits) bad(what, text, "is not an integer");
  if (int_digits > 20) above(what, text, max);  // at least 10^20 > 2^64
  const auto sig = significand(m);
  const auto v = sig ? times_ten(*sig, int_digits - sig_digits) : std::nullopt;
  if (!v || *v > max) above(what, text, max);
  return *v;
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
  if (ec == std::errc::result_out_of_range) bad(what, text, "is out of double precision's range");
  if (ec != std::errc() || end != body.data() + body.size()) bad(what, text, "is not a number");
  if (!std::isfinite(value)) bad(what, text, "is not a finite number");
  return value;
}

std::uint64_t parse_count(std::string_view text, std::string_view what, std::uint64_t max) {
  std::string_view t = trim(text);
  if (t.empty()) bad(what, text, "is empty");
  if (t.front() == '-') bad(what, text, "is negative");
  if (t.front() == '+') t.remove_prefix(1);  // one optional '+', in every form
  if (const auto caret = t.find('^'); caret != std::string_view::npos)
    return parse_power(t.substr(0, caret), t.substr(caret + 1), text, what, max);
  return parse_decimal(t, text, what, max);
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
    if (trim(item).empty()) bad(what, text, "has an empty item");
    const std::uint64_t v = parse_count(item, what, max);
    if (v < min) bad(what, item, "is below the minimum " + std::to_string(min));
    out.push_back(v);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace pacsim
