// Strict parsing of the numbers users type: "1e6", "2^62", "0.5".
// Every function throws InputError naming `what` and the offending text
// (quoted, errors.hpp); nothing is clamped or rounded silently.
//
// The grammar, in full (DIGITS is one or more of 0-9; BLANK a space or tab):
//
//   count    = BLANK* ["+"] (power | decimal) BLANK*
//   power    = DIGITS "^" DIGITS                    "2^40", "10^3", "0^0" (= 1)
//   decimal  = mantissa [exponent]                  "1e6", "2.5e3", "10e-1"
//   mantissa = DIGITS ["." [DIGITS]] | "." DIGITS   "123", "2.5", "5.", ".5"
//   exponent = ("e" | "E") ["+" | "-"] DIGITS
//
//   real     = BLANK* ["+" | "-"] mantissa [exponent] BLANK*
//
// Nothing else: no second sign ("+-1", "1e--3"), no sign inside a power
// ("2^-1", "+2^+3"), no blanks inside, no hexadecimal, separators, "inf" or
// "nan". A count's value is the exact value of its text, which must be an
// integer ("2.5e3" is 2500, "2.5" is refused) from 0 to `max`; a leading "-"
// is refused as negative, even "-0". A real is its text rounded to the nearest
// double, refused when that is infinite or when a nonzero text rounds to 0.
// The work is linear in the text's length, whatever its exponents.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "theory/world.hpp"  // kMaxCount

namespace pacsim {

/// A finite real number ("1.2", "-0.5", "3e-2"), as `real` above.
double parse_real(std::string_view text, std::string_view what);

/// A non-negative integer written as `count` above ("123", "1e6", "2.5e3",
/// "2^40"): integral and at most `max`.
std::uint64_t parse_count(std::string_view text, std::string_view what,
                          std::uint64_t max = kMaxCount);

/// A comma-separated list of counts ("1e5,1e6,2^20"), each in [min, max]; no
/// item may be empty.
std::vector<std::uint64_t> parse_count_list(std::string_view text, std::string_view what,
                                            std::uint64_t min = 1,
                                            std::uint64_t max = kMaxCount);

/// Trim ASCII blanks (spaces and tabs) at both ends.
std::string_view trim(std::string_view s);

}  // namespace pacsim
