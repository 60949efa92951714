// Unit tests for sim/io/h5: the RAII layer over HDF5's C API. Attributes of every
// type written and read back, the refusals of the readers (an attribute holding
// more than one value, a value of the wrong kind), list() order, dataset_kind,
// 1-D and 2-D datasets (shape, chunking, deflate), link() and remove(), Handle
// ownership (a moved-from Handle is inert, a move-assignment closes the old
// object), and errors as std::runtime_error naming the object.
//
// Files go to PACSIM_TEST_WORK/h5/, one name per test case. Everything is exact:
// values are compared with == (doubles bit for bit through memcmp where signs of
// zero and NaN matter); HDF5's own properties (chunk dims, filters, object
// validity) are read with the C API, which the test executable links.
#include <catch2/catch.hpp>

#include "tests/support.hpp"

#include <hdf5.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/io/h5.hpp"

namespace h5 = pacsim::h5;
using pacsim::test::same_bits;
using Catch::Matchers::Contains;

namespace {

std::string work(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::path(PACSIM_TEST_WORK) / "h5";
  std::filesystem::create_directories(dir);
  const std::filesystem::path p = dir / name;
  std::filesystem::remove(p);
  return p.string();
}


double read_double_attr(hid_t obj, const std::string& name) {
  const h5::Handle a(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose, "open " + name);
  double v = 0;
  REQUIRE(H5Aread(a.id(), H5T_NATIVE_DOUBLE, &v) >= 0);
  return v;
}

// The message of the std::runtime_error that f throws ("" when it throws none).
template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

bool valid(hid_t id) { return H5Iis_valid(id) > 0; }

// A raw HDF5 dataset of `type` (memory type `mem`) holding `n` values at `data`.
void raw_dataset(hid_t loc, const char* name, hid_t type, hid_t mem, const void* data, hsize_t n) {
  const hsize_t dims[1] = {n};
  const h5::Handle space(H5Screate_simple(1, dims, nullptr), H5Sclose, "space");
  const h5::Handle d(H5Dcreate2(loc, name, type, space.id(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose,
                     std::string("create ") + name);
  REQUIRE(H5Dwrite(d.id(), mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) >= 0);
}

}  // namespace

// ---------------------------------------------------------------------------
// Attributes
// ---------------------------------------------------------------------------

TEST_CASE("h5: attributes of every type are written and read back", "[sim][h5]") {
  const std::string path = work("attributes.h5");
  const double kDenorm = std::numeric_limits<double>::denorm_min();
  {
    const h5::Handle f = h5::create_file(path);
    const h5::Handle g = h5::create_group(f.id(), "g");
    h5::write_attr(f.id(), "s", std::string("pacsim-study"));
    h5::write_attr(f.id(), "s_empty", std::string());
    h5::write_attr(f.id(), "s_utf8", std::string("Good\xE2\x80\x93Turing, \xC3\xA9t\xC3\xA9"));
    h5::write_attr(f.id(), "s_long", std::string(100000, 'x') + "end");
    h5::write_attr(f.id(), "d", 0.1);
    h5::write_attr(f.id(), "d_negzero", -0.0);
    h5::write_attr(f.id(), "d_inf", -std::numeric_limits<double>::infinity());
    h5::write_attr(f.id(), "d_denorm", kDenorm);
    h5::write_attr(f.id(), "i", std::int64_t{-42});
    h5::write_attr(f.id(), "i_min", std::numeric_limits<std::int64_t>::min());
    h5::write_attr(f.id(), "u", std::uint64_t{17});
    h5::write_attr(f.id(), "u_max", std::numeric_limits<std::uint64_t>::max());
    h5::write_attr(f.id(), "iv", std::vector<std::int64_t>{1, -1, std::numeric_limits<std::int64_t>::max()});
    h5::write_attr(f.id(), "iv1", std::vector<std::int64_t>{7});
    h5::write_attr(f.id(), "sv", std::vector<std::string>{"kl", "", "tv_pop_S", "\xC3\xA9"});
    h5::write_attr(g.id(), "on_group", std::string("yes"));
  }
  const h5::Handle f = h5::open_file_read(path);
  CHECK(h5::read_attr_string(f.id(), "s") == "pacsim-study");
  CHECK(h5::read_attr_string(f.id(), "s_empty") == "");
  CHECK(h5::read_attr_string(f.id(), "s_utf8") == "Good\xE2\x80\x93Turing, \xC3\xA9t\xC3\xA9");
  CHECK(h5::read_attr_string(f.id(), "s_long") == std::string(100000, 'x') + "end");
  CHECK(same_bits(read_double_attr(f.id(), "d"), 0.1));
  CHECK(same_bits(read_double_attr(f.id(), "d_negzero"), -0.0));
  CHECK(read_double_attr(f.id(), "d_inf") == -std::numeric_limits<double>::infinity());
  CHECK(read_double_attr(f.id(), "d_denorm") == kDenorm);
  CHECK(h5::read_attr_ints(f.id(), "i") == std::vector<std::int64_t>{-42});
  CHECK(h5::read_attr_ints(f.id(), "i_min") == std::vector<std::int64_t>{std::numeric_limits<std::int64_t>::min()});
  CHECK(h5::read_attr_uint64(f.id(), "u") == 17);
  CHECK(h5::read_attr_uint64(f.id(), "u_max") == std::numeric_limits<std::uint64_t>::max());
  CHECK(h5::read_attr_ints(f.id(), "iv") ==
        std::vector<std::int64_t>{1, -1, std::numeric_limits<std::int64_t>::max()});
  CHECK(h5::read_attr_ints(f.id(), "iv1") == std::vector<std::int64_t>{7});
  CHECK(h5::read_attr_strings(f.id(), "sv") == std::vector<std::string>{"kl", "", "tv_pop_S", "\xC3\xA9"});
  // A single string is also a list of one.
  CHECK(h5::read_attr_strings(f.id(), "s") == std::vector<std::string>{"pacsim-study"});
  const h5::Handle g = h5::open_group(f.id(), "g");
  CHECK(h5::read_attr_string(g.id(), "on_group") == "yes");
  // The stored types: int64 signed, uint64 unsigned, strings variable-length UTF-8.
  {
    const h5::Handle a(H5Aopen(f.id(), "u", H5P_DEFAULT), H5Aclose, "u");
    const h5::Handle t(H5Aget_type(a.id()), H5Tclose, "type");
    CHECK(H5Tget_sign(t.id()) == H5T_SGN_NONE);
    CHECK(H5Tget_size(t.id()) == 8);
  }
  {
    const h5::Handle a(H5Aopen(f.id(), "s", H5P_DEFAULT), H5Aclose, "s");
    const h5::Handle t(H5Aget_type(a.id()), H5Tclose, "type");
    CHECK(H5Tis_variable_str(t.id()) > 0);
    CHECK(H5Tget_cset(t.id()) == H5T_CSET_UTF8);
  }
}

TEST_CASE("h5: has_attr tells present from absent attributes", "[sim][h5]") {
  const std::string path = work("has_attr.h5");
  const h5::Handle f = h5::create_file(path);
  h5::write_attr(f.id(), "here", 1.5);
  CHECK(h5::has_attr(f.id(), "here"));
  CHECK_FALSE(h5::has_attr(f.id(), "there"));
  CHECK_FALSE(h5::has_attr(f.id(), "Here"));
  const h5::Handle g = h5::create_group(f.id(), "g");
  CHECK_FALSE(h5::has_attr(g.id(), "here"));  // per object
  // An invalid object: an error, not false.
  CHECK_THROWS_AS(h5::has_attr(-1, "here"), std::runtime_error);
}

TEST_CASE("h5: attribute readers refuse what they cannot hold", "[sim][h5]") {
  const std::string path = work("attr_refusals.h5");
  const h5::Handle f = h5::create_file(path);
  h5::write_attr(f.id(), "two", std::vector<std::string>{"a", "b"});
  h5::write_attr(f.id(), "one", std::vector<std::string>{"only"});
  h5::write_attr(f.id(), "ints", std::vector<std::int64_t>{1, 2});
  h5::write_attr(f.id(), "dbl", 2.5);
  h5::write_attr(f.id(), "str", std::string("text"));
  // Two strings are not "a single string": refused, naming the attribute.
  const std::string two = error_of([&] { h5::read_attr_string(f.id(), "two"); });
  CHECK_THAT(two, Contains("two") && Contains("not a single value"));
  // A list of one string is a single string.
  CHECK(h5::read_attr_string(f.id(), "one") == "only");
  // A number is not a string.
  CHECK_THAT(error_of([&] { h5::read_attr_string(f.id(), "dbl"); }), Contains("dbl") && Contains("not a string"));
  // read_attr_uint64 reads a scalar only.
  CHECK_THAT(error_of([&] { h5::read_attr_uint64(f.id(), "ints"); }), Contains("ints") && Contains("not a single value"));
  // read_attr_strings needs variable-length strings.
  CHECK_THAT(error_of([&] { h5::read_attr_strings(f.id(), "dbl"); }), Contains("dbl") && Contains("not a list of strings"));
  // read_attr_ints of a string: HDF5 cannot convert.
  CHECK_THAT(error_of([&] { h5::read_attr_ints(f.id(), "str"); }), Contains("str"));
  // Missing attributes, for every reader.
  CHECK_THAT(error_of([&] { h5::read_attr_string(f.id(), "nope"); }), Contains("no attribute nope"));
  CHECK_THAT(error_of([&] { h5::read_attr_strings(f.id(), "nope"); }), Contains("no attribute nope"));
  CHECK_THAT(error_of([&] { h5::read_attr_ints(f.id(), "nope"); }), Contains("no attribute nope"));
  CHECK_THAT(error_of([&] { h5::read_attr_uint64(f.id(), "nope"); }), Contains("no attribute nope"));
  // Writing an attribute twice.
  CHECK_THAT(error_of([&] { h5::write_attr(f.id(), "dbl", 3.5); }), Contains("create attribute dbl"));
}

TEST_CASE("h5: read_attr_string reads a fixed-length string attribute", "[sim][h5]") {
  // Files written by other tools may hold fixed-length strings: null-terminated
  // within the size, or filling it completely.
  const std::string path = work("fixed_string.h5");
  const h5::Handle f = h5::create_file(path);
  const auto fixed = [&](const char* name, const char* bytes, std::size_t size) {
    const h5::Handle t(H5Tcopy(H5T_C_S1), H5Tclose, "type");
    REQUIRE(H5Tset_size(t.id(), size) >= 0);
    const h5::Handle space(H5Screate(H5S_SCALAR), H5Sclose, "space");
    const h5::Handle a(H5Acreate2(f.id(), name, t.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose, name);
    REQUIRE(H5Awrite(a.id(), t.id(), bytes) >= 0);
  };
  fixed("padded", "abc\0\0\0\0", 8);
  fixed("full", "abcdef", 6);
  CHECK(h5::read_attr_string(f.id(), "padded") == "abc");
  CHECK(h5::read_attr_string(f.id(), "full") == "abcdef");
  // Not variable-length: read_attr_strings refuses it.
  CHECK_THROWS_AS(h5::read_attr_strings(f.id(), "padded"), std::runtime_error);
}

// ---------------------------------------------------------------------------
// Groups, datasets, list
// ---------------------------------------------------------------------------

TEST_CASE("h5: list gives a group's links in alphabetical order", "[sim][h5]") {
  const std::string path = work("list.h5");
  const h5::Handle f = h5::create_file(path);
  const h5::Handle g = h5::create_group(f.id(), "g");
  CHECK(h5::list(g.id()).empty());
  // Created out of order; a group among datasets; a link.
  h5::write_1d(g.id(), "zeta", std::vector<double>{1});
  h5::write_1d(g.id(), "m9", std::vector<double>{1});
  h5::create_group(g.id(), "alpha");
  h5::write_1d(g.id(), "m10", std::vector<std::uint64_t>{1});
  h5::write_1d(g.id(), "Beta", std::vector<std::string>{"x"});
  h5::link(g.id(), "zeta", "a_link");
  // Byte order: upper case before lower case, "m10" before "m9".
  CHECK(h5::list(g.id()) == std::vector<std::string>{"Beta", "a_link", "alpha", "m10", "m9", "zeta"});
  CHECK(h5::list(f.id()) == std::vector<std::string>{"g"});
  // Long names come back whole.
  const std::string longname(300, 'q');
  h5::write_1d(f.id(), longname, std::vector<double>{2});
  CHECK(h5::list(f.id()) == std::vector<std::string>{"g", longname});
}

TEST_CASE("h5: dataset_kind tells float64, uint64, string and other", "[sim][h5]") {
  const std::string path = work("kinds.h5");
  const h5::Handle f = h5::create_file(path);
  h5::write_1d(f.id(), "f64", std::vector<double>{1.5});
  h5::write_1d(f.id(), "u64", std::vector<std::uint64_t>{2});
  h5::write_1d(f.id(), "str", std::vector<std::string>{"x"});
  h5::write_2d(f.id(), "f64_2d", std::vector<double>{1, 2, 3, 4}, 2, 2);
  const std::int32_t i32[3] = {1, -2, 3};
  raw_dataset(f.id(), "i32", H5T_STD_I32LE, H5T_NATIVE_INT32, i32, 3);
  const std::int64_t i64[2] = {-1, 1};
  raw_dataset(f.id(), "i64", H5T_STD_I64LE, H5T_NATIVE_INT64, i64, 2);  // signed: not uint64
  const float f32[2] = {1.0f, 2.0f};
  raw_dataset(f.id(), "f32", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, f32, 2);
  const std::uint32_t u32[1] = {5};
  raw_dataset(f.id(), "u32", H5T_STD_U32LE, H5T_NATIVE_UINT32, u32, 1);
  CHECK(h5::dataset_kind(f.id(), "f64") == h5::Kind::float64);
  CHECK(h5::dataset_kind(f.id(), "f64_2d") == h5::Kind::float64);
  CHECK(h5::dataset_kind(f.id(), "u64") == h5::Kind::uint64);
  CHECK(h5::dataset_kind(f.id(), "str") == h5::Kind::string);
  CHECK(h5::dataset_kind(f.id(), "i32") == h5::Kind::other);
  CHECK(h5::dataset_kind(f.id(), "i64") == h5::Kind::other);
  CHECK(h5::dataset_kind(f.id(), "f32") == h5::Kind::other);
  CHECK(h5::dataset_kind(f.id(), "u32") == h5::Kind::other);
  CHECK_THAT(error_of([&] { h5::dataset_kind(f.id(), "absent"); }), Contains("no dataset absent"));
  h5::create_group(f.id(), "grp");
  CHECK_THROWS_AS(h5::dataset_kind(f.id(), "grp"), std::runtime_error);  // a group is not a dataset
}

TEST_CASE("h5: write_1d and the readers round-trip each type", "[sim][h5]") {
  const std::string path = work("one_d.h5");
  const std::vector<double> d = {0.1, -0.0, 1e-310, -std::numeric_limits<double>::infinity(), 1e308,
                                 std::numeric_limits<double>::quiet_NaN(), 3.0};
  const std::vector<std::uint64_t> u = {0, 1, std::numeric_limits<std::uint64_t>::max(), std::uint64_t{1} << 63};
  const std::vector<std::string> s = {"", "a", "zm:a=1.2,M=inf", std::string(5000, 'y'), "\xE2\x80\x93"};
  {
    const h5::Handle f = h5::create_file(path);
    const h5::Handle g = h5::create_group(f.id(), "cells");
    h5::write_1d(g.id(), "d", d);
    h5::write_1d(g.id(), "u", u);
    h5::write_1d(g.id(), "s", s);
    std::vector<double> big(100000);
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<double>(i) / 7.0;
    h5::write_1d(g.id(), "big", big);
  }
  const h5::Handle f = h5::open_file_read(path);
  const h5::Handle g = h5::open_group(f.id(), "cells");
  std::vector<std::size_t> shape;
  const std::vector<double> rd = h5::read_doubles(g.id(), "d", &shape);
  CHECK(shape == std::vector<std::size_t>{d.size()});
  REQUIRE(rd.size() == d.size());
  for (std::size_t i = 0; i < d.size(); ++i) {
    INFO("i=" << i);
    if (std::isnan(d[i])) CHECK(std::isnan(rd[i]));
    else CHECK(same_bits(rd[i], d[i]));
  }
  CHECK(h5::read_uint64s(g.id(), "u") == u);
  CHECK(h5::read_strings(g.id(), "s") == s);
  const std::vector<double> big = h5::read_doubles(g.id(), "big");
  REQUIRE(big.size() == 100000);
  std::size_t bad = 0;
  for (std::size_t i = 0; i < big.size(); ++i) bad += big[i] != static_cast<double>(i) / 7.0;
  CHECK(bad == 0);
  // The stored types: little-endian IEEE float64, unsigned 64-bit, variable-length strings.
  {
    const h5::Handle ds = h5::open_dataset(g.id(), "u");
    const h5::Handle t(H5Dget_type(ds.id()), H5Tclose, "type");
    CHECK(H5Tequal(t.id(), H5T_STD_U64LE) > 0);
  }
  {
    const h5::Handle ds = h5::open_dataset(g.id(), "d");
    const h5::Handle t(H5Dget_type(ds.id()), H5Tclose, "type");
    CHECK(H5Tequal(t.id(), H5T_IEEE_F64LE) > 0);
  }
}

TEST_CASE("h5: empty 1-D datasets round-trip", "[sim][h5]") {
  const std::string path = work("one_d_empty.h5");
  {
    const h5::Handle f = h5::create_file(path);
    h5::write_1d(f.id(), "d", std::vector<double>{});
    h5::write_1d(f.id(), "u", std::vector<std::uint64_t>{});
    h5::write_1d(f.id(), "s", std::vector<std::string>{});
  }
  const h5::Handle f = h5::open_file_read(path);
  std::vector<std::size_t> shape;
  CHECK(h5::read_doubles(f.id(), "d", &shape).empty());
  CHECK(shape == std::vector<std::size_t>{0});
  CHECK(h5::read_uint64s(f.id(), "u").empty());
  CHECK(h5::read_strings(f.id(), "s").empty());
  CHECK(h5::dataset_kind(f.id(), "d") == h5::Kind::float64);
}

TEST_CASE("h5: write_2d stores the shape, chunks of whole rows, deflate level 1 and a checksum", "[sim][h5]") {
  const std::string path = work("two_d.h5");
  struct Shape {
    std::size_t rows, cols, chunk_rows;
  };
  // chunk rows = max(1, min(rows, 8192 / cols)): about 64 KiB of whole rows.
  const std::vector<Shape> shapes = {{10, 3, 10}, {100000, 2, 4096}, {3, 10000, 1}, {1, 1, 1}, {9000, 1, 8192}};
  {
    const h5::Handle f = h5::create_file(path);
    for (const Shape& sh : shapes) {
      std::vector<double> v(sh.rows * sh.cols);
      for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<double>(i % 1000) * 0.5;
      h5::write_2d(f.id(), "m" + std::to_string(sh.rows) + "x" + std::to_string(sh.cols), v, sh.rows, sh.cols);
    }
    h5::write_2d(f.id(), "zeros", std::vector<double>(200000, 0.0), 100000, 2);
    h5::write_2d(f.id(), "empty", std::vector<double>{}, 0, 5);
  }
  const h5::Handle f = h5::open_file_read(path);
  for (const Shape& sh : shapes) {
    const std::string name = "m" + std::to_string(sh.rows) + "x" + std::to_string(sh.cols);
    INFO(name);
    std::vector<std::size_t> shape;
    const std::vector<double> v = h5::read_doubles(f.id(), name, &shape);
    CHECK(shape == std::vector<std::size_t>{sh.rows, sh.cols});
    REQUIRE(v.size() == sh.rows * sh.cols);
    std::size_t bad = 0;
    for (std::size_t i = 0; i < v.size(); ++i) bad += v[i] != static_cast<double>(i % 1000) * 0.5;
    CHECK(bad == 0);  // row-major, as written
    const h5::Handle d = h5::open_dataset(f.id(), name);
    const h5::Handle plist(H5Dget_create_plist(d.id()), H5Pclose, "plist");
    CHECK(H5Pget_layout(plist.id()) == H5D_CHUNKED);
    hsize_t chunk[2] = {0, 0};
    CHECK(H5Pget_chunk(plist.id(), 2, chunk) == 2);
    CHECK(chunk[0] == sh.chunk_rows);
    CHECK(chunk[1] == sh.cols);
    REQUIRE(H5Pget_nfilters(plist.id()) == 2);  // deflate, no shuffle, then Fletcher32
    unsigned flags = 0, cd[4] = {0, 0, 0, 0};
    std::size_t ncd = 4;
    char fname[64];
    std::size_t ncd1 = 4;
    CHECK(H5Pget_filter2(plist.id(), 1, &flags, &ncd1, cd, sizeof fname, fname, nullptr) == H5Z_FILTER_FLETCHER32);
    CHECK(H5Pget_filter2(plist.id(), 0, &flags, &ncd, cd, sizeof fname, fname, nullptr) == H5Z_FILTER_DEFLATE);
    CHECK(ncd >= 1);
    CHECK(cd[0] == 1);  // level 1
  }
  // Deflate does compress: 1.6 MB of zeros take far less space.
  {
    const h5::Handle d = h5::open_dataset(f.id(), "zeros");
    CHECK(H5Dget_storage_size(d.id()) < 200000 * sizeof(double) / 10);
  }
  // No rows: shape kept, no chunks (HDF5 cannot chunk an empty extent here), no data.
  {
    std::vector<std::size_t> shape;
    CHECK(h5::read_doubles(f.id(), "empty", &shape).empty());
    CHECK(shape == std::vector<std::size_t>{0, 5});
    const h5::Handle d = h5::open_dataset(f.id(), "empty");
    const h5::Handle plist(H5Dget_create_plist(d.id()), H5Pclose, "plist");
    CHECK(H5Pget_layout(plist.id()) != H5D_CHUNKED);
    CHECK(H5Pget_nfilters(plist.id()) == 0);
  }
}

// ---------------------------------------------------------------------------
// link, remove, exists
// ---------------------------------------------------------------------------

TEST_CASE("h5: link gives a second name to the same data", "[sim][h5]") {
  const std::string path = work("link.h5");
  {
    const h5::Handle f = h5::create_file(path);
    const h5::Handle g = h5::create_group(f.id(), "g");
    h5::write_1d(g.id(), "orig", std::vector<double>{1, 2, 3});
    h5::link(g.id(), "orig", "alias");
    CHECK(h5::exists(g.id(), "alias"));
    CHECK(h5::read_doubles(g.id(), "alias") == std::vector<double>{1, 2, 3});
    // The same object, not a copy: a write through one name is seen through the other.
    {
      const h5::Handle d = h5::open_dataset(g.id(), "orig");
      const double nv[3] = {7, 8, 9};
      REQUIRE(H5Dwrite(d.id(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, nv) >= 0);
    }
    CHECK(h5::read_doubles(g.id(), "alias") == std::vector<double>{7, 8, 9});
    // Linking to a missing object or onto an existing name fails, naming both.
    CHECK_THAT(error_of([&] { h5::link(g.id(), "missing", "x"); }), Contains("link x to missing"));
    CHECK_THAT(error_of([&] { h5::link(g.id(), "orig", "alias"); }), Contains("link alias to orig"));
    CHECK_FALSE(h5::exists(g.id(), "x"));
  }
  // In the file: both names, one object (same address); removing the first name
  // leaves the data under the second.
  {
    const h5::Handle f = h5::open_file_rw(path);
    const h5::Handle g = h5::open_group(f.id(), "g");
    H5O_info_t a{}, b{};
    REQUIRE(H5Oget_info_by_name(g.id(), "orig", &a, H5P_DEFAULT) >= 0);
    REQUIRE(H5Oget_info_by_name(g.id(), "alias", &b, H5P_DEFAULT) >= 0);
    CHECK(a.addr == b.addr);
    CHECK(a.rc == 2);  // two hard links
    h5::remove(g.id(), "orig");
    CHECK(h5::list(g.id()) == std::vector<std::string>{"alias"});
    CHECK(h5::read_doubles(g.id(), "alias") == std::vector<double>{7, 8, 9});
  }
}

TEST_CASE("h5: remove unlinks a name if it exists", "[sim][h5]") {
  const std::string path = work("remove.h5");
  {
    const h5::Handle f = h5::create_file(path);
    const h5::Handle g = h5::create_group(f.id(), "fits");
    h5::write_1d(g.id(), "points", std::vector<std::uint64_t>{3, 4, 5});
    h5::write_1d(f.id(), "keep", std::vector<double>{1});
  }
  {
    const h5::Handle f = h5::open_file_rw(path);
    CHECK(h5::exists(f.id(), "fits"));
    h5::remove(f.id(), "fits");  // a whole group
    CHECK_FALSE(h5::exists(f.id(), "fits"));
    CHECK_NOTHROW(h5::remove(f.id(), "fits"));     // gone already: nothing to do
    CHECK_NOTHROW(h5::remove(f.id(), "never"));    // never there
    CHECK(h5::list(f.id()) == std::vector<std::string>{"keep"});
    // The name can be used again.
    const h5::Handle g = h5::create_group(f.id(), "fits");
    CHECK(h5::list(g.id()).empty());
  }
  // A read-only file refuses, naming the object.
  const h5::Handle f = h5::open_file_read(path);
  CHECK_THAT(error_of([&] { h5::remove(f.id(), "keep"); }), Contains("remove keep"));
  CHECK(h5::exists(f.id(), "keep"));
}

// ---------------------------------------------------------------------------
// Handle
// ---------------------------------------------------------------------------

TEST_CASE("h5: Handle owns and closes its object, a moved-from Handle is inert", "[sim][h5]") {
  const std::string path = work("handle.h5");
  h5::Handle f = h5::create_file(path);
  const hid_t fid = f.id();
  REQUIRE(valid(fid));
  // Default: nothing owned; closing it is a no-op.
  h5::Handle none;
  CHECK(none.id() == -1);
  CHECK_NOTHROW(none.close("none"));
  // Destruction closes.
  hid_t gid = -1;
  {
    const h5::Handle g = h5::create_group(f.id(), "g1");
    gid = g.id();
    CHECK(valid(gid));
  }
  CHECK_FALSE(valid(gid));
  // Move construction: the source is inert, the object stays open once.
  h5::Handle g2 = h5::open_group(f.id(), "g1");
  const hid_t g2id = g2.id();
  h5::Handle moved(std::move(g2));
  CHECK(g2.id() == -1);  // NOLINT(bugprone-use-after-move): inert by contract
  CHECK(moved.id() == g2id);
  CHECK(valid(g2id));
  CHECK_NOTHROW(g2.close("moved-from"));
  CHECK(valid(g2id));  // closing the moved-from handle did not close the object
  // Move assignment closes the target's old object and takes the new one.
  h5::Handle a = h5::create_group(f.id(), "ga");
  h5::Handle b = h5::create_group(f.id(), "gb");
  const hid_t aid = a.id(), bid = b.id();
  a = std::move(b);
  CHECK_FALSE(valid(aid));
  CHECK(a.id() == bid);
  CHECK(b.id() == -1);  // NOLINT(bugprone-use-after-move)
  CHECK(valid(bid));
  // close(): closes now, and a second close is a no-op.
  a.close("ga");
  CHECK(a.id() == -1);
  CHECK_FALSE(valid(bid));
  CHECK_NOTHROW(a.close("ga again"));
  moved.close("g1");
  CHECK_FALSE(valid(g2id));
  // A file handle closes the file: the file can then be reopened.
  h5::flush(f.id(), "flush " + path);
  f.close("close " + path);
  CHECK_FALSE(valid(fid));
  const h5::Handle again = h5::open_file_read(path);
  CHECK(h5::list(again.id()) == std::vector<std::string>{"g1", "ga", "gb"});
}

TEST_CASE("h5: a Handle of a failed call throws with its description", "[sim][h5]") {
  CHECK_THAT(error_of([] { h5::Handle h(-1, H5Fclose, "cannot open thing.h5"); }),
             Contains("HDF5: ") && Contains("cannot open thing.h5"));
  // flush of no file names what it was flushing.
  CHECK_THAT(error_of([] { h5::flush(-1, "cannot flush x.h5"); }), Contains("cannot flush x.h5"));
}

// ---------------------------------------------------------------------------
// Errors name the object
// ---------------------------------------------------------------------------

TEST_CASE("h5: errors are std::runtime_error naming the object", "[sim][h5]") {
  const std::string missing = work("no_such_file.h5");
  CHECK_THAT(error_of([&] { h5::open_file_read(missing); }), Contains("cannot open " + missing));
  CHECK_THAT(error_of([&] { h5::open_file_rw(missing); }), Contains(missing) && Contains("for writing"));
  const std::filesystem::path absent_dir = std::filesystem::path(PACSIM_TEST_WORK) / "h5" / "no_such_dir";
  std::filesystem::remove_all(absent_dir);
  const std::string nodir = (absent_dir / "x.h5").string();
  CHECK_THAT(error_of([&] { h5::create_file(nodir); }), Contains("cannot create " + nodir));
  // A file that is not HDF5.
  const std::string text = work("not_hdf5.h5");
  {
    std::FILE* fp = std::fopen(text.c_str(), "w");
    REQUIRE(fp != nullptr);
    std::fputs("plain text, not HDF5\n", fp);
    std::fclose(fp);
  }
  CHECK_THAT(error_of([&] { h5::open_file_read(text); }), Contains(text));

  const std::string path = work("errors.h5");
  const h5::Handle f = h5::create_file(path);
  h5::create_group(f.id(), "g");
  h5::write_1d(f.id(), "d", std::vector<double>{1, 2});
  CHECK_THAT(error_of([&] { h5::open_group(f.id(), "nogroup"); }), Contains("no group nogroup"));
  CHECK_THAT(error_of([&] { h5::open_dataset(f.id(), "nodata"); }), Contains("no dataset nodata"));
  CHECK_THAT(error_of([&] { h5::create_group(f.id(), "g"); }), Contains("create group g"));
  CHECK_THAT(error_of([&] { h5::write_1d(f.id(), "d", std::vector<double>{3}); }), Contains("create dataset d"));
  CHECK_THAT(error_of([&] { h5::write_1d(f.id(), "d", std::vector<std::uint64_t>{3}); }), Contains("create dataset d"));
  CHECK_THAT(error_of([&] { h5::write_1d(f.id(), "d", std::vector<std::string>{"x"}); }), Contains("create dataset d"));
  CHECK_THAT(error_of([&] { h5::write_2d(f.id(), "d", std::vector<double>{3}, 1, 1); }), Contains("create dataset d"));
  CHECK_THAT(error_of([&] { h5::read_doubles(f.id(), "nodata"); }), Contains("no dataset nodata"));
  CHECK_THAT(error_of([&] { h5::read_uint64s(f.id(), "nodata"); }), Contains("no dataset nodata"));
  CHECK_THAT(error_of([&] { h5::read_strings(f.id(), "nodata"); }), Contains("no dataset nodata"));
  // Numbers cannot be read as strings: HDF5 has no such conversion.
  CHECK_THAT(error_of([&] { h5::read_strings(f.id(), "d"); }), Contains("read d"));
  // Every message says it comes from HDF5.
  CHECK_THAT(error_of([&] { h5::open_group(f.id(), "nogroup"); }), Catch::Matchers::StartsWith("HDF5: "));
  // The file is still usable after the failures.
  CHECK(h5::read_doubles(f.id(), "d") == std::vector<double>{1, 2});
  CHECK(h5::list(f.id()) == std::vector<std::string>{"d", "g"});
}
