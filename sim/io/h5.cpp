// HDF5 RAII layer; see h5.hpp.
#include "sim/io/h5.hpp"

#include <unistd.h>

#include <algorithm>
#include <stdexcept>

namespace pacsim::h5 {

namespace {

// The operating system's reason for the innermost failure on HDF5's error
// stack ("No space left on device"), or "" when HDF5 gave none.
std::string system_reason() {
  std::string reason;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD,
           [](unsigned, const H5E_error2_t* e, void* out) -> herr_t {
             const std::string desc = e->desc ? e->desc : "";
             const std::string key = "error message = '";
             const auto at = desc.find(key);
             auto& r = *static_cast<std::string*>(out);
             if (at != std::string::npos && r.empty())
               r = desc.substr(at + key.size(), desc.find('\'', at + key.size()) - at - key.size());
             return 0;
           },
           &reason);
  return reason;
}

[[noreturn]] void fail(const std::string& what) {
  const std::string reason = system_reason();
  H5Eclear2(H5E_DEFAULT);
  throw std::runtime_error("HDF5: " + what + (reason.empty() ? "" : ": " + reason));
}

void check(herr_t status, const std::string& what) {
  if (status < 0) fail(what);
}

// HDF5 prints its own error stack by default; pacsim reports errors itself.
// And HDF5 closes what is still open at exit, which crashes on a file whose
// close failed (a full disk): pacsim closes every file itself, so that exit
// handler is not installed. Done when the first file is opened, so commands
// that touch no file never initialise the library.
void quiet() {
  static const bool done = (H5dont_atexit(), H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr), true);
  (void)done;
}

// Refuses an attribute that holds more than one value (a damaged or foreign
// file), before reading it into room for one.
void require_scalar(const Handle& a, const std::string& name) {
  const Handle space(H5Aget_space(a.id()), H5Sclose, "attribute space " + name);
  if (H5Sget_simple_extent_npoints(space.id()) != 1) fail("attribute " + name + " is not a single value");
}

Handle scalar_space() { return Handle(H5Screate(H5S_SCALAR), H5Sclose, "scalar dataspace"); }

Handle simple_space(std::size_t n) {
  const hsize_t dims[1] = {n};
  return Handle(H5Screate_simple(1, dims, nullptr), H5Sclose, "dataspace");
}

Handle vlen_string_type() {
  Handle t(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
  check(H5Tset_size(t.id(), H5T_VARIABLE), "string size");
  check(H5Tset_cset(t.id(), H5T_CSET_UTF8), "string charset");
  return t;
}

template <class T>
void write_scalar_attr(hid_t obj, const std::string& name, hid_t type, const T& value) {
  const Handle space = scalar_space();
  const Handle a(H5Acreate2(obj, name.c_str(), type, space.id(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                 "create attribute " + name);
  check(H5Awrite(a.id(), type, &value), "write attribute " + name);
}

}  // namespace

Handle::Handle(hid_t id, herr_t (*closer)(hid_t), const std::string& what) : id_(id), close_(closer) {
  if (id < 0) fail(what);
}

Handle& Handle::operator=(Handle&& o) noexcept {
  if (this != &o) {
    if (id_ >= 0 && close_) close_(id_);
    id_ = std::exchange(o.id_, -1);
    close_ = o.close_;
  }
  return *this;
}

void flush(hid_t file, const std::string& what) { check(H5Fflush(file, H5F_SCOPE_GLOBAL), what); }

void Handle::close(const std::string& what) {
  if (id_ >= 0 && close_) {
    const herr_t status = close_(id_);
    id_ = -1;
    check(status, what);
  }
}

Handle::~Handle() {
  if (id_ >= 0 && close_) close_(id_);
}

Handle create_file(const std::string& path) {
  quiet();
  // Object headers of format 1.8 and later carry checksums, so damaged
  // metadata (attributes among it) is detected, not parsed.
  const Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "file access properties");
  check(H5Pset_libver_bounds(fapl.id(), H5F_LIBVER_V18, H5F_LIBVER_LATEST), "format bounds");
  return Handle(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.id()), H5Fclose, "cannot create " + path);
}

