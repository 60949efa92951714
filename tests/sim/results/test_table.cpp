// Unit tests for sim/results/table and study_results: a Table's columns of the
// three types, their attributes and aliases, and its errors (a taken name or an
// alias of nothing: std::logic_error; a missing column: std::out_of_range naming
// it; a column of the wrong type: std::logic_error); StudyResults::n_cells() and
// replicates(); side_metric() and CheckedInequality::formula().
//
// Tolerances: none. Every value is stored and read back unchanged, so every
// numeric check is exact (==), and "the same column" is checked by address.
#include <catch2/catch.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "sim/results/study_results.hpp"
#include "sim/results/table.hpp"

using Catch::Matchers::Contains;
using pacsim::Attributes;
using pacsim::Column;
using pacsim::StudyResults;
using pacsim::Table;

namespace {

using U64 = std::vector<std::uint64_t>;
using Dbl = std::vector<double>;
using Str = std::vector<std::string>;

// x: float64 {1.5, -2, inf}; n: uint64 {3, 0, 2^63}; s: strings {"a", "", "b c"}.
Table three_columns() {
  Table t;
  t.add("x", Dbl{1.5, -2.0, INFINITY}, Attributes{{"unit", std::string("nats")}});
  t.add("n", U64{3, 0, std::uint64_t{1} << 63});
  t.add("s", Str{"a", "", "b c"});
  return t;
}

}  // namespace

TEST_CASE("table: columns of three types, read back by name", "[results][table]") {
  const Table t = three_columns();
  REQUIRE(t.columns().size() == 3);
  CHECK(t.columns()[0].name == "x");
  CHECK(t.columns()[1].name == "n");
  CHECK(t.columns()[2].name == "s");
  CHECK(t.has("x"));
  CHECK(t.has("n"));
  CHECK(t.has("s"));
  CHECK_FALSE(t.has("X"));
  CHECK_FALSE(t.has(""));
  CHECK(t.column("x").index() == 0);
  CHECK(t.column("n").index() == 1);
  CHECK(t.column("s").index() == 2);
  CHECK(t.doubles("x") == Dbl{1.5, -2.0, INFINITY});
  CHECK(t.strings("s") == Str{"a", "", "b c"});
  CHECK(std::get<U64>(t.column("n")) == U64{3, 0, std::uint64_t{1} << 63});
  // numbers(): float64 as is, uint64 converted (2^63 is exact in a double).
  CHECK(t.numbers("x") == Dbl{1.5, -2.0, INFINITY});
  CHECK(t.numbers("n") == Dbl{3.0, 0.0, 9223372036854775808.0});
  CHECK(t.length("x") == 3);
  CHECK(t.length("n") == 3);
  CHECK(t.length("s") == 3);
  CHECK(pacsim::column_length(Column{Str{"only"}}) == 1);
  CHECK(pacsim::column_length(Column{Dbl{}}) == 0);
  // Attributes stay with their column; the group's are separate.
  REQUIRE(t.columns()[0].attrs.count("unit") == 1);
  CHECK(std::get<std::string>(t.columns()[0].attrs.at("unit")) == "nats");
  CHECK(t.columns()[1].attrs.empty());
  CHECK(t.attrs.empty());
}

TEST_CASE("table: aliases resolve to the column they name, stored once", "[results][table]") {
  Table t = three_columns();
  t.alias("x2", "x");
  t.alias("x3", "x2");  // an alias of an alias
  t.alias("words", "s");
  CHECK(t.has("x2"));
  CHECK(t.has("x3"));
  CHECK(&t.doubles("x2") == &t.doubles("x"));
  CHECK(&t.doubles("x3") == &t.doubles("x"));
  CHECK(&t.column("words") == &t.column("s"));
  CHECK(t.length("x3") == 3);
  CHECK(t.numbers("x2") == Dbl{1.5, -2.0, INFINITY});
  // Aliases are not columns: three columns, three aliases, in the order given.
  CHECK(t.columns().size() == 3);
  REQUIRE(t.aliases().size() == 3);
  CHECK(t.aliases()[0].name == "x2");
  CHECK(t.aliases()[0].existing == "x");
  CHECK(t.aliases()[1].name == "x3");
  CHECK(t.aliases()[1].existing == "x2");
  CHECK(t.aliases()[2].name == "words");
  CHECK(t.aliases()[2].existing == "s");
}

