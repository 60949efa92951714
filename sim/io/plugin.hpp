// pacsim's HDF5 input/output is a plugin, libpacsim_io.so, loaded the first time
// a command needs it (run, check): Debian's HDF5 pulls in ~40 shared libraries
// (curl, TLS, Kerberos, ...) whose loading cost ~20 ms at every start of pacsim,
// which `sample` and `expect` never need. The plugin is found beside the
// executable (../lib/libpacsim_io.so), or at $PACSIM_IO_PLUGIN.
#pragma once
#include <string>
#include <vector>

#include "analysis/fit.hpp"
#include "theory/expect.hpp"

namespace pacsim {

struct Study;

/// What the runner hands the plugin to write.
struct StudyFileData {
  const Study& study;
  const std::vector<std::string>& names;          ///< datasets with data of their own
  const std::vector<std::vector<double>>& data;   ///< [name][cell * reps + rep]
  const std::vector<Expectation>& theory;         ///< per corpus cell
  int threads;
};

/// Write the study file at `path` (plugin side; throws on failure).
void write_study_file(const StudyFileData& in, const std::string& path);

struct IoPlugin {
  void (*write_study_file)(const StudyFileData&, const std::string&);
  std::string (*check_table)(const std::string&);
  std::string (*fit_study)(const std::string&, const FitOptions&);
};

/// The loaded plugin; loads it on first use. Throws std::runtime_error if it
/// cannot be loaded.
const IoPlugin& io_plugin();

}  // namespace pacsim

/// The plugin's one exported symbol.
extern "C" const pacsim::IoPlugin* pacsim_io_plugin();