Handle open_file_read(const std::string& path) {
  quiet();
  return Handle(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "cannot open " + path);
}

Handle open_file_rw(const std::string& path) {
  quiet();
  return Handle(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, "cannot open " + path + " for writing");
}

void remove(hid_t loc, const std::string& name) {
  if (exists(loc, name)) check(H5Ldelete(loc, name.c_str(), H5P_DEFAULT), "remove " + name);
}

Handle create_group(hid_t loc, const std::string& name) {
  return Handle(H5Gcreate2(loc, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
                "create group " + name);
}

Handle open_group(hid_t loc, const std::string& name) {
  return Handle(H5Gopen2(loc, name.c_str(), H5P_DEFAULT), H5Gclose, "no group " + name);
}

Handle open_dataset(hid_t loc, const std::string& name) {
  return Handle(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), H5Dclose, "no dataset " + name);
}

bool exists(hid_t loc, const std::string& name) {
  const htri_t e = H5Lexists(loc, name.c_str(), H5P_DEFAULT);
  if (e < 0) fail("cannot look up " + name);
  return e > 0;
}

void write_attr(hid_t obj, const std::string& name, const std::string& value) {
  const Handle type = vlen_string_type();
  const char* p = value.c_str();
  write_scalar_attr(obj, name, type.id(), p);
}
void write_attr(hid_t obj, const std::string& name, double value) {
  write_scalar_attr(obj, name, H5T_NATIVE_DOUBLE, value);
}
void write_attr(hid_t obj, const std::string& name, std::int64_t value) {
  write_scalar_attr(obj, name, H5T_NATIVE_INT64, value);
}
void write_attr(hid_t obj, const std::string& name, std::uint64_t value) {
  write_scalar_attr(obj, name, H5T_NATIVE_UINT64, value);
}
void write_attr(hid_t obj, const std::string& name, const std::vector<std::int64_t>& value) {
  const Handle space = simple_space(value.size());
  const Handle a(H5Acreate2(obj, name.c_str(), H5T_NATIVE_INT64, space.id(), H5P_DEFAULT, H5P_DEFAULT),
                 H5Aclose, "create attribute " + name);
  check(H5Awrite(a.id(), H5T_NATIVE_INT64, value.data()), "write attribute " + name);
}

