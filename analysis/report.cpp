// Reports as text; see report.hpp.
#include "analysis/report.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <stdexcept>

namespace pacsim {

namespace {

bool defined(const ReportValue& v, double x) { return std::isfinite(x) || (std::isinf(x) && v.infinite_ok); }

std::string plain(const ReportValue& v, double x) {  // full precision, for TSV and CSV
  if (!defined(v, x)) return "";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  if (v.kind == ReportValue::Kind::count) return v.text.empty() ? fmt::format("{:.0f}", x) : v.text;
  if (v.digits == 0) return fmt::format("{}", x);
  return fmt::format("{:.{}g}", x, v.digits);
}

// A number to `digits` significant digits, without an exponent where it is short.
std::string rounded(double x, int digits) { return fmt::format("{:.{}g}", x, digits); }

// x, lo and hi rounded to the interval's precision: two significant digits of
// its half-width (one decimal more than its leading digit's place), in
// scientific notation below 1e-3 and from 1e7.
std::string with_interval(double x, double lo, double hi) {
  const double half = (hi - lo) / 2;
  if (!(half > 0)) return rounded(x, 4) + " [" + rounded(lo, 4) + ", " + rounded(hi, 4) + "]";
  // An interval narrower than a millionth of the values: six significant
  // digits show it, where fixed decimals would run to the 17th place.
  const double scale = std::max({std::fabs(x), std::fabs(lo), std::fabs(hi)});
  if (half < 1e-6 * scale) return rounded(x, 6) + " [" + rounded(lo, 6) + ", " + rounded(hi, 6) + "]";
  const int place = static_cast<int>(std::floor(std::log10(half))) - 1;  // the decimal place kept
  if (scale < 1e-3 || scale >= 1e7) {  // very small or large values: in scientific notation
    const int lead = static_cast<int>(std::floor(std::log10(scale)));
    const int digits = std::clamp(lead - place, 0, 16);
    return fmt::format("{:.{}e} [{:.{}e}, {:.{}e}]", x, digits, lo, digits, hi, digits);
  }
  if (place >= 0) {  // a whole number or coarser
    const double unit = std::pow(10.0, place);
    const auto r = [&](double y) { return fmt::format("{:.0f}", std::round(y / unit) * unit); };
    return r(x) + " [" + r(lo) + ", " + r(hi) + "]";
  }
  const int decimals = std::min(-place, 17);
  return fmt::format("{:.{}f} [{:.{}f}, {:.{}f}]", x, decimals, lo, decimals, hi, decimals);
}

std::string pretty(const ReportValue& v) {  // for LaTeX and Markdown, before escaping
  switch (v.kind) {
    case ReportValue::Kind::text:
      return v.text;
    case ReportValue::Kind::count:
      return defined(v, v.x) ? plain(v, v.x) : "n/a";
    case ReportValue::Kind::number:
      if (!defined(v, v.x)) return "n/a";
      return std::isinf(v.x) ? plain(v, v.x) : rounded(v.x, 4);
    case ReportValue::Kind::estimate:
      if (!(std::isfinite(v.x) && std::isfinite(v.lo) && std::isfinite(v.hi))) {
        return std::isfinite(v.x) ? rounded(v.x, 4) + " [n/a]" : "n/a";
      }
      return with_interval(v.x, v.lo, v.hi);
  }
  return "";
}

// The TSV/CSV fields of one value: an estimate is three.
std::vector<std::string> fields(const ReportValue& v) {
  switch (v.kind) {
    case ReportValue::Kind::text:
      return {v.text};
    case ReportValue::Kind::estimate:
      return {plain(v, v.x), plain(v, v.lo), plain(v, v.hi)};
    default:
      return {plain(v, v.x)};
  }
}

// The TSV/CSV header: an estimate column is name, name_lo, name_hi. The kind of
// a column is read from its first row (a table with no rows has plain headers).
std::vector<std::string> header_fields(const Report& r) {
  std::vector<std::string> out;
  for (std::size_t c = 0; c < r.columns.size(); ++c) {
    const std::string& name = r.columns[c].name;
    out.push_back(name);
    if (!r.rows.empty() && r.rows.front()[c].kind == ReportValue::Kind::estimate) {
      out.push_back(name + "_lo");
      out.push_back(name + "_hi");
    }
  }
  return out;
}

// TSV: a tab, newline or carriage return inside a field would split it; such
// characters become spaces (pacsim's own text never has them).
std::string tsv_field(std::string s) {
  std::replace_if(s.begin(), s.end(), [](char ch) { return ch == '\t' || ch == '\n' || ch == '\r'; }, ' ');
  return s;
}

// CSV (RFC 4180): quoted when it holds a comma, quote or line break.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (const char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

std::string delimited(const Report& r, char sep, std::string (*field)(const std::string&)) {
  std::string out;
  const auto line = [&](const std::vector<std::string>& f) {
    for (std::size_t i = 0; i < f.size(); ++i) out += (i ? std::string(1, sep) : "") + field(f[i]);
    out += '\n';
  };
  line(header_fields(r));
  for (const auto& row : r.rows) {
    std::vector<std::string> f;
    for (const ReportValue& v : row)
      for (std::string& s : fields(v)) f.push_back(std::move(s));
    line(f);
  }
  return out;
}

std::string tsv_text(const std::string& s) { return tsv_field(s); }

std::string latex_escape(const std::string& s) {
  std::string out;
  for (const char ch : s) {
    switch (ch) {
      case '\\': out += "\\textbackslash{}"; break;
      case '&': case '%': case '$': case '#': case '_': case '{': case '}': out += std::string("\\") + ch; break;
      case '~': out += "\\textasciitilde{}"; break;
      case '^': out += "\\textasciicircum{}"; break;
      case '<': out += "\\textless{}"; break;
      case '>': out += "\\textgreater{}"; break;
      case '|': out += "\\textbar{}"; break;
      case '\n': case '\r': case '\t': out += ' '; break;
      default: out += ch;
    }
  }
  return out;
}

bool numeric(const ReportValue& v) { return v.kind != ReportValue::Kind::text; }

std::string latex(const Report& r) {
  std::string spec;
  for (std::size_t c = 0; c < r.columns.size(); ++c)
    spec += !r.rows.empty() && numeric(r.rows.front()[c]) ? 'r' : 'l';
  std::string out = "\\begin{table}\n\\centering\n";
  if (!r.caption.empty()) out += "\\caption{" + latex_escape(r.caption) + "}\n";
  out += "\\begin{tabular}{" + spec + "}\n\\toprule\n";
  for (std::size_t c = 0; c < r.columns.size(); ++c) {
    const ReportColumn& col = r.columns[c];
    out += (c ? " & " : "") + (col.latex.empty() ? latex_escape(col.name) : col.latex);
  }
  out += " \\\\\n\\midrule\n";
  for (const auto& row : r.rows) {
    for (std::size_t c = 0; c < row.size(); ++c) out += (c ? " & " : "") + latex_escape(pretty(row[c]));
    out += " \\\\\n";
  }
  return out + "\\bottomrule\n\\end{tabular}\n\\end{table}\n";
}

std::string md_escape(const std::string& s) {
  std::string out;
  for (const char ch : s) {
    if (ch == '|' || ch == '\\' || ch == '*' || ch == '_' || ch == '`') out += '\\';
    out += (ch == '\n' || ch == '\r' || ch == '\t') ? ' ' : ch;
  }
  return out;
}

std::string markdown(const Report& r) {
  std::string out;
  if (!r.caption.empty()) out += md_escape(r.caption) + "\n\n";
  std::string rule = "|";
  out += "|";
  for (std::size_t c = 0; c < r.columns.size(); ++c) {
    out += " " + md_escape(r.columns[c].name) + " |";
    rule += !r.rows.empty() && numeric(r.rows.front()[c]) ? " ---: |" : " --- |";
  }
  out += "\n" + rule + "\n";
  for (const auto& row : r.rows) {
    out += "|";
    for (const ReportValue& v : row) out += " " + md_escape(pretty(v)) + " |";
    out += "\n";
  }
  return out;
}

}  // namespace

const std::vector<std::string>& table_format_names() {
  static const std::vector<std::string> names = {"tsv", "csv", "latex", "md"};
  return names;
}

bool find_table_format(const std::string& name, TableFormat& out) {
  static const TableFormat formats[] = {TableFormat::tsv, TableFormat::csv, TableFormat::latex, TableFormat::md};
  const auto& names = table_format_names();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) {
      out = formats[i];
      return true;
    }
  return false;
}

