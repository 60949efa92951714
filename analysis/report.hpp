// A table as pacsim prints it: named columns of text, counts, numbers and
// estimates with intervals, formatted as TSV (the default), CSV, LaTeX
// (booktabs) or Markdown. Every table a subcommand prints is a Report, so each
// takes --format.
//
// Undefined numbers (NaN, and +-inf where a column says infinity is not a
// value) are an empty field in TSV and CSV, which pandas and awk read as
// missing, and "n/a" in LaTeX and Markdown: never "nan" or "inf".
// An estimate is one column in LaTeX and Markdown, "x [lo, hi]" rounded to the
// interval's precision (two significant digits of its half-width), and three in
// TSV and CSV (name, name_lo, name_hi) at six significant digits.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace pacsim {

enum class TableFormat { tsv, csv, latex, md };

/// tsv, csv, latex, md.
const std::vector<std::string>& table_format_names();
/// The format named `name`; false when there is none.
bool find_table_format(const std::string& name, TableFormat& out);

struct ReportValue {
  enum class Kind { text, count, number, estimate };
  Kind kind = Kind::text;
  std::string text;
  double x = 0, lo = 0, hi = 0;
  bool infinite_ok = false;  ///< print +-inf as "inf"/"-inf" (a true value, such as an infinite slack)
  int digits = 6;            ///< significant digits in TSV/CSV; 0: the shortest text that reads back as x
};

/// A string, printed as is (escaped for CSV, LaTeX and Markdown).
ReportValue text(std::string s);
/// A whole number (NaN: undefined).
ReportValue count(double n);
/// A whole number, exactly (a double holds integers exactly only to 2^53).
ReportValue exact_count(std::uint64_t n);
/// A real number, 6 significant digits in TSV/CSV, 4 in LaTeX/Markdown.
/// NaN is undefined; so is +-inf unless `infinite_ok`.
ReportValue number(double x, bool infinite_ok = false);
/// A real number at full precision in TSV/CSV (the shortest text that reads
/// back as it, for exact values a user may compare), 4 digits in LaTeX/Markdown.
ReportValue exact(double x, bool infinite_ok = false);
/// An estimate with its interval [lo, hi] (any of them NaN: undefined).
ReportValue estimate(double x, double lo, double hi);

struct ReportColumn {
  std::string name;   ///< TSV/CSV/Markdown header: a plain identifier (gamma, worst_slack)
  std::string latex;  ///< LaTeX header, e.g. "$\\gamma$"; empty: the name, escaped
};

struct Report {
  std::vector<ReportColumn> columns;
  std::vector<std::vector<ReportValue>> rows;  ///< each as long as `columns`
  std::string caption;                         ///< LaTeX \caption and a Markdown line above the table; may be empty

  void add_row(std::vector<ReportValue> row);  ///< throws std::logic_error on a wrong length
};

/// The report as text, with a header row (TSV and CSV end every line in '\n').
std::string format_report(const Report& r, TableFormat f);

}  // namespace pacsim
