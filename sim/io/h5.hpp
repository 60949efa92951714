// A thin RAII layer over the HDF5 C API: every handle is closed by its owner,
// every call is checked, and a failure becomes std::runtime_error naming the
// call and the object. The only place pacsim touches HDF5 directly (its users
// are results_file.cpp and the tests that make damaged files).
#pragma once
#include <hdf5.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace pacsim::h5 {

/// An owned hid_t with its close function.
class Handle {
 public:
  Handle() = default;
  Handle(hid_t id, herr_t (*closer)(hid_t), const std::string& what);
  Handle(Handle&& o) noexcept : id_(std::exchange(o.id_, -1)), close_(o.close_) {}
  Handle& operator=(Handle&& o) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle();
  hid_t id() const { return id_; }
  /// Close now, throwing if HDF5 reports a failure (a file's close flushes it).
  void close(const std::string& what);

 private:
  hid_t id_ = -1;
  herr_t (*close_)(hid_t) = nullptr;
};

Handle create_file(const std::string& path);     ///< truncates
/// Writes a file's buffers to disk (a failure names `what`).
void flush(hid_t file, const std::string& what);
Handle open_file_read(const std::string& path);
Handle open_file_rw(const std::string& path);
/// Unlink `name` under `loc` if it exists.
void remove(hid_t loc, const std::string& name);
Handle create_group(hid_t loc, const std::string& name);
Handle open_group(hid_t loc, const std::string& name);
Handle open_dataset(hid_t loc, const std::string& name);
bool exists(hid_t loc, const std::string& name);

void write_attr(hid_t obj, const std::string& name, const std::string& value);
void write_attr(hid_t obj, const std::string& name, double value);
void write_attr(hid_t obj, const std::string& name, std::int64_t value);
void write_attr(hid_t obj, const std::string& name, std::uint64_t value);
void write_attr(hid_t obj, const std::string& name, const std::vector<std::int64_t>& value);
void write_attr(hid_t obj, const std::string& name, const std::vector<std::string>& value);
bool has_attr(hid_t obj, const std::string& name);
std::string read_attr_string(hid_t obj, const std::string& name);  ///< a single string
std::vector<std::string> read_attr_strings(hid_t obj, const std::string& name);
std::vector<std::int64_t> read_attr_ints(hid_t obj, const std::string& name);
std::uint64_t read_attr_uint64(hid_t obj, const std::string& name);  ///< a scalar

void write_1d(hid_t loc, const std::string& name, const std::vector<double>& v);
void write_1d(hid_t loc, const std::string& name, const std::vector<std::uint64_t>& v);
void write_1d(hid_t loc, const std::string& name, const std::vector<std::string>& v);
/// A float64 [rows, cols] dataset, row-major, chunked and compressed (deflate, level 1).
void write_2d(hid_t loc, const std::string& name, const std::vector<double>& v, std::size_t rows,
              std::size_t cols);
/// A second name for an existing object (no copy of its data).
void link(hid_t loc, const std::string& existing, const std::string& name);

/// The names of the links in a group, in HDF5's (alphabetical) order.
std::vector<std::string> list(hid_t group);

/// What a dataset holds.
enum class Kind { float64, uint64, string, other };
Kind dataset_kind(hid_t loc, const std::string& name);

std::vector<double> read_doubles(hid_t loc, const std::string& name, std::vector<std::size_t>* shape = nullptr);
std::vector<std::uint64_t> read_uint64s(hid_t loc, const std::string& name);
std::vector<std::string> read_strings(hid_t loc, const std::string& name);

}  // namespace pacsim::h5