ReportValue text(std::string s) {
  ReportValue v;
  v.text = std::move(s);
  return v;
}

ReportValue count(double n) {
  ReportValue v;
  v.kind = ReportValue::Kind::count;
  v.x = n;
  return v;
}

ReportValue exact_count(std::uint64_t n) {
  ReportValue v = count(static_cast<double>(n));
  v.text = std::to_string(n);
  return v;
}

ReportValue number(double x, bool infinite_ok) {
  ReportValue v;
  v.kind = ReportValue::Kind::number;
  v.x = x;
  v.infinite_ok = infinite_ok;
  return v;
}

ReportValue exact(double x, bool infinite_ok) {
  ReportValue v = number(x, infinite_ok);
  v.digits = 0;
  return v;
}

ReportValue estimate(double x, double lo, double hi) {
  ReportValue v;
  v.kind = ReportValue::Kind::estimate;
  v.x = x;
  v.lo = lo;
  v.hi = hi;
  return v;
}

void Report::add_row(std::vector<ReportValue> row) {
  if (row.size() != columns.size())
    throw std::logic_error(fmt::format("report row of {} values for {} columns", row.size(), columns.size()));
  // Headers and alignment follow the first row: every row's kinds must agree.
  if (!rows.empty())
    for (std::size_t c = 0; c < row.size(); ++c)
      if (row[c].kind != rows.front()[c].kind)
        throw std::logic_error("report column " + columns[c].name + " mixes kinds of value");
  rows.push_back(std::move(row));
}

std::string format_report(const Report& r, TableFormat f) {
  switch (f) {
    case TableFormat::tsv:
      return delimited(r, '\t', tsv_text);
    case TableFormat::csv:
      return delimited(r, ',', csv_field);
    case TableFormat::latex:
      return latex(r);
    case TableFormat::md:
      return markdown(r);
  }
  return "";
}

}  // namespace pacsim