void write_attr(hid_t obj, const std::string& name, const std::vector<std::string>& value) {
  const Handle type = vlen_string_type();
  const Handle space = simple_space(value.size());
  std::vector<const char*> ptrs;
  for (const auto& s : value) ptrs.push_back(s.c_str());
  const Handle a(H5Acreate2(obj, name.c_str(), type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                 "create attribute " + name);
  check(H5Awrite(a.id(), type.id(), ptrs.data()), "write attribute " + name);
}

bool has_attr(hid_t obj, const std::string& name) {
  const htri_t e = H5Aexists(obj, name.c_str());
  if (e < 0) fail("cannot look up attribute " + name);
  return e > 0;
}

std::string read_attr_string(hid_t obj, const std::string& name) {
  const Handle a(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose, "no attribute " + name);
  const Handle ftype(H5Aget_type(a.id()), H5Tclose, "attribute type " + name);
  const H5T_class_t tclass = H5Tget_class(ftype.id());
  if (tclass == H5T_NO_CLASS) fail("attribute type " + name);
  if (tclass != H5T_STRING) fail("attribute " + name + " is not a string");
  require_scalar(a, name);
  if (H5Tis_variable_str(ftype.id()) > 0) {
    const Handle type = vlen_string_type();
    char* p = nullptr;
    check(H5Aread(a.id(), type.id(), &p), "read attribute " + name);
    std::string s = p ? p : "";
    H5free_memory(p);
    return s;
  }
  const std::size_t n = H5Tget_size(ftype.id());
  if (n == 0) fail("attribute size " + name);
  std::string s(n, '\0');
  check(H5Aread(a.id(), ftype.id(), s.data()), "read attribute " + name);
  s.resize(s.find('\0') == std::string::npos ? n : s.find('\0'));
  return s;
}

std::vector<std::string> read_attr_strings(hid_t obj, const std::string& name) {
  const Handle a(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose, "no attribute " + name);
  const Handle ftype(H5Aget_type(a.id()), H5Tclose, "attribute type " + name);
  if (H5Tget_class(ftype.id()) != H5T_STRING || H5Tis_variable_str(ftype.id()) <= 0)
    fail("attribute " + name + " is not a list of strings");
  const Handle space(H5Aget_space(a.id()), H5Sclose, "attribute space " + name);
  const hssize_t n = H5Sget_simple_extent_npoints(space.id());
  if (n < 0) fail("attribute space " + name);
  const Handle type = vlen_string_type();
  std::vector<char*> ptrs(static_cast<std::size_t>(n), nullptr);
  if (!ptrs.empty()) check(H5Aread(a.id(), type.id(), ptrs.data()), "read attribute " + name);
  std::vector<std::string> out;
  for (char* p : ptrs) {
    out.emplace_back(p ? p : "");
    H5free_memory(p);
  }
  return out;
}

std::vector<std::int64_t> read_attr_ints(hid_t obj, const std::string& name) {
  const Handle a(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose, "no attribute " + name);
  const Handle space(H5Aget_space(a.id()), H5Sclose, "attribute space " + name);
  const hssize_t n = H5Sget_simple_extent_npoints(space.id());
  if (n < 0) fail("attribute space " + name);
  std::vector<std::int64_t> v(static_cast<std::size_t>(n));
  check(H5Aread(a.id(), H5T_NATIVE_INT64, v.data()), "read attribute " + name);
  return v;
}

std::uint64_t read_attr_uint64(hid_t obj, const std::string& name) {
  const Handle a(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose, "no attribute " + name);
  require_scalar(a, name);
  std::uint64_t v = 0;
  check(H5Aread(a.id(), H5T_NATIVE_UINT64, &v), "read attribute " + name);
  return v;
}

namespace {

// A dataset of `dims` (rank 1 or 2) and file type `type`, chunked in whole rows
// of about 64 KiB and checksummed (Fletcher32: a flipped bit fails the read),
// deflated at level 1 when `deflate`. Empty datasets have no chunks.
Handle create_dataset(hid_t loc, const std::string& name, hid_t type, const std::vector<hsize_t>& dims,
                      bool deflate) {
  const Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose,
                     "dataspace " + name);
  const Handle plist(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "property list");
  const hsize_t rows = dims[0], cols = dims.size() > 1 ? dims[1] : 1;
  if (rows > 0 && cols > 0) {
    const std::size_t row_bytes = cols * H5Tget_size(type);
    std::vector<hsize_t> chunk = dims;
    chunk[0] = std::max<hsize_t>(1, std::min<hsize_t>(rows, 65536 / std::max<std::size_t>(1, row_bytes)));
    check(H5Pset_chunk(plist.id(), static_cast<int>(chunk.size()), chunk.data()), "chunk " + name);
    // Deflate alone: with the shuffle filter this data compressed less and slower.
    if (deflate) check(H5Pset_deflate(plist.id(), 1), "deflate " + name);
    check(H5Pset_fletcher32(plist.id()), "checksum " + name);
  }
  return Handle(H5Dcreate2(loc, name.c_str(), type, space.id(), H5P_DEFAULT, plist.id(), H5P_DEFAULT), H5Dclose,
                "create dataset " + name);
}

template <class T>
void write_numbers(hid_t loc, const std::string& name, hid_t file_type, hid_t mem_type, const std::vector<T>& v) {
  const Handle d = create_dataset(loc, name, file_type, {v.size()}, false);
  if (!v.empty()) check(H5Dwrite(d.id(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), "write " + name);
}

// A fixed-length UTF-8 string type of `size` bytes, padded with NULs.
Handle fixed_string_type(std::size_t size) {
  Handle t(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
  check(H5Tset_size(t.id(), std::max<std::size_t>(1, size)), "string size");
  check(H5Tset_strpad(t.id(), H5T_STR_NULLPAD), "string padding");
  check(H5Tset_cset(t.id(), H5T_CSET_UTF8), "string charset");
  return t;
}

}  // namespace

void write_1d(hid_t loc, const std::string& name, const std::vector<double>& v) {
  write_numbers(loc, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, v);
}

void write_1d(hid_t loc, const std::string& name, const std::vector<std::uint64_t>& v) {
  write_numbers(loc, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, v);
}

void write_1d(hid_t loc, const std::string& name, const std::vector<std::string>& v) {
  std::size_t width = 1;
  for (const auto& s : v) width = std::max(width, s.size());
  const Handle type = fixed_string_type(width);
  std::string packed(v.size() * width, '\0');
  for (std::size_t i = 0; i < v.size(); ++i) packed.replace(i * width, v[i].size(), v[i]);
  const Handle d = create_dataset(loc, name, type.id(), {v.size()}, false);
  if (!v.empty())
    check(H5Dwrite(d.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, packed.data()), "write " + name);
}

void write_2d(hid_t loc, const std::string& name, const std::vector<double>& v, std::size_t rows,
              std::size_t cols) {
  const Handle d = create_dataset(loc, name, H5T_IEEE_F64LE, {rows, cols}, true);
  if (!v.empty())
    check(H5Dwrite(d.id(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), "write " + name);
}

void link(hid_t loc, const std::string& existing, const std::string& name) {
  check(H5Lcreate_hard(loc, existing.c_str(), loc, name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
        "link " + name + " to " + existing);
}

namespace {

std::size_t element_count(const std::vector<hsize_t>& dims) {
  std::size_t n = 1;
  for (const auto x : dims) n *= static_cast<std::size_t>(x);
  return n;
}

// Physical memory: no dataset larger than half of it is read.
std::uint64_t read_limit_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page > 0 ? static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page) / 2
                               : std::uint64_t{1} << 32;
}

// The dims of a dataset of rank 1 or 2 (exactly 1 when `one_d`) whose every
// element was written, checked before any room is made for it: a damaged file
// can declare any size.
std::vector<hsize_t> written_extent(hid_t d, const std::string& name, std::size_t element_bytes, bool one_d) {
  const Handle space(H5Dget_space(d), H5Sclose, "dataspace " + name);
  const int rank = H5Sget_simple_extent_ndims(space.id());
  if (rank < 1 || rank > (one_d ? 1 : 2)) fail(name + " has " + std::to_string(rank) + " dimensions");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  if (H5Sget_simple_extent_dims(space.id(), dims.data(), nullptr) < 0) fail("dataspace " + name);
  long double bytes = static_cast<long double>(element_bytes);
  for (const auto x : dims) bytes *= static_cast<long double>(x);
  if (bytes == 0) return dims;
  if (bytes > static_cast<long double>(read_limit_bytes()))
    fail(name + " declares " + std::to_string(static_cast<double>(bytes) / (1 << 30)) +
         " GiB, more than half of this machine's memory");
  const Handle plist(H5Dget_create_plist(d), H5Pclose, "properties of " + name);
  if (H5Pget_layout(plist.id()) == H5D_CHUNKED) {
    std::vector<hsize_t> chunk(dims.size());
    if (H5Pget_chunk(plist.id(), rank, chunk.data()) != rank) fail("chunks of " + name);
    hsize_t expected = 1, allocated = 0;
    for (std::size_t i = 0; i < dims.size(); ++i) expected *= (dims[i] + chunk[i] - 1) / std::max<hsize_t>(1, chunk[i]);
    // H5S_ALL is not handled by this call: it takes the dataspace.
    if (H5Dget_num_chunks(d, space.id(), &allocated) < 0 || allocated != expected)
      fail(name + " holds " + std::to_string(allocated) + " of its " + std::to_string(expected) +
           " chunks: written in part");
  } else if (H5Dget_storage_size(d) == 0) {
    fail(name + " was declared but never written");
  }
  return dims;
}

}  // namespace

std::vector<double> read_doubles(hid_t loc, const std::string& name, std::vector<std::size_t>* shape) {
  const Handle d = open_dataset(loc, name);
  const std::vector<hsize_t> dims = written_extent(d.id(), name, sizeof(double), false);
  if (shape) shape->assign(dims.begin(), dims.end());
  std::vector<double> v(element_count(dims));
  if (!v.empty())
    check(H5Dread(d.id(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), "read " + name);
  return v;
}

std::vector<std::string> list(hid_t group) {
  H5G_info_t info{};
  check(H5Gget_info(group, &info), "group info");
  std::vector<std::string> names;
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const ssize_t n = H5Lget_name_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (n < 0) fail("link name");
    std::string name(static_cast<std::size_t>(n) + 1, '\0');
    if (H5Lget_name_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(), name.size(), H5P_DEFAULT) < 0)
      fail("link name");
    name.resize(static_cast<std::size_t>(n));
    names.push_back(std::move(name));
  }
  return names;
}

Kind dataset_kind(hid_t loc, const std::string& name) {
  const Handle d(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), H5Dclose, "no dataset " + name);
  const Handle type(H5Dget_type(d.id()), H5Tclose, "type of " + name);
  switch (H5Tget_class(type.id())) {
    case H5T_FLOAT: return H5Tget_size(type.id()) == 8 ? Kind::float64 : Kind::other;
    case H5T_INTEGER:
      return H5Tget_size(type.id()) == 8 && H5Tget_sign(type.id()) == H5T_SGN_NONE ? Kind::uint64 : Kind::other;
    case H5T_STRING: return Kind::string;
    default: return Kind::other;
  }
}

