// Shared option parsing; see options.hpp.
#include "sim/cli/options.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "sim/input/errors.hpp"
#include "sim/input/numbers.hpp"

namespace pacsim::cli {

int parse_threads(const std::string& text) {
  if (text.empty()) return 0;
  const auto t = parse_count(text, "--threads", 4096);
  if (t < 1) throw InputError("--threads: " + quote(text) + " must be at least 1");
  return static_cast<int>(t);
}

SamplerLimits limits_from_env(int threads) {
  SamplerLimits lim;
  lim.threads = threads;
  if (const char* g = std::getenv("PACSIM_MAX_GIB"); g && *g) {
    const double v = parse_real(g, "PACSIM_MAX_GIB");
    if (!(v > 0)) throw InputError("PACSIM_MAX_GIB: " + quote(g) + " must be positive");
    lim.max_bytes = v * double(1ull << 30);
    if (!std::isfinite(lim.max_bytes)) throw InputError("PACSIM_MAX_GIB: " + quote(g) + " is too large");
  }
  return lim;
}

void print(const std::string& table) { std::fwrite(table.data(), 1, table.size(), stdout); }

TableFormat parse_table_format(const std::string& text) {
  TableFormat f{};
  if (find_table_format(text, f)) return f;
  std::string known;
  for (const std::string& name : table_format_names()) known += (known.empty() ? "" : ", ") + name;
  throw InputError("--format: " + quote(text) + " is not a table format (known: " + known + ")");
}

const char* const kFormatHelp =
    "Table format: tsv (default), csv, latex (booktabs; needs \\usepackage{booktabs}) or md (Markdown)";

void print(const Report& report, TableFormat format) { print(format_report(report, format)); }

}  // namespace pacsim::cli
