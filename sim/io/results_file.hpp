// Results files: a study's results (sim/results) in HDF5, as sim/io/SCHEMA.md
// describes, written whole and read back. h5py, h5dump and pandas read the same
// files without pacsim.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/results/study_results.hpp"

namespace pacsim {

/// The schema version this pacsim writes; it reads every minor of the major.
inline constexpr std::int64_t kSchemaMajor = 1;
inline constexpr std::int64_t kSchemaMinor = 3;

/// Writes `results` as a new file at `path` (replacing any), flushed and closed;
/// throws std::runtime_error on any failure.
void write_results_file(const StudyResults& results, const std::string& path);

/// A results file opened to be read (and for `fit`, to have /fits replaced).
class ResultsFile {
 public:
  enum class Access { read, read_write };
  /// Opens `path`. Throws InputError for a file that is not readable HDF5, not a
  /// pacsim results file, or of another schema major.
  explicit ResultsFile(const std::string& path, Access access = Access::read);
  ~ResultsFile();
  ResultsFile(const ResultsFile&) = delete;
  ResultsFile& operator=(const ResultsFile&) = delete;

  /// Everything but the per-replicate metrics: root attributes, the checked
  /// inequalities and target/scopes, /cells and /theory. Throws InputError,
  /// naming the file, for anything it cannot read (a damaged file), tables that
  /// disagree in length, or no replicates.
  StudyResults read() const;
  /// Adds the named per-replicate metrics to `results` (as read()), each
  /// checked to be [n_cells, reps]; throws InputError as read() does.
  void read_metrics(StudyResults& results, const std::vector<std::string>& names) const;
  /// Replaces the group `group` (such as "fits") by `table`.
  void replace_group(const std::string& group, const Table& table);
  /// Flushes and closes the file; throws std::runtime_error if HDF5 reports a
  /// failure (the last step of a write: without it, errors on close are lost).
  void close();

 private:
  struct File;  // the open HDF5 file (h5.hpp stays private to sim/io)
  std::string path_;
  std::unique_ptr<File> file_;
};

}  // namespace pacsim
