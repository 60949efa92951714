// The I/O plugin's entry point (see plugin.hpp).
#include "analysis/check.hpp"
#include "analysis/fit.hpp"
#include "plugin.hpp"

extern "C" __attribute__((visibility("default"))) const pacsim::IoPlugin* pacsim_io_plugin() {
  static const pacsim::IoPlugin plugin{&pacsim::write_study_file, &pacsim::check_table, &pacsim::fit_study};
  return &plugin;
}
