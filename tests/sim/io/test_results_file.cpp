// Unit tests for sim/io/results_file: a round trip (run a small study,
// write_results_file, ResultsFile::read + read_metrics give back every /cells
// and /theory column with its values and type, every metric bit for bit, the
// aliases under both names, the inequalities, target/scopes and root
// attributes); replace_group; the errors of bad files (InputError); and the
// checked-in schema 1.0 files of the reference studies
// (tests/reference/schema_1_0/*.h5), whose inequalities and target/scopes come
// from the 1.0 attributes and whose data equal a fresh run of their studies.
//
// Tolerances: none. HDF5 stores float64 and uint64 as they are, so every value
// is compared exactly, doubles by their bytes (inf and NaN included).
#include <catch2/catch.hpp>

#include "tests/support.hpp"

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "sim/input/errors.hpp"
#include "sim/io/h5.hpp"
#include "sim/io/results_file.hpp"
#include "sim/study/runner.hpp"
#include "sim/study/study.hpp"
#include "theory/inequalities.hpp"

using pacsim::test::same_bits;
using Catch::Matchers::Contains;
using pacsim::Column;
using pacsim::InputError;
using pacsim::ResultsFile;
using pacsim::StudyResults;
using pacsim::Table;

namespace fs = std::filesystem;
namespace h5 = pacsim::h5;