TEST_CASE("table: a taken name or an alias of nothing is a logic error", "[results][table]") {
  Table t = three_columns();
  t.alias("y", "x");
  CHECK_THROWS_AS(t.add("x", Dbl{1, 2, 3}), std::logic_error);       // a column's name
  CHECK_THROWS_AS(t.add("n", Str{"a", "b", "c"}), std::logic_error);  // whatever the type
  CHECK_THROWS_AS(t.add("y", Dbl{1, 2, 3}), std::logic_error);       // an alias's name
  CHECK_THROWS_AS(t.alias("x", "n"), std::logic_error);              // alias named as a column
  CHECK_THROWS_AS(t.alias("y", "n"), std::logic_error);              // alias named as an alias
  CHECK_THROWS_AS(t.alias("z", "nosuch"), std::logic_error);         // alias of nothing
  CHECK_THROWS_AS(t.alias("z", "z"), std::logic_error);              // of itself
  CHECK_THROWS_WITH(t.add("x", Dbl{}), Contains("x"));
  CHECK_THROWS_WITH(t.alias("z", "nosuch"), Contains("nosuch"));
  // The failed calls changed nothing.
  CHECK(t.columns().size() == 3);
  CHECK(t.aliases().size() == 1);
  CHECK_FALSE(t.has("z"));
  CHECK(t.doubles("x") == Dbl{1.5, -2.0, INFINITY});
}

TEST_CASE("table: a missing column is out_of_range naming it, a wrong type is a logic error",
          "[results][table]") {
  const Table t = three_columns();
  CHECK_THROWS_AS(t.column("nosuch"), std::out_of_range);
  CHECK_THROWS_AS(t.doubles("nosuch"), std::out_of_range);
  CHECK_THROWS_AS(t.strings("nosuch"), std::out_of_range);
  CHECK_THROWS_AS(t.numbers("nosuch"), std::out_of_range);
  CHECK_THROWS_AS(t.length("nosuch"), std::out_of_range);
  CHECK_THROWS_WITH(t.column("nosuch"), Contains("nosuch"));
  // Wrong types. (std::out_of_range is itself a logic_error, so check it is not one.)
  const auto wrong_type = [](auto&& call) {
    try {
      call();
    } catch (const std::out_of_range&) {
      return false;
    } catch (const std::logic_error&) {
      return true;
    }
    return false;
  };
  CHECK(wrong_type([&] { t.doubles("n"); }));
  CHECK(wrong_type([&] { t.doubles("s"); }));
  CHECK(wrong_type([&] { t.strings("x"); }));
  CHECK(wrong_type([&] { t.strings("n"); }));
  CHECK(wrong_type([&] { t.numbers("s"); }));
  CHECK_THROWS_WITH(t.doubles("n"), Contains("n") && Contains("float64"));
}

TEST_CASE("study_results: n_cells is the length of the first cells column", "[results][study_results]") {
  StudyResults r;
  CHECK(r.n_cells() == 0);
  r.cells.add("world", Str{"w0", "w0", "w1", "w1"});
  r.cells.add("D", U64{10, 20, 10, 20});
  CHECK(r.n_cells() == 4);
  StudyResults empty_rows;
  empty_rows.cells.add("k", U64{});
  CHECK(empty_rows.n_cells() == 0);
}

TEST_CASE("study_results: replicates(metric, cell) is the slice from cell * reps, reps long",
          "[results][study_results]") {
  StudyResults r;
  r.reps = 3;
  r.cells.add("D", U64{10, 20});
  r.metrics.add("unique", Dbl{1, 2, 3, 4, 5, 6});
  r.metrics.add("count", U64{1, 2, 3, 4, 5, 6});
  r.metrics.alias("unique_again", "unique");
  CHECK(r.replicates("unique", 0) == Dbl{1, 2, 3});
  CHECK(r.replicates("unique", 1) == Dbl{4, 5, 6});
  CHECK(r.replicates("unique_again", 1) == Dbl{4, 5, 6});
  CHECK_THROWS_AS(r.replicates("unique", 2), std::out_of_range);
  CHECK_THROWS_WITH(r.replicates("unique", 2), Contains("unique") && Contains("2"));
  CHECK_THROWS_AS(r.replicates("nosuch", 0), std::out_of_range);
  CHECK_THROWS_AS(r.replicates("count", 0), std::logic_error);  // metrics are float64
  r.reps = 2;
  CHECK(r.replicates("unique", 2) == Dbl{5, 6});
}

TEST_CASE("study_results: side_metric names and CheckedInequality::formula", "[results][study_results]") {
  CHECK(pacsim::side_metric("eq9_paper", "pop_S", false) == "eq9_paper_pop_S_lhs");
  CHECK(pacsim::side_metric("eq9_paper", "pop_S", true) == "eq9_paper_pop_S_rhs");
  CHECK(pacsim::side_metric("pinsker", "train_U", true) == "pinsker_train_U_rhs");
  const pacsim::CheckedInequality i{"pinsker", "tv^2 / 2", "kl", "eq. (13), Pinsker"};
  CHECK(i.formula() == "tv^2 / 2 <= kl");
}
