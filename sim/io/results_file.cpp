// Results files; see results_file.hpp and SCHEMA.md.
#include "sim/io/results_file.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <stdexcept>

#include "sim/input/errors.hpp"
#include "sim/io/h5.hpp"
#include "sim/version.hpp"

namespace pacsim {

namespace {

std::string iso_now() {
  const std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

void write_attrs(hid_t obj, const Attributes& attrs) {
  for (const auto& [name, value] : attrs) std::visit([&, n = name](const auto& v) { h5::write_attr(obj, n, v); }, value);
}

// One column: 1-D, or 2-D [rows, cols] (chunked, deflated) when cols > 0.
void write_column(hid_t g, const Table::Entry& e, std::size_t rows, std::size_t cols) {
  if (cols > 0) {
    const auto* v = std::get_if<std::vector<double>>(&e.values);
    if (!v) throw std::logic_error("per-replicate column " + e.name + " is not float64");
    h5::write_2d(g, e.name, *v, rows, cols);
  } else {
    std::visit([&](const auto& v) { h5::write_1d(g, e.name, v); }, e.values);
  }
  if (!e.attrs.empty()) write_attrs(h5::open_dataset(g, e.name).id(), e.attrs);
}

// A group holding `table`; per-replicate tables (reps > 0) as [rows, reps].
void write_group(hid_t f, const std::string& name, const Table& table, std::size_t rows, std::size_t reps) {
  const h5::Handle g = h5::create_group(f, name);
  for (const Table::Entry& e : table.columns()) write_column(g.id(), e, rows, reps);
  for (const Table::Alias& a : table.aliases()) h5::link(g.id(), a.existing, a.name);
  write_attrs(g.id(), table.attrs);
}

// /metrics' attributes: the checked inequalities and target/scopes, structured
// (schema 1.1) and as the text of schema 1.0's "checks"; the proof's steps and
// the outcome names (schema 1.3).
Attributes inequality_attrs(const StudyResults& r) {
  std::vector<std::string> names, lhs, rhs, sources;
  std::string text;
  for (const CheckedInequality& i : r.inequalities) {
    names.push_back(i.name);
    lhs.push_back(i.lhs);
    rhs.push_back(i.rhs);
    sources.push_back(i.source);
    text += i.name + ": " + i.formula() + "\n";
  }
  return {{"checks", text + "each holds when <check>_<TS>_lhs <= <check>_<TS>_rhs"},
          {"inequalities", names},
          {"inequality_lhs", lhs},
          {"inequality_rhs", rhs},
          {"inequality_sources", sources},
          {"target_scopes", r.target_scopes},
          {"proof_steps", r.proof_steps},
          {"outcomes", r.outcomes}};
}

void write_root_attrs(hid_t f, const StudyResults& r) {
  h5::write_attr(f, "filetype", std::string("pacsim-study"));
  h5::write_attr(f, "schema_version", std::vector<std::int64_t>{kSchemaMajor, kSchemaMinor});
  h5::write_attr(f, "pacsim_version", std::string(PACSIM_VERSION));
  h5::write_attr(f, "git_commit", std::string(PACSIM_GIT_COMMIT));
  h5::write_attr(f, "created", iso_now());
  h5::write_attr(f, "study_path", r.study_path);
  h5::write_attr(f, "study_toml", r.study_toml);
  h5::write_attr(f, "title", r.title);
  h5::write_attr(f, "seed", r.seed);
  h5::write_attr(f, "reps", r.reps);
  h5::write_attr(f, "n_cells", static_cast<std::uint64_t>(r.n_cells()));
  h5::write_attr(f, "threads", r.threads);
}

}  // namespace

void write_results_file(const StudyResults& r, const std::string& path) {
  const std::size_t n = r.n_cells();
  h5::Handle file = h5::create_file(path);
  const hid_t f = file.id();
  write_root_attrs(f, r);
  write_group(f, "cells", r.cells, n, 0);
  write_group(f, "metrics", r.metrics, n, r.reps);
  write_attrs(h5::open_group(f, "metrics").id(), inequality_attrs(r));
  write_group(f, "theory", r.theory, n, 0);
  // The close flushes metadata: a failure there must not be renamed into place.
  h5::flush(f, "cannot flush " + path);
  file.close("cannot close " + path);
}

namespace {

// A group's datasets as 1-D columns, of the kind each holds.
Table read_columns(hid_t f, const std::string& group, const std::string& path) {
  const h5::Handle g = h5::open_group(f, group);
  Table t;
  for (const std::string& name : h5::list(g.id())) {
    switch (h5::dataset_kind(g.id(), name)) {
      case h5::Kind::float64: t.add(name, h5::read_doubles(g.id(), name)); break;
      case h5::Kind::uint64: t.add(name, h5::read_uint64s(g.id(), name)); break;
      case h5::Kind::string: t.add(name, h5::read_strings(g.id(), name)); break;
      default: throw InputError(escaped(path) + ": /" + group + "/" + escaped(name) + " has a type pacsim does not write");
    }
    if (t.length(name) != t.length(t.columns().front().name))
      throw InputError(escaped(path) + ": /" + group + "/" + escaped(name) + " has " + std::to_string(t.length(name)) +
                       " rows, /" + group + "/" + t.columns().front().name + " " +
                       std::to_string(t.length(t.columns().front().name)));
  }
  return t;
}

// The inequalities and target/scopes of /metrics: its structured attributes
// (schema 1.1), or for schema 1.0 the lines "name: lhs <= rhs" of "checks" and
// the target/scopes of the first inequality's datasets; the proof's steps and
// outcome names where the file has them (schema 1.3).
void read_inequalities(hid_t metrics, StudyResults& r) {
  if (h5::has_attr(metrics, "outcomes")) {
    r.proof_steps = h5::read_attr_strings(metrics, "proof_steps");
    r.outcomes = h5::read_attr_strings(metrics, "outcomes");
  }
  if (h5::has_attr(metrics, "inequalities")) {
    const auto names = h5::read_attr_strings(metrics, "inequalities");
    const auto lhs = h5::read_attr_strings(metrics, "inequality_lhs");
    const auto rhs = h5::read_attr_strings(metrics, "inequality_rhs");
    const auto src = h5::read_attr_strings(metrics, "inequality_sources");
    if (lhs.size() != names.size() || rhs.size() != names.size() || src.size() != names.size())
      throw std::runtime_error("the inequality attributes of /metrics disagree in length");
    for (std::size_t i = 0; i < names.size(); ++i) r.inequalities.push_back({names[i], lhs[i], rhs[i], src[i]});
    r.target_scopes = h5::read_attr_strings(metrics, "target_scopes");
    return;
  }
  const std::string text = h5::read_attr_string(metrics, "checks");
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    const std::string line = text.substr(at, end - at);
    const std::size_t colon = line.find(": "), le = line.find(" <= ");
    if (colon != std::string::npos && le != std::string::npos && le > colon)
      r.inequalities.push_back({line.substr(0, colon), line.substr(colon + 2, le - colon - 2), line.substr(le + 4), ""});
    at = end + 1;
  }
  if (r.inequalities.empty()) return;
  const std::string prefix = r.inequalities.front().name + "_", suffix = "_lhs";
  for (const std::string& name : h5::list(metrics))
    if (name.size() > prefix.size() + suffix.size() && name.rfind(prefix, 0) == 0 &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
      r.target_scopes.push_back(name.substr(prefix.size(), name.size() - prefix.size() - suffix.size()));
}

}  // namespace

struct ResultsFile::File {
  h5::Handle h;
};

ResultsFile::ResultsFile(const std::string& path, Access access) : path_(path), file_(std::make_unique<File>()) {
  h5::Handle& f = file_->h;
  struct stat st{};
  if (stat(path.c_str(), &st) != 0) throw InputError(escaped(path) + ": " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) throw InputError(escaped(path) + ": not a regular file");
  try {
    f = h5::open_file_read(path);
  } catch (const std::runtime_error&) {
    throw InputError(escaped(path) + ": not a readable HDF5 file");
  }
  std::string filetype;
  try {
    if (h5::has_attr(f.id(), "filetype")) filetype = h5::read_attr_string(f.id(), "filetype");
  } catch (const std::runtime_error&) {  // not a single string
  }
  if (filetype != "pacsim-study") throw InputError(escaped(path) + ": not a pacsim results file (filetype " + quote(filetype) + ")");
  std::vector<std::int64_t> v;
  try {
    v = h5::read_attr_ints(f.id(), "schema_version");
  } catch (const std::runtime_error&) {
    throw InputError(escaped(path) + ": no readable schema_version");
  }
  if (v.empty() || v[0] != kSchemaMajor)
    throw InputError(escaped(path) + ": schema_version " + (v.empty() ? std::string("?") : std::to_string(v[0])) +
                     ".x, this pacsim reads " + std::to_string(kSchemaMajor) + ".x");
  if (access == Access::read_write) {
    f = h5::Handle();
    try {
      f = h5::open_file_rw(path);
    } catch (const std::runtime_error&) {
      throw InputError(escaped(path) + ": cannot open the results file for writing");
    }
  }
}

ResultsFile::~ResultsFile() = default;

namespace {

// Runs `read` on a file; what HDF5 or the tables throw is the file's fault.
template <class F>
void read_file(const std::string& path, F read) {
  try {
    read();
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& e) {
    throw InputError(escaped(path) + ": damaged results file: " + e.what());
  }
}

}  // namespace

StudyResults ResultsFile::read() const {
  StudyResults r;
  read_file(path_, [&] {
    const hid_t f = file_->h.id();
    r.study_path = h5::read_attr_string(f, "study_path");
    r.study_toml = h5::read_attr_string(f, "study_toml");
    r.title = h5::read_attr_string(f, "title");
    r.seed = h5::read_attr_uint64(f, "seed");
    r.reps = h5::read_attr_uint64(f, "reps");
    r.threads = h5::read_attr_ints(f, "threads").at(0);
    r.cells = read_columns(f, "cells", path_);
    r.theory = read_columns(f, "theory", path_);
    read_inequalities(h5::open_group(f, "metrics").id(), r);
  });
  if (r.reps == 0) throw InputError(escaped(path_) + ": reps is 0");
  if (!r.theory.columns().empty() && r.theory.length(r.theory.columns().front().name) != r.n_cells())
    throw InputError(escaped(path_) + ": /theory and /cells disagree in length");
  return r;
}

void ResultsFile::read_metrics(StudyResults& r, const std::vector<std::string>& names) const {
  read_file(path_, [&] {
    const h5::Handle g = h5::open_group(file_->h.id(), "metrics");
    for (const std::string& name : names) {
      if (r.metrics.has(name)) continue;
      if (!h5::exists(g.id(), name)) throw InputError(escaped(path_) + ": no dataset /metrics/" + name);
      std::vector<std::size_t> shape;
      std::vector<double> v = h5::read_doubles(g.id(), name, &shape);
      if (shape.size() != 2 || shape[0] != r.n_cells() || shape[1] != r.reps)
        throw InputError(escaped(path_) + ": /metrics/" + name + " is not [n_cells, reps] = [" + std::to_string(r.n_cells()) +
                         ", " + std::to_string(r.reps) + "]");
      r.metrics.add(name, std::move(v));
    }
  });
}

void ResultsFile::replace_group(const std::string& group, const Table& table) {
  const hid_t f = file_->h.id();
  h5::remove(f, group);
  write_group(f, group, table, table.columns().empty() ? 0 : column_length(table.columns().front().values), 0);
}

void ResultsFile::close() {
  h5::flush(file_->h.id(), "cannot flush " + path_);
  file_->h.close("cannot close " + path_);
}

}  // namespace pacsim
