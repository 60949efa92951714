// Files renamed into place when complete; see atomic_file.hpp.
#include "sim/io/atomic_file.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <stdexcept>

#include "sim/input/errors.hpp"

namespace pacsim {

namespace {

// --- The temporary files of this process, removed by the signal handler. A
// fixed table of fixed buffers: the handler may only call async-signal-safe
// functions (unlink, raise), so it cannot walk a std::vector.
struct Slot {
  std::atomic<bool> used{false};
  char path[PATH_MAX] = {};
};
std::array<Slot, 8> g_slots;
std::mutex g_slots_mutex;

extern "C" void remove_temporaries_and_die(int sig) {
  for (Slot& s : g_slots)
    if (s.used.load()) unlink(s.path);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

void install_handlers() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (const int sig : {SIGINT, SIGTERM, SIGHUP}) {
      struct sigaction old{};
      sigaction(sig, nullptr, &old);
      if (old.sa_handler == SIG_IGN) continue;  // e.g. nohup: stay ignored
      struct sigaction sa{};
      sa.sa_handler = remove_temporaries_and_die;
      sigemptyset(&sa.sa_mask);
      sigaction(sig, &sa, nullptr);
    }
  });
}

Slot* register_temporary(const std::string& path) {
  const std::lock_guard<std::mutex> lock(g_slots_mutex);
  for (Slot& s : g_slots)
    if (!s.used.load() && path.size() < sizeof s.path) {
      std::memcpy(s.path, path.c_str(), path.size() + 1);
      s.used.store(true);
      return &s;
    }
  return nullptr;  // more writers than slots: this one is not removed on a signal
}

void unregister_temporary(const std::string& path) {
  const std::lock_guard<std::mutex> lock(g_slots_mutex);
  for (Slot& s : g_slots)
    if (s.used.load() && path == s.path) s.used.store(false);
}

// --- Names.
std::string folder_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string base_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

constexpr const char* kSuffix = ".tmp.";
constexpr std::size_t kRandom = 6;  // mkstemp's XXXXXX

// The part of the temporary names before ".tmp.XXXXXX": OUT's name, shortened
// so the whole fits the folder's name limit.
std::string temporary_stem(const std::string& path) {
  const long limit = pathconf(folder_of(path).c_str(), _PC_NAME_MAX);
  const std::size_t max_name = limit > 0 ? static_cast<std::size_t>(limit) : 255;
  const std::size_t room = max_name - std::strlen(kSuffix) - kRandom;
  return base_of(path).substr(0, room);
}

// Whether some process holds the writer's lock on `path`.
bool locked(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0) return true;  // cannot tell: leave it alone
  struct flock fl{};
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  const bool held = fcntl(fd, F_OFD_GETLK, &fl) != 0 || fl.l_type != F_UNLCK;
  close(fd);
  return held;
}

void refuse_special_target(const std::string& path) {
  if (path.empty()) throw InputError("output path is empty");
  struct stat st{};
  if (lstat(path.c_str(), &st) != 0) return;  // a new file
  if (S_ISDIR(st.st_mode)) throw InputError("output '" + escaped(path) + "' is a directory");
  if (S_ISLNK(st.st_mode))
    throw InputError("output '" + escaped(path) + "' is a symbolic link; pacsim replaces only regular files");
  if (!S_ISREG(st.st_mode))
    throw InputError("output '" + escaped(path) + "' is not a regular file (a FIFO, socket or device); "
                     "pacsim replaces only regular files");
}

// Writes `n` bytes at `offset`; false with errno set on failure.
bool write_all(int fd, const char* data, std::size_t n, off_t offset) {
  for (std::size_t done = 0; done < n;) {
    const ssize_t w = pwrite(fd, data + done, n - done, offset + static_cast<off_t>(done));
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) return false;
    if (w == 0) {
      errno = ENOSPC;
      return false;
    }
    done += static_cast<std::size_t>(w);
  }
  return true;
}

void sync_path(const std::string& path, const std::string& what) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || fsync(fd) != 0) {
    const int err = errno;
    if (fd >= 0) close(fd);
    throw std::runtime_error("cannot force " + what + " " + path + " to disk: " + std::strerror(err));
  }
  close(fd);
}

}  // namespace

AtomicFile::AtomicFile(const std::string& path) : path_(path) {
  refuse_special_target(path);
  std::string pattern = folder_of(path) + "/" + temporary_stem(path) + kSuffix + std::string(kRandom, 'X');
  install_handlers();
  const int fd = mkostemp(pattern.data(), O_CLOEXEC);
  if (fd < 0) throw InputError("cannot write the output '" + escaped(path) + "': " + std::strerror(errno));
  temp_ = pattern;
  register_temporary(temp_);
  // mkstemp makes the file 0600; a new file gets the usual 0666 & ~umask.
  const mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, 0666 & ~mask);
  // The writer's lock, held until this object dies (open file description
  // locks: independent of HDF5's own flock on the file, and not dropped when
  // HDF5 closes its descriptor).
  struct flock fl{};
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  fcntl(fd, F_OFD_SETLK, &fl);
  lock_fd_ = fd;
}

AtomicFile::~AtomicFile() {
  if (!temp_.empty()) {
    std::remove(temp_.c_str());
    unregister_temporary(temp_);
  }
  if (lock_fd_ >= 0) close(lock_fd_);
}

void AtomicFile::set_mode(unsigned mode) {
  if (fchmod(lock_fd_, static_cast<mode_t>(mode)) != 0)
    throw std::runtime_error("cannot set the mode of " + temp_ + ": " + std::strerror(errno));
}

void AtomicFile::copy_from(const std::string& source) {
  const int in = open(source.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) throw std::runtime_error("cannot read " + source + ": " + std::strerror(errno));
  std::vector<char> buf(1 << 20);
  for (off_t at = 0;;) {
    const ssize_t n = read(in, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      close(in);
      throw std::runtime_error("cannot read " + source + ": " + std::strerror(err));
    }
    if (n == 0) break;
    if (!write_all(lock_fd_, buf.data(), static_cast<std::size_t>(n), at)) {
      const int err = errno;
      close(in);
      throw std::runtime_error("cannot copy " + source + " to " + temp_ + ": " + std::strerror(err));
    }
    at += n;
  }
  close(in);
}

void AtomicFile::commit() {
  sync_path(temp_, "the results file");
  refuse_special_target(path_);  // the target may have changed while we worked
  if (std::rename(temp_.c_str(), path_.c_str()) != 0)
    throw std::runtime_error("cannot rename " + temp_ + " to " + path_ + ": " + std::strerror(errno));
  unregister_temporary(temp_);
  temp_.clear();
  sync_path(folder_of(path_), "the folder");
}

std::vector<std::string> stale_temporaries(const std::string& path) {
  std::vector<std::string> out;
  const std::string folder = folder_of(path), prefix = temporary_stem(path) + kSuffix;
  DIR* dir = opendir(folder.c_str());
  if (!dir) return out;
  while (const dirent* e = readdir(dir)) {
    const std::string name = e->d_name;
    if (name.size() != prefix.size() + kRandom || name.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string full = folder + "/" + name;
    if (!locked(full)) out.push_back(full);
  }
  closedir(dir);
  return out;
}

}  // namespace pacsim