std::vector<std::uint64_t> read_uint64s(hid_t loc, const std::string& name) {
  const Handle d = open_dataset(loc, name);
  std::vector<std::uint64_t> v(element_count(written_extent(d.id(), name, sizeof(std::uint64_t), true)));
  if (!v.empty())
    check(H5Dread(d.id(), H5T_NATIVE_UINT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), "read " + name);
  return v;
}

namespace {

std::vector<std::string> read_variable_strings(hid_t d, const std::string& name, std::size_t n) {
  const Handle type = vlen_string_type();
  std::vector<char*> ptrs(n, nullptr);
  if (n) check(H5Dread(d, type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()), "read " + name);
  std::vector<std::string> out;
  out.reserve(n);
  for (char* p : ptrs) {
    out.emplace_back(p ? p : "");
    H5free_memory(p);
  }
  return out;
}

std::vector<std::string> read_fixed_strings(hid_t d, hid_t file_type, const std::string& name, std::size_t n) {
  const std::size_t width = H5Tget_size(file_type);
  if (width == 0) fail("string size of " + name);
  const Handle type = fixed_string_type(width);
  std::string packed(n * width, '\0');
  if (n) check(H5Dread(d, type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, packed.data()), "read " + name);
  std::vector<std::string> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::string s = packed.substr(i * width, width);
    s.resize(std::min(s.size(), s.find('\0')));
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

std::vector<std::string> read_strings(hid_t loc, const std::string& name) {
  const Handle d = open_dataset(loc, name);
  const Handle ftype(H5Dget_type(d.id()), H5Tclose, "type of " + name);
  const bool variable = H5Tis_variable_str(ftype.id()) > 0;
  // A variable-length string is a 16-byte heap reference in the dataset.
  const std::size_t n = element_count(written_extent(d.id(), name, variable ? 16 : H5Tget_size(ftype.id()), true));
  return variable ? read_variable_strings(d.id(), name, n) : read_fixed_strings(d.id(), ftype.id(), name, n);
}

}  // namespace pacsim::h5
