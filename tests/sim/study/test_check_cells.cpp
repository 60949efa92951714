// Unit tests for sim/study/record's check_cell_table: the /cells of a results
// file as read back is checked against what cell_table() writes. A table
// written by cell_table passes; each single damage (a column missing or of
// another type, a world that does not parse or disagrees with a, b and M, an
// unknown spelling, a count out of range) is InputError naming the file, the
// column and the row. Exact: every check is on the message.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sim/input/errors.hpp"
#include "sim/study/record.hpp"
#include "sim/study/study.hpp"

using Catch::Matchers::Contains;
using pacsim::Column;
using pacsim::InputError;
using pacsim::Table;
using U64 = std::vector<std::uint64_t>;
using Str = std::vector<std::string>;

namespace {

Table written_cells() {
  const std::string path = std::string(PACSIM_TEST_WORK) + "/check_cells.toml";
  std::filesystem::create_directories(PACSIM_TEST_WORK);
  std::ofstream(path) << "worlds = [\"zm:a=1.2,b=0.5,M=1000\", \"zm:a=2.5,M=1e6\"]\nD = [10, 100]\n"
                         "class = [\"all\", \"top\"]\nN = 2\nestimator = [\"ml\", \"add\"]\n";
  return pacsim::cell_table(pacsim::load_study(path));
}

// `t` with column `name` replaced by `values`, or dropped when `values` is null.
Table with(const Table& t, const std::string& name, const Column* values) {
  Table out;
  for (const Table::Entry& e : t.columns()) {
    if (e.name != name) out.add(e.name, e.values);
    else if (values) out.add(e.name, *values);
  }
  return out;
}

std::string error_of(const Table& t) {
  try {
    pacsim::check_cell_table(t, "f.h5");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("check_cells: a table written by cell_table passes", "[study][record]") {
  CHECK_NOTHROW(pacsim::check_cell_table(written_cells(), "f.h5"));
}

TEST_CASE("check_cells: each damage is InputError naming file, column and row", "[study][record]") {
  const Table t = written_cells();
  const std::size_t n = t.length("world");
  REQUIRE(n == 16);
  CHECK_THAT(error_of(with(t, "mode", nullptr)), Contains("f.h5") && Contains("no dataset /cells/mode"));
  const Column D_float = std::vector<double>(n, 10.0);
  CHECK_THAT(error_of(with(t, "D", &D_float)), Contains("/cells/D has a type"));
  Str world = t.strings("world");
  world[3] = "mtltinomial";
  const Column bad_world = world;
  CHECK_THAT(error_of(with(t, "world", &bad_world)), Contains("f.h5: /cells/world row 3"));
  world = t.strings("world");
  world[5] = "zm:a=1.3,b=0.5,M=1000";  // parses, but a says 1.2
  const Column other_world = world;
  CHECK_THAT(error_of(with(t, "world", &other_world)), Contains("row 5") && Contains("disagrees"));
  Str mode = t.strings("mode");
  mode[7] = "mtltinomial";
  const Column bad_mode = mode;
  CHECK_THAT(error_of(with(t, "mode", &bad_mode)), Contains("/cells/mode row 7") && Contains("mtltinomial"));
  const auto with_u64 = [&](const char* name, std::size_t row, std::uint64_t v) {
    U64 c = std::get<U64>(t.column(name));
    c[row] = v;
    const Column col = c;
    return error_of(with(t, name, &col));
  };
  CHECK_THAT(with_u64("D", 2, 0), Contains("/cells/D row 2"));
  CHECK_THAT(with_u64("k", 1, 0), Contains("/cells/k row 1"));
  CHECK_THAT(with_u64("min_one_over_k", 4, 2), Contains("/cells/min_one_over_k row 4"));
  CHECK_THAT(with_u64("corpus_cell", 9, n), Contains("/cells/corpus_cell row 9"));
}
