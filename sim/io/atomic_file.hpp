// A file written under a temporary name and renamed when complete, so a file
// at the final path is always finished. The temporary name is unique to the
// writer (OUT.tmp.XXXXXX, made by mkstemp beside OUT, so the rename stays within
// one file system): two writers given the same path never write into one file;
// the last to finish wins. The temporary file is removed on every way out but
// commit().
#pragma once
#include <string>

namespace pacsim {

class AtomicFile {
 public:
  /// Creates the temporary file. Throws InputError when `path` is a directory or
  /// its folder cannot be written: a bad output path is found before any work.
  explicit AtomicFile(const std::string& path);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();

  /// Where to write until commit().
  const std::string& temporary() const { return temp_; }
  /// Renames the temporary file to the final path (throws std::runtime_error
  /// on failure, and then removes it).
  void commit();

 private:
  std::string path_, temp_;
};

}  // namespace pacsim
