// Unit tests for sim/input/errors.hpp: quote() and escaped(), through which
// every message shows what the user typed. The contract: the result is one line
// of printable ASCII whatever the text holds, the text can be read back from
// it (each escape names its byte), and a long text is cut after a fixed number
// of bytes with its length stated.
#include <catch2/catch.hpp>

#include <string>

#include "sim/input/errors.hpp"

using pacsim::escaped;
using pacsim::kShownBytes;
using pacsim::one_line;
using pacsim::quote;

namespace {

bool printable_ascii(const std::string& s) {
  for (const char c : s)
    if (c < 0x20 || c > 0x7e) return false;
  return true;
}

}  // namespace

TEST_CASE("input/errors: quote() puts plain text in single quotes unchanged", "[input][errors]") {
  CHECK(quote("1e--3") == "'1e--3'");
  CHECK(quote("zm:a=1.2,M=1e6") == "'zm:a=1.2,M=1e6'");
  CHECK(quote("") == "''");
  CHECK(quote("  ") == "'  '");
}

TEST_CASE("input/errors: quote() escapes control characters, quotes and bytes beyond ASCII", "[input][errors]") {
  CHECK(quote("a\nb") == "'a\\nb'");
  CHECK(quote("a\tb\r") == "'a\\tb\\r'");
  CHECK(quote(std::string("a\0b", 3)) == "'a\\x00b'");
  CHECK(quote("\x1b[31m") == "'\\x1b[31m'");
  CHECK(quote("\x7f") == "'\\x7f'");
  CHECK(quote("it's") == "'it\\'s'");
  CHECK(quote("a\\b") == "'a\\\\b'");
  CHECK(quote("\xc3\xa9") == "'\\xc3\\xa9'");  // UTF-8 e acute, byte by byte
  const std::string all_bytes = [] {
    std::string s;
    for (int c = 0; c < 256; ++c) s += static_cast<char>(c);
    return s;
  }();
  for (std::size_t i = 0; i < all_bytes.size(); i += 16) {
    const std::string q = quote(all_bytes.substr(i, 16));
    INFO(q);
    CHECK(printable_ascii(q));
  }
}

TEST_CASE("input/errors: quote() shortens a long value and states its length", "[input][errors]") {
  const std::string exact(kShownBytes, 'x');
  CHECK(quote(exact) == "'" + exact + "'");
  const std::string long_text(1000000, '7');
  CHECK(quote(long_text) == "'" + std::string(kShownBytes, '7') + "...' (1000000 bytes)");
  // A long value of escapes stays bounded too: at most four characters a byte.
  const std::string newlines(100000, '\n');
  const std::string q = quote(newlines);
  CHECK(q.size() <= 4 * kShownBytes + 40);
  CHECK(printable_ascii(q));
}

TEST_CASE("input/errors: escaped() leaves printable text alone and does not quote", "[input][errors]") {
  CHECK(escaped("/tmp/study.toml") == "/tmp/study.toml");
  CHECK(escaped("it's") == "it's");
  CHECK(escaped("dir\nname/s.toml") == "dir\\nname/s.toml");
  CHECK(escaped("abcdef", 3) == "abc... (6 bytes)");
  CHECK(escaped("abc", 3) == "abc");
}

TEST_CASE("input/errors: one_line() escapes what is not printable and keeps backslashes", "[input][errors]") {
  CHECK(one_line("saw '\\u007F'") == "saw '\\u007F'");
  CHECK(one_line("a\nb\x01") == "a\\nb\\x01");
  CHECK(one_line("abcdef", 3) == "abc... (6 bytes)");
}
