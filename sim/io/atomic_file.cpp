// Files renamed into place when complete; see atomic_file.hpp.
#include "sim/io/atomic_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "sim/input/errors.hpp"

namespace pacsim {

AtomicFile::AtomicFile(const std::string& path) : path_(path) {
  struct stat st{};
  if (stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) throw InputError("output '" + path + "' is a directory");
  std::string pattern = path + ".tmp.XXXXXX";
  const int fd = mkstemp(pattern.data());
  if (fd < 0) throw InputError("cannot write the output '" + path + "': " + std::strerror(errno));
  // mkstemp makes the file 0600; a results file gets the usual 0666 & ~umask.
  const mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, 0666 & ~mask);
  close(fd);
  temp_ = pattern;
}

AtomicFile::~AtomicFile() {
  if (!temp_.empty()) std::remove(temp_.c_str());
}

void AtomicFile::commit() {
  if (std::rename(temp_.c_str(), path_.c_str()) != 0)
    throw std::runtime_error("cannot rename " + temp_ + " to " + path_ + ": " + std::strerror(errno));
  temp_.clear();
}

}  // namespace pacsim
