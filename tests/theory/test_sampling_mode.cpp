// Unit tests for theory/sampling_mode: the names of the three sampling modes
// (they appear in tables, study files and results files, so they are frozen),
// and that they are distinct. Exact string comparisons; nothing numeric.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "theory/sampling_mode.hpp"

using pacsim::SamplingMode;

TEST_CASE("sampling_mode: to_string names each mode", "[theory][sampling_mode]") {
  CHECK(pacsim::to_string(SamplingMode::multinomial) == "multinomial");
  CHECK(pacsim::to_string(SamplingMode::poisson) == "poisson");
  CHECK(pacsim::to_string(SamplingMode::draws) == "draws");
}

TEST_CASE("sampling_mode: the three names are distinct and not the fallback", "[theory][sampling_mode]") {
  std::set<std::string> names;
  for (const SamplingMode m : {SamplingMode::multinomial, SamplingMode::poisson, SamplingMode::draws}) {
    const std::string s = pacsim::to_string(m);
    INFO("mode " << static_cast<int>(m) << " -> " << s);
    CHECK_FALSE(s.empty());
    CHECK(s != "?");
    names.insert(s);
  }
  CHECK(names.size() == 3);
}
