// Reports as TSV, CSV, LaTeX and Markdown (analysis/report.hpp).
#include "analysis/report.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>

using namespace pacsim;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

Report sample_report() {
  Report r;
  r.columns = {{"world", ""}, {"points", ""}, {"gamma", "$\\gamma$"}, {"slack", ""}};
  r.add_row({text("zm:a=2,b=0,M=inf"), count(6), estimate(0.49812345, 0.4979, 0.4984), number(-kInf, true)});
  r.add_row({text("a_b, \"c\""), count(kNaN), estimate(kNaN, kNaN, kNaN), number(kNaN)});
  return r;
}

}  // namespace

TEST_CASE("report: TSV expands estimates into three columns and leaves undefined numbers empty", "[report]") {
  const std::string tsv = format_report(sample_report(), TableFormat::tsv);
  CHECK(tsv ==
        "world\tpoints\tgamma\tgamma_lo\tgamma_hi\tslack\n"
        "zm:a=2,b=0,M=inf\t6\t0.498123\t0.4979\t0.4984\t-inf\n"
        "a_b, \"c\"\t\t\t\t\t\n");
  CHECK(tsv.find("nan") == std::string::npos);
}

TEST_CASE("report: an infinity is undefined unless the column says it is a value", "[report]") {
  Report r;
  r.columns = {{"x", ""}, {"y", ""}};
  r.add_row({number(kInf), number(kInf, true)});
  CHECK(format_report(r, TableFormat::tsv) == "x\ty\n\tinf\n");
  CHECK(format_report(r, TableFormat::md).find("| n/a | inf |") != std::string::npos);
}

TEST_CASE("report: CSV quotes fields with commas and quotes", "[report]") {
  const std::string csv = format_report(sample_report(), TableFormat::csv);
  CHECK(csv ==
        "world,points,gamma,gamma_lo,gamma_hi,slack\n"
        "\"zm:a=2,b=0,M=inf\",6,0.498123,0.4979,0.4984,-inf\n"
        "\"a_b, \"\"c\"\"\",,,,,\n");
}

TEST_CASE("report: LaTeX is a booktabs table with escaped text and rounded estimates", "[report]") {
  Report r = sample_report();
  r.caption = "Growth of |S| & more";
  const std::string tex = format_report(r, TableFormat::latex);
  CHECK(tex.find("\\begin{tabular}{lrrr}") != std::string::npos);
  CHECK(tex.find("\\toprule") != std::string::npos);
  CHECK(tex.find("\\midrule") != std::string::npos);
  CHECK(tex.find("\\bottomrule") != std::string::npos);
  CHECK(tex.find("\\caption{Growth of \\textbar{}S\\textbar{} \\& more}") != std::string::npos);
  CHECK(tex.find("world & points & $\\gamma$ & slack \\\\") != std::string::npos);
  // Half-width 0.00025: two significant digits of it are the 4th and 5th decimals.
  CHECK(tex.find("0.49812 [0.49790, 0.49840]") != std::string::npos);
  CHECK(tex.find("a\\_b, \"c\" & n/a & n/a & n/a \\\\") != std::string::npos);
  CHECK(tex.find("nan") == std::string::npos);
}

TEST_CASE("report: LaTeX environments are balanced", "[report]") {
  const std::string tex = format_report(sample_report(), TableFormat::latex);
  const auto occurrences = [&](const std::string& s) {
    std::size_t n = 0;
    for (std::size_t at = tex.find(s); at != std::string::npos; at = tex.find(s, at + 1)) ++n;
    return n;
  };
  CHECK(occurrences("\\begin{") == occurrences("\\end{"));
  CHECK(occurrences("\\begin{table}") == 1);
  CHECK(occurrences("\\begin{tabular}") == 1);
  // Every row has as many cells as the header.
  std::size_t rows = 0;
  for (std::size_t at = tex.find(" \\\\\n"); at != std::string::npos; at = tex.find(" \\\\\n", at + 1)) ++rows;
  CHECK(rows == 3);
}

TEST_CASE("report: Markdown has a header rule aligned by kind and escapes pipes", "[report]") {
  Report r;
  r.columns = {{"name", ""}, {"value", ""}};
  r.add_row({text("a|b"), number(1234.5678)});
  CHECK(format_report(r, TableFormat::md) == "| name | value |\n| --- | ---: |\n| a\\|b | 1235 |\n");
}

TEST_CASE("report: estimates round to their interval's precision", "[report]") {
  Report r;
  r.columns = {{"g", ""}};
  r.add_row({estimate(0.1984, 0.1978, 0.1991)});   // half-width 0.00065
  r.add_row({estimate(123456.0, 120000.0, 127000.0)});  // half-width 3500: hundreds
  r.add_row({estimate(0.25, 0.25, 0.25)});        // no width
  r.add_row({estimate(0.3, kNaN, kNaN)});         // no interval
  r.add_row({estimate(7.1e-17, 7.0998e-17, 7.1002e-17)});  // tiny values: scientific notation
  r.add_row({estimate(2.5, 2.5 - 1e-9, 2.5 + 1e-9)});      // narrower than a millionth
  const std::string md = format_report(r, TableFormat::md);
  CHECK(md.find("| 0.19840 [0.19780, 0.19910] |") != std::string::npos);
  CHECK(md.find("| 123500 [120000, 127000] |") != std::string::npos);
  CHECK(md.find("| 0.25 [0.25, 0.25] |") != std::string::npos);
  CHECK(md.find("| 0.3 [n/a] |") != std::string::npos);
  CHECK(md.find("| 7.10000e-17 [7.09980e-17, 7.10020e-17] |") != std::string::npos);
  CHECK(md.find("| 2.5 [2.5, 2.5] |") != std::string::npos);
}

TEST_CASE("report: rows must match the columns in number and kind", "[report]") {
  Report r;
  r.columns = {{"a", ""}, {"b", ""}};
  CHECK_THROWS_AS(r.add_row({text("x")}), std::logic_error);
  r.add_row({text("x"), number(1)});
  CHECK_THROWS_AS(r.add_row({text("x"), text("1")}), std::logic_error);
}

TEST_CASE("report: format names", "[report]") {
  TableFormat f{};
  CHECK(find_table_format("latex", f));
  CHECK(f == TableFormat::latex);
  CHECK_FALSE(find_table_format("TSV", f));
  CHECK(table_format_names().size() == 4);
}
