// The error a user can fix: a bad flag, world, study file or results file.
// main() prints its one-line message and exits 2; anything else that reaches
// main() is an internal failure (exit 1). Thrown where user input is read
// (sim/input, sim/study, sim/io, sim/cli), never by the mathematics or the
// samplers, whose preconditions callers check first.
//
// A message shows what the user typed through quote() (a value) or escaped()
// (a file's path in front of ": problem"), and a message from elsewhere (a
// parser's, a library's) through one_line(), so it stays one short line of
// printable ASCII whatever the text holds.
#pragma once
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace pacsim {

class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& what) : std::runtime_error(what) {}
};

/// The system refused to store a result: a full disk, a quota, a file-size
/// limit, a lost mount. Neither bad input nor a bug: main() prints its one
/// line (the file and the system's reason) and exits 1, without calling it
/// internal. Thrown by sim/cli around the writing of a file.
class OutputError : public std::runtime_error {
 public:
  explicit OutputError(const std::string& what) : std::runtime_error(what) {}
};

/// How many bytes of a value quote() shows before it shortens it.
inline constexpr std::size_t kShownBytes = 64;

namespace detail {

// Appends `text` as printable ASCII; see escaped(). A backslash is doubled
// when `backslash`, `quote_char` (when not 0) escaped with one.
inline void escape_into(std::string& out, std::string_view text, char quote_char, bool backslash = true) {
  static constexpr char hex[] = "0123456789abcdef";
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((backslash && ch == '\\') || (quote_char != 0 && ch == quote_char)) {
      out += '\\';
      out += ch;
    } else if (ch == '\n') {
      out += "\\n";
    } else if (ch == '\t') {
      out += "\\t";
    } else if (ch == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c > 0x7e) {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += ch;
    }
  }
}

}  // namespace detail

/// `text` as printable ASCII, for a path or a message: a backslash as \\;
/// newline, tab and carriage return as \n, \t, \r; every other byte outside
/// ' '..'~' (control characters, DEL, each byte of UTF-8's multi-byte
/// characters) as \xNN. Beyond `max` bytes it stops and appends "... (N bytes)",
/// N the whole text's length.
inline std::string escaped(std::string_view text, std::size_t max = std::string_view::npos) {
  std::string out;
  detail::escape_into(out, text.substr(0, max), 0);
  if (text.size() > max) out += "... (" + std::to_string(text.size()) + " bytes)";
  return out;
}

/// A message from elsewhere (a parser's, a library's) as one line: like
/// escaped(), but a backslash stays as it is, since such messages often
/// escape text themselves.
inline std::string one_line(std::string_view message, std::size_t max = std::string_view::npos) {
  std::string out;
  detail::escape_into(out, message.substr(0, max), 0, false);
  if (message.size() > max) out += "... (" + std::to_string(message.size()) + " bytes)";
  return out;
}

/// A value the user typed, for a message (named so that no std::quoted is
/// found for a std::string argument): in single quotes, escaped as by
/// escaped() with a quote inside as \', at most its first kShownBytes bytes:
/// '1e--3', 'a\nb', '' (the empty text), 'xxx...' (100000 bytes) (a long one).
inline std::string quote(std::string_view text) {
  std::string out = "'";
  detail::escape_into(out, text.substr(0, kShownBytes), '\'');
  if (text.size() <= kShownBytes) return out + "'";
  return out + "...' (" + std::to_string(text.size()) + " bytes)";
}

}  // namespace pacsim
