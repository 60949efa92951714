// Strict parsing of the numbers users type: "1e6", "2^62", "0.5", "inf".
// Every function throws InputError naming `what` and the offending text;
// nothing is clamped or rounded silently.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "theory/world.hpp"  // kMaxCount

namespace pacsim {

/// A finite real number ("1.2", "-0.5", "3e-2"); rejects nan, inf and trailing junk.
double parse_real(std::string_view text, std::string_view what);

/// A non-negative integer written as "123", "1e6", "2.5e3" or "2^40"; it must be
/// integral and at most `max`.
std::uint64_t parse_count(std::string_view text, std::string_view what,
                          std::uint64_t max = kMaxCount);

/// A comma-separated list of counts ("1e5,1e6,2^20"), each in [min, max].
std::vector<std::uint64_t> parse_count_list(std::string_view text, std::string_view what,
                                            std::uint64_t min = 1,
                                            std::uint64_t max = kMaxCount);

/// Trim ASCII blanks.
std::string_view trim(std::string_view s);

}  // namespace pacsim