namespace {

// A finite and an infinite world, two modes, both classes; a title with UTF-8.
const char* const kStudy =
    "title = \"round trip \xc3\xbc\"\n"
    "worlds = [\"zm:a=1.1,b=0.5,M=500\", \"zm:a=2,M=inf\"]\n"
    "D = [20, 200]\n"
    "mode = [\"multinomial\", \"poisson\"]\n"
    "k = [5]\n"
    "min_one_over_k = [false, true]\n"
    "class = [\"all\", \"top\"]\n"
    "N = [2]\n"
    "reps = 3\n"
    "seed = 17\n";

std::string work(const std::string& name) {
  const std::string dir = std::string(PACSIM_TEST_WORK) + "/results_file";
  fs::create_directories(dir);
  return dir + "/" + name;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

StudyResults run_small(const std::string& name) {
  const std::string path = work(name + ".toml");
  std::ofstream(path, std::ios::binary) << kStudy;
  pacsim::RunOptions o;
  o.threads = 2;
  return pacsim::run_study(pacsim::load_study(path), o);
}

// The study run and written to NAME.h5; returns what was written.
StudyResults written(const std::string& name) {
  StudyResults r = run_small(name);
  pacsim::write_results_file(r, work(name + ".h5"));
  return r;
}

// Every column of `want` is in `got` under its name, with its type and bytes,
// and `got` has no others.
void same_table(const Table& got, const Table& want, const std::string& group) {
  CHECK(got.columns().size() == want.columns().size());
  for (const auto& c : want.columns()) {
    INFO("/" << group << "/" << c.name);
    REQUIRE(got.has(c.name));
    CHECK(got.column(c.name).index() == c.values.index());
    CHECK(same_bits(got.column(c.name), c.values));
  }
}

// Every metric name of `r`: its columns and its aliases.
std::vector<std::string> metric_names(const StudyResults& r) {
  std::vector<std::string> names;
  for (const auto& c : r.metrics.columns()) names.push_back(c.name);
  for (const auto& a : r.metrics.aliases()) names.push_back(a.name);
  return names;
}

// A bare HDF5 file with the given root attributes (filetype, schema_version).
void bare_file(const std::string& path, const std::string& filetype, const std::vector<std::int64_t>& schema) {
  h5::Handle f = h5::create_file(path);
  if (!filetype.empty()) h5::write_attr(f.id(), "filetype", filetype);
  if (!schema.empty()) h5::write_attr(f.id(), "schema_version", schema);
  f.close("close " + path);
}

std::string input_error(const std::string& path) {
  try {
    const ResultsFile f(path);
  } catch (const InputError& e) {
    return e.what();
  }
  FAIL("no InputError opening " << path);
  return "";
}

}  // namespace

TEST_CASE("results_file: a round trip gives back every table, metric and attribute", "[io][results_file]") {
  const StudyResults w = written("roundtrip");
  REQUIRE(w.n_cells() == 32);
  const ResultsFile f(work("roundtrip.h5"));
  StudyResults r = f.read();
  CHECK(r.study_path == w.study_path);
  CHECK(r.study_toml == kStudy);
  CHECK(r.title == "round trip \xc3\xbc");
  CHECK(r.seed == 17);
  CHECK(r.reps == 3);
  CHECK(r.threads == 2);
  CHECK(r.n_cells() == 32);
  same_table(r.cells, w.cells, "cells");
  same_table(r.theory, w.theory, "theory");
  // The inequalities and target/scopes, with sources (schema 1.1).
  REQUIRE(r.inequalities.size() == w.inequalities.size());
  for (std::size_t i = 0; i < w.inequalities.size(); ++i) {
    CHECK(r.inequalities[i].name == w.inequalities[i].name);
    CHECK(r.inequalities[i].lhs == w.inequalities[i].lhs);
    CHECK(r.inequalities[i].rhs == w.inequalities[i].rhs);
    CHECK(r.inequalities[i].source == w.inequalities[i].source);
  }
  CHECK(r.inequalities.at(0).source == "the line before (9)");
  CHECK(r.target_scopes == w.target_scopes);
  // The proof's steps and the outcome names (schema 1.3).
  CHECK(r.proof_steps == w.proof_steps);
  CHECK(r.proof_steps.size() == 5);
  CHECK(r.outcomes == w.outcomes);
  CHECK(r.outcomes.size() == 9);
  // read() reads no metrics; read_metrics those asked for, aliases included.
  CHECK(r.metrics.columns().empty());
  const std::vector<std::string> names = metric_names(w);
  REQUIRE(names.size() == 125);
  f.read_metrics(r, names);
  for (const std::string& name : names) {
    INFO("/metrics/" << name);
    REQUIRE(r.metrics.has(name));
    CHECK(same_bits(r.metrics.column(name), w.metrics.column(name)));
  }
  // Both names of an alias give the same values.
  CHECK(same_bits(r.metrics.column("eq9_paper_pop_U_lhs"), r.metrics.column("kl_pop_U")));
  CHECK(same_bits(r.metrics.column("eq13_grid_train_S_rhs"), r.metrics.column("tv_train_S")));
  CHECK(same_bits(r.metrics.column("pinsker_norm_pop_S_rhs"), r.metrics.column("kl_norm_pop_S")));
  // The infinite world's M and infinite losses survive (tv over an infinite U
  // is inf when the unseen value is > 0, as with min_one_over_k).
  CHECK(r.cells.doubles("M").back() == INFINITY);
  std::size_t infinite = 0;
  for (const double v : r.metrics.doubles("tv_pop_U")) infinite += v == INFINITY;
  CHECK(infinite > 0);
}

TEST_CASE("results_file: root and /metrics attributes of schema 1.3", "[io][results_file]") {
  const StudyResults w = written("attributes");
  const h5::Handle f = h5::open_file_read(work("attributes.h5"));
  CHECK(h5::read_attr_string(f.id(), "filetype") == "pacsim-study");
  CHECK(h5::read_attr_ints(f.id(), "schema_version") == std::vector<std::int64_t>{1, 3});
  CHECK(h5::read_attr_uint64(f.id(), "n_cells") == 32);
  CHECK(h5::read_attr_uint64(f.id(), "seed") == 17);
  CHECK(h5::read_attr_uint64(f.id(), "reps") == 3);
  CHECK(h5::read_attr_ints(f.id(), "threads") == std::vector<std::int64_t>{2});
  CHECK(h5::has_attr(f.id(), "created"));
  CHECK(h5::has_attr(f.id(), "pacsim_version"));
  CHECK(h5::has_attr(f.id(), "git_commit"));
  const h5::Handle m = h5::open_group(f.id(), "metrics");
  CHECK(h5::read_attr_strings(m.id(), "inequalities") ==
        std::vector<std::string>{"eq9_step", "eq9_paper", "pinsker", "eq13_grid", "eq13_paper", "pinsker_norm"});
  CHECK(h5::read_attr_strings(m.id(), "inequality_lhs") ==
        std::vector<std::string>{"kl", "kl", "tv^2 / 2", "mismatch / k", "|S| * lk / k", "tv_norm^2 / 2"});
  CHECK(h5::read_attr_strings(m.id(), "inequality_rhs") ==
        std::vector<std::string>{"log(k) * lk", "log(k) * lk * |S|", "kl", "tv", "tv", "kl_norm"});
  CHECK(h5::read_attr_strings(m.id(), "target_scopes") ==
        std::vector<std::string>{"pop_S", "pop_U", "train_S", "train_U"});
  CHECK(h5::read_attr_strings(m.id(), "proof_steps") ==
        std::vector<std::string>{"eq9_step", "eq9_paper", "pinsker", "eq13_grid", "eq13_paper"});
  CHECK(h5::read_attr_strings(m.id(), "outcomes") ==
        std::vector<std::string>{"holds", "vacuous", "unfounded", "undefined", "infinite_side", "grid_equal",
                                 "premise_target", "premise_q", "genuine"});
  // Schema 1.0's text form, still written.
  const std::string checks = h5::read_attr_string(m.id(), "checks");
  CHECK_THAT(checks, Contains("eq9_paper: kl <= log(k) * lk * |S|\n"));
  CHECK_THAT(checks, Contains("eq13_grid: mismatch / k <= tv\n"));
  // Each formula side's dataset carries its check; per-replicate data is [n_cells, reps].
  const h5::Handle d = h5::open_dataset(m.id(), "pinsker_train_U_lhs");
  CHECK(h5::read_attr_string(d.id(), "check") == "tv^2 / 2 <= kl over train_U; holds when lhs <= rhs");
  const h5::Handle o = h5::open_dataset(m.id(), "eq9_step_pop_S_outcome");
  CHECK(h5::read_attr_string(o.id(), "unit") == "outcome code");
  std::vector<std::size_t> shape;
  h5::read_doubles(m.id(), "unique", &shape);
  CHECK(shape == std::vector<std::size_t>{32, 3});
}

TEST_CASE("results_file: replace_group replaces an earlier group", "[io][results_file]") {
  written("replace");
  const std::string path = work("replace.h5");
  {
    Table first;
    first.add("gamma", std::vector<double>{0.5, 0.25});
    first.add("world", std::vector<std::string>{"a", "b"});
    first.attrs["law"] = std::string("hoffmann");
    ResultsFile f(path, ResultsFile::Access::read_write);
    f.replace_group("fits", first);
  }
  {
    Table second;
    second.add("points", std::vector<std::uint64_t>{3, 4, 5});
    second.attrs["bootstrap"] = std::int64_t{200};
    ResultsFile f(path, ResultsFile::Access::read_write);
    f.replace_group("fits", second);
  }
  {
    const h5::Handle f = h5::open_file_read(path);
    const h5::Handle g = h5::open_group(f.id(), "fits");
    CHECK(h5::list(g.id()) == std::vector<std::string>{"points"});
    CHECK(h5::read_uint64s(g.id(), "points") == std::vector<std::uint64_t>{3, 4, 5});
    CHECK_FALSE(h5::has_attr(g.id(), "law"));
    CHECK(h5::read_attr_ints(g.id(), "bootstrap") == std::vector<std::int64_t>{200});
  }
  // A file opened to be read cannot have a group replaced.
  {
    ResultsFile ro(path);
    CHECK_THROWS(ro.replace_group("fits", Table{}));
  }
  // The rest of the file is intact.
  const ResultsFile f(path);
  StudyResults r = f.read();
  CHECK(r.n_cells() == 32);
  f.read_metrics(r, {"unique"});
  CHECK(r.metrics.length("unique") == 32 * 3);
}

TEST_CASE("results_file: files that are not pacsim results of this schema are InputError", "[io][results_file]") {
  {
    const std::string path = work("text.h5");
    std::ofstream(path) << "this is not HDF5\n";
    CHECK_THAT(input_error(path), Contains(path) && Contains("not a readable HDF5 file"));
  }
  {
    const std::string path = work("absent.h5");
    fs::remove(path);
    CHECK_THAT(input_error(path), Contains(path) && Contains("No such file"));
  }
  {
    const std::string path = work("no_filetype.h5");
    bare_file(path, "", {});
    CHECK_THAT(input_error(path), Contains(path) && Contains("not a pacsim results file"));
  }
  {
    const std::string path = work("other_filetype.h5");
    bare_file(path, "something-else", {1, 1});
    CHECK_THAT(input_error(path), Contains("not a pacsim results file") && Contains("something-else"));
  }
  {
    const std::string path = work("schema2.h5");
    bare_file(path, "pacsim-study", {2, 0});
    CHECK_THAT(input_error(path), Contains(path) && Contains("schema_version 2.x") && Contains("reads 1.x"));
  }
  {
    // Another minor of major 1 opens.
    const std::string path = work("schema1_7.h5");
    bare_file(path, "pacsim-study", {1, 7});
    CHECK_NOTHROW(ResultsFile(path));
  }
}

TEST_CASE("results_file: a pacsim file without schema_version is InputError", "[io][results_file]") {
  // results_file.hpp: "Throws InputError for a file that is ... not a pacsim
  // results file"; a file naming itself pacsim-study but with no version is one.
  const std::string path = work("no_schema.h5");
  bare_file(path, "pacsim-study", {});
  CHECK_THROWS_AS(ResultsFile(path), InputError);
}

TEST_CASE("results_file: a /metrics dataset not of shape n_cells x reps is InputError", "[io][results_file]") {
  const StudyResults w = written("bad_shape");
  const std::string path = work("bad_shape.h5");
  {
    const h5::Handle f = h5::open_file_rw(path);
    const h5::Handle g = h5::open_group(f.id(), "metrics");
    // [n_cells, reps - 1] and a flat [n_cells * reps].
    h5::remove(g.id(), "unique");
    h5::write_2d(g.id(), "unique", std::vector<double>(32 * 2, 1.0), 32, 2);
    h5::remove(g.id(), "hapax");
    h5::write_1d(g.id(), "hapax", std::vector<double>(32 * 3, 1.0));
    h5::remove(g.id(), "V2");
    h5::write_2d(g.id(), "V2", std::vector<double>(31 * 3, 1.0), 31, 3);
  }
  const ResultsFile f(path);
  StudyResults r = f.read();
  for (const char* name : {"unique", "hapax", "V2"}) {
    INFO(name);
    CHECK_THROWS_AS(f.read_metrics(r, {name}), InputError);
    CHECK_THROWS_WITH(f.read_metrics(r, {name}), Contains(name) && Contains("[n_cells, reps] = [32, 3]"));
    CHECK_FALSE(r.metrics.has(name));
  }
  // The others still read.
  f.read_metrics(r, {"V3"});
  CHECK(same_bits(r.metrics.column("V3"), w.metrics.column("V3")));
}

TEST_CASE("results_file: a metric the file does not hold is InputError naming it", "[io][results_file]") {
  // `pacsim check` and `pacsim fit` ask read_metrics for the metrics they need:
  // a file without one (an older or edited file) is the user's input, so it
  // should be reported as InputError (exit 2), naming the metric.
  written("missing_metric");
  const ResultsFile f(work("missing_metric.h5"));
  StudyResults r = f.read();
  CHECK_THROWS(f.read_metrics(r, {"no_such_metric"}));
  CHECK_THROWS_AS(f.read_metrics(r, {"no_such_metric"}), InputError);
  CHECK_THROWS_WITH(f.read_metrics(r, {"no_such_metric"}), Contains("no_such_metric"));
  CHECK_FALSE(r.metrics.has("no_such_metric"));
}

TEST_CASE("results_file: the schema 1.0 reference files read, and equal a fresh run bit for bit",
          "[io][results_file]") {
  // tests/reference/schema_1_0/NAME.h5: the reference studies as pacsim wrote
  // them at schema 1.0, kept to test reading old files; their study files are
  // tests/reference/NAME.toml.
  for (const std::string name : {"finite", "infinite"}) {
    INFO(name);
    const std::string base = std::string(PACSIM_TEST_DATA) + "/reference/";
    const ResultsFile f(base + "schema_1_0/" + name + ".h5");
    StudyResults r = f.read();
    // The five inequalities of 1.0, in 1.0's order, from its "checks" text (no
    // sources in 1.0), and the four target/scopes from the names of the first
    // inequality's datasets; no proof steps or outcome names before 1.3.
    const std::vector<std::string> names = {"eq9_paper", "eq9_step", "pinsker", "eq13_paper", "eq13_grid"};
    REQUIRE(r.inequalities.size() == names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
      CHECK(r.inequalities[i].name == names[i]);
      CHECK(r.inequalities[i].formula() == pacsim::find_inequality(names[i])->formula());
      CHECK(r.inequalities[i].source.empty());
    }
    CHECK(r.target_scopes == std::vector<std::string>{"pop_S", "pop_U", "train_S", "train_U"});
    CHECK(r.proof_steps.empty());
    CHECK(r.outcomes.empty());
    CHECK(r.study_toml == read_text(base + name + ".toml"));
    // A fresh run of the same study: every dataset the old file has is the same.
    pacsim::RunOptions o;
    o.threads = 2;
    const StudyResults fresh = pacsim::run_study(pacsim::load_study(base + name + ".toml"), o);
    CHECK(r.title == fresh.title);
    CHECK(r.seed == fresh.seed);
    CHECK(r.reps == fresh.reps);
    CHECK(r.n_cells() == fresh.n_cells());
    same_table(r.cells, fresh.cells, "cells");
    same_table(r.theory, fresh.theory, "theory");
    std::vector<std::string> old_names;
    for (const std::string& m : metric_names(fresh)) {
      const bool added = m.find("_norm") != std::string::npos || m.rfind("t_mass", 0) == 0 ||
                         m.find("_outcome") != std::string::npos || m.rfind("premises_", 0) == 0 ||
                         m.rfind("first_failure", 0) == 0;  // the datasets of 1.3
      if (!added) old_names.push_back(m);
    }
    REQUIRE(old_names.size() == 69);
    f.read_metrics(r, old_names);
    for (const std::string& m : old_names) {
      INFO("/metrics/" << m);
      CHECK(same_bits(r.metrics.column(m), fresh.metrics.column(m)));
    }
  }
  CHECK(ResultsFile(std::string(PACSIM_TEST_DATA) + "/reference/schema_1_0/finite.h5").read().n_cells() == 288);
}
