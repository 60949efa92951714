// Unit tests for sim/input/errors.hpp: quoted() and escaped(), through which
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
using pacsim::quoted;

namespace {

bool printable_ascii(const std::string& s) {
  for (const char c : s)
    if (c < 0x20 || c > 0x7e) return false;
  return true;
}

}  // namespace

TEST_CASE("input/errors: quoted() puts plain text in single quotes unchanged", "[input][errors]") {
  CHECK(quoted("1e--3") == "'1e--3'");
  CHECK(quoted("zm:a=1.2,M=1e6") == "'zm:a=1.2,M=1e6'");
  CHECK(quoted("") == "''");
  CHECK(quoted("  ") == "'  '");
}

TEST_CASE("input/errors: quoted() escapes control characters, quotes and bytes beyond ASCII", "[input][errors]") {
  CHECK(quoted("a\nb") == "'a\\nb'");
  CHECK(quoted("a\tb\r") == "'a\\tb\\r'");
  CHECK(quoted(std::string("a\0b", 3)) == "'a\\x00b'");
  CHECK(quoted("\x1b[31m") == "'\\x1b[31m'");
  CHECK(quoted("\x7f") == "'\\x7f'");
  CHECK(quoted("it's") == "'it\\'s'");
  CHECK(quoted("a\\b") == "'a\\\\b'");
  CHECK(quoted("\xc3\xa9") == "'\\xc3\\xa9'");  // UTF-8 e acute, byte by byte
  const std::string all_bytes = [] {
    std::string s;
    for (int c = 0; c < 256; ++c) s += static_cast<char>(c);
    return s;
  }();
  for (std::size_t i = 0; i < all_bytes.size(); i += 16) {
    const std::string q = quoted(all_bytes.substr(i, 16));
    INFO(q);
    CHECK(printable_ascii(q));
  }
}

TEST_CASE("input/errors: quoted() shortens a long value and states its length", "[input][errors]") {
  const std::string exact(kShownBytes, 'x');
  CHECK(quoted(exact) == "'" + exact + "'");
  const std::string long_text(1000000, '7');
  CHECK(quoted(long_text) == "'" + std::string(kShownBytes, '7') + "...' (1000000 bytes)");
  // A long value of escapes stays bounded too: at most four characters a byte.
  const std::string newlines(100000, '\n');
  const std::string q = quoted(newlines);
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
