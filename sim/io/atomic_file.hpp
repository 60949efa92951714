// A file written under a temporary name and renamed when complete, so a file
// at the final path is always finished: a kill at any moment leaves the old
// file or the new one. The temporary name is unique to the writer
// (OUT.tmp.XXXXXX, made by mkstemp beside OUT, so the rename stays within one
// file system; OUT's name is shortened in it when the whole would exceed the
// file system's name limit): two writers given the same path never write into
// one file; the last to finish wins. The temporary file is removed on every
// way out but commit(), SIGINT, SIGTERM and SIGHUP included; the writer holds
// a lock on it while it lives, so temporary files left by killed writers can
// be told from those of live ones (stale_temporaries()).
#pragma once
#include <string>
#include <vector>

namespace pacsim {

class AtomicFile {
 public:
  /// Creates the temporary file with mode 0666 & ~umask. Throws InputError,
  /// before any work, when `path` is empty, exists and is not a regular file
  /// (a directory, a FIFO, a device, a symbolic link), or its folder cannot be
  /// written.
  explicit AtomicFile(const std::string& path);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();

  /// Gives the file `mode` exactly (as the file it replaces had).
  void set_mode(unsigned mode);
  /// Fills the temporary file with a copy of `source` (to edit a file by
  /// replacing it). Throws std::runtime_error with the system's reason.
  void copy_from(const std::string& source);
  /// Where to write until commit().
  const std::string& temporary() const { return temp_; }
  /// Forces the temporary file to disk, renames it to the final path and
  /// forces the folder's entry to disk (throws std::runtime_error on failure,
  /// and then removes it).
  void commit();

 private:
  std::string path_, temp_;
  int lock_fd_ = -1;  ///< holds the writer's lock on the temporary file
};

/// Temporary files beside `path` (as AtomicFile names them) whose writer is no
/// longer running: left by a kill no handler could see (SIGKILL, a power cut).
std::vector<std::string> stale_temporaries(const std::string& path);

}  // namespace pacsim
