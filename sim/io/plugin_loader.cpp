// Loads the I/O plugin on first use (see plugin.hpp).
#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <mutex>
#include <stdexcept>

#include "plugin.hpp"

namespace pacsim {

namespace {

std::string plugin_path() {
  if (const char* env = std::getenv("PACSIM_IO_PLUGIN"); env && *env) return env;
  char buf[4096];
  const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return "libpacsim_io.so";
  std::string exe(buf, static_cast<std::size_t>(n));
  const auto slash = exe.find_last_of('/');
  return exe.substr(0, slash) + "/../lib/libpacsim_io.so";
}

}  // namespace

const IoPlugin& io_plugin() {
  static const IoPlugin* plugin = nullptr;
  static std::once_flag once;
  static std::string error;
  std::call_once(once, [] {
    const std::string path = plugin_path();
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      error = std::string("cannot load the HDF5 plugin: ") + dlerror();
      return;
    }
    using Entry = const IoPlugin* (*)();
    const auto entry = reinterpret_cast<Entry>(dlsym(handle, "pacsim_io_plugin"));
    if (!entry) {
      error = "HDF5 plugin " + path + " has no entry point";
      return;
    }
    plugin = entry();
  });
  if (!plugin) throw std::runtime_error(error);
  return *plugin;
}

}  // namespace pacsim
