// Unit tests for sim/io/atomic_file: AtomicFile writes under a temporary name
// beside the target (OUT.tmp.XXXXXX), unique to each writer, with nothing at the
// target until commit(); the temporary is removed when the object dies without
// commit; commit() renames (replacing an older file; the last to commit wins);
// a directory target or a folder that cannot be written throws InputError before
// any work; the file's mode is 0666 & ~umask.
//
// Tolerances: none; every check is exact (names, contents, existence, modes).
// The read-only-folder case runs only when not root: root writes anywhere, so
// there it would test nothing.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/input/errors.hpp"
#include "sim/io/atomic_file.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using pacsim::AtomicFile;
using pacsim::InputError;

namespace fs = std::filesystem;

namespace {

// A fresh, empty folder for one test case.
std::string fresh_dir(const std::string& name) {
  const std::string dir = std::string(PACSIM_TEST_WORK) + "/atomic_file/" + name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

std::size_t entries(const std::string& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

// Sets the umask for its lifetime.
struct Umask {
  mode_t saved;
  explicit Umask(mode_t m) : saved(umask(m)) {}
  ~Umask() { umask(saved); }
};

mode_t mode_of(const std::string& path) {
  struct stat st{};
  REQUIRE(stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

}  // namespace

TEST_CASE("atomic_file: the temporary is beside the target, unique, and the target is absent until commit",
          "[io][atomic_file]") {
  const std::string dir = fresh_dir("names");
  const std::string target = dir + "/out.h5";
  AtomicFile a(target), b(target);
  for (const AtomicFile* f : {&a, &b}) {
    INFO(f->temporary());
    CHECK_THAT(f->temporary(), StartsWith(target + ".tmp."));
    CHECK(f->temporary().size() == target.size() + 11);  // ".tmp." and six characters
    CHECK(fs::path(f->temporary()).parent_path() == fs::path(target).parent_path());
    CHECK(fs::is_regular_file(f->temporary()));
    CHECK(fs::file_size(f->temporary()) == 0);
  }
  CHECK(a.temporary() != b.temporary());
  CHECK_FALSE(fs::exists(target));
  write(a.temporary(), "written by a");
  CHECK_FALSE(fs::exists(target));
  CHECK(entries(dir) == 2);
}

TEST_CASE("atomic_file: the temporary is removed when the object dies without commit", "[io][atomic_file]") {
  const std::string dir = fresh_dir("abandon");
  const std::string target = dir + "/out.h5";
  std::string temp;
  {
    AtomicFile f(target);
    temp = f.temporary();
    write(temp, "half a file");
    REQUIRE(fs::exists(temp));
  }
  CHECK_FALSE(fs::exists(temp));
  CHECK_FALSE(fs::exists(target));
  CHECK(entries(dir) == 0);
  // An older target is left as it was.
  write(target, "old");
  {
    AtomicFile f(target);
    write(f.temporary(), "new, abandoned");
  }
  CHECK(read(target) == "old");
  CHECK(entries(dir) == 1);
}

TEST_CASE("atomic_file: commit renames the temporary to the target, the last to commit wins", "[io][atomic_file]") {
  const std::string dir = fresh_dir("commit");
  const std::string target = dir + "/out.h5";
  write(target, "old");
  {
    AtomicFile f(target);
    const std::string temp = f.temporary();
    write(temp, "new");
    f.commit();
    CHECK_FALSE(fs::exists(temp));
    CHECK(read(target) == "new");
  }
  CHECK(read(target) == "new");  // the destructor after commit leaves the target
  CHECK(entries(dir) == 1);
  {
    AtomicFile first(target), second(target);
    write(first.temporary(), "first");
    write(second.temporary(), "second");
    first.commit();
    second.commit();
  }
  CHECK(read(target) == "second");
  CHECK(entries(dir) == 1);
}

TEST_CASE("atomic_file: a failed commit throws, and the temporary is still removed", "[io][atomic_file]") {
  const std::string dir = fresh_dir("failed_commit");
  const std::string target = dir + "/out.h5";
  std::string temp;
  {
    AtomicFile f(target);
    temp = f.temporary();
    fs::create_directories(target + "/inside");  // a non-empty directory now stands at the target
    CHECK_THROWS_AS(f.commit(), std::runtime_error);
  }
  CHECK_FALSE(fs::exists(temp));
  CHECK(fs::is_directory(target + "/inside"));
}

TEST_CASE("atomic_file: a directory target or an unwritable folder is InputError", "[io][atomic_file]") {
  const std::string dir = fresh_dir("errors");
  CHECK_THROWS_AS(AtomicFile(dir), InputError);
  CHECK_THROWS_WITH(AtomicFile(dir), Contains(dir) && Contains("is a directory"));
  const std::string missing = dir + "/no/such/folder/out.h5";
  CHECK_THROWS_AS(AtomicFile(missing), InputError);
  CHECK_THROWS_WITH(AtomicFile(missing), Contains(missing) && Contains("cannot write"));
  write(dir + "/a_file", "x");
  const std::string under_file = dir + "/a_file/out.h5";  // a folder that is a file
  CHECK_THROWS_AS(AtomicFile(under_file), InputError);
  CHECK(entries(dir) == 1);  // nothing left behind
  if (geteuid() != 0) {
    const std::string ro = dir + "/read_only";
    fs::create_directories(ro);
    fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec);
    CHECK_THROWS_AS(AtomicFile(ro + "/out.h5"), InputError);
    fs::permissions(ro, fs::perms::owner_all);
  }
}

TEST_CASE("atomic_file: the file's mode is 0666 & ~umask", "[io][atomic_file]") {
  const std::string dir = fresh_dir("mode");
  for (const mode_t mask : {mode_t{022}, mode_t{077}, mode_t{0}, mode_t{027}}) {
    INFO("umask " << std::oct << mask);
    const std::string target = dir + "/out_" + std::to_string(mask) + ".h5";
    {
      const Umask guard(mask);
      AtomicFile f(target);
      CHECK(mode_of(f.temporary()) == (0666 & ~mask));
      f.commit();
    }
    CHECK(mode_of(target) == (0666 & ~mask));
  }
  // The umask itself is unchanged by AtomicFile.
  const Umask probe(022);
  { AtomicFile f(dir + "/probe.h5"); }
  CHECK(umask(022) == 022);
}

TEST_CASE("atomic_file: only a regular file is replaced, and an empty path is InputError", "[io][atomic_file]") {
  const std::string dir = fresh_dir("special");
  const std::string fifo = dir + "/fifo.h5", link = dir + "/link.h5";
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  CHECK_THROWS_WITH(AtomicFile(fifo), Contains(fifo) && Contains("not a regular file"));
  write(dir + "/target", "keep");
  fs::create_symlink("target", link);
  CHECK_THROWS_WITH(AtomicFile(link), Contains(link) && Contains("symbolic link"));
  CHECK_THROWS_WITH(AtomicFile(""), Contains("empty"));
  CHECK(fs::is_fifo(fifo));
  CHECK(fs::is_symlink(link));
  CHECK(entries(dir) == 3);  // nothing left behind
  // A target that becomes a FIFO while the file is written is refused at commit.
  const std::string later = dir + "/later.h5";
  AtomicFile f(later);
  REQUIRE(mkfifo(later.c_str(), 0600) == 0);
  CHECK_THROWS_AS(f.commit(), InputError);
  CHECK(fs::is_fifo(later));
}

TEST_CASE("atomic_file: a name at the limit gets a shortened temporary name", "[io][atomic_file]") {
  const std::string dir = fresh_dir("long");
  const std::string name = std::string(252, 'n') + ".h5";  // 255 bytes
  AtomicFile f(dir + "/" + name);
  const std::string temp = fs::path(f.temporary()).filename().string();
  CHECK(temp.size() == 255);
  CHECK_THAT(temp, StartsWith(std::string(244, 'n') + ".tmp."));
  write(f.temporary(), "x");
  f.commit();
  CHECK(read(dir + "/" + name) == "x");
}

TEST_CASE("atomic_file: stale temporaries are those no live writer holds", "[io][atomic_file]") {
  const std::string dir = fresh_dir("stale");
  const std::string target = dir + "/out.h5";
  write(dir + "/out.h5.tmp.ABCDEF", "left by a killed run");
  write(dir + "/out.h5.tmp.toolong1", "not a temporary name");
  write(dir + "/other.h5.tmp.ABCDEF", "another output's");
  const AtomicFile live(target);  // holds its lock: not stale
  CHECK(pacsim::stale_temporaries(target) == std::vector<std::string>{dir + "/out.h5.tmp.ABCDEF"});
}

TEST_CASE("atomic_file: copy_from starts the temporary as a copy of a file", "[io][atomic_file]") {
  const std::string dir = fresh_dir("copy");
  std::string content(3 << 20, '\0');  // more than one buffer
  for (std::size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>(i * 7 % 251);
  write(dir + "/source", content);
  AtomicFile f(dir + "/source");
  f.copy_from(dir + "/source");
  f.set_mode(0640);
  f.commit();
  CHECK(read(dir + "/source") == content);
  CHECK(mode_of(dir + "/source") == 0640);
  AtomicFile g(dir + "/other");
  CHECK_THROWS_WITH(g.copy_from(dir + "/absent"), Contains("absent") && Contains("No such file"));
}
