// A table of named columns with attributes: the in-memory form of one group of
// a results file (/cells, /metrics, /theory, /fits), as the runner fills it,
// sim/io writes and reads it, and analysis/ reads it. Columns are float64,
// uint64 or string; a column may also be an alias, a second name of another
// (stored once).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace pacsim {

using Column = std::variant<std::vector<double>, std::vector<std::uint64_t>, std::vector<std::string>>;
using Attribute = std::variant<std::string, double, std::int64_t, std::uint64_t, std::vector<std::int64_t>,
                               std::vector<std::string>>;
using Attributes = std::map<std::string, Attribute>;

class Table {
 public:
  struct Entry {
    std::string name;
    Column values;
    Attributes attrs;
  };
  struct Alias {
    std::string name, existing;
  };

  /// Appends a column. Throws std::logic_error if the name is taken.
  void add(const std::string& name, Column values, Attributes attrs = {});
  /// A second name for the column `existing`. Throws std::logic_error if the
  /// name is taken or `existing` is not a column.
  void alias(const std::string& name, const std::string& existing);

  bool has(const std::string& name) const;
  /// The column named `name` (or aliased so). Throws std::out_of_range naming it.
  const Column& column(const std::string& name) const;
  /// A float64 column; throws std::out_of_range if absent, std::logic_error if
  /// it holds another type.
  const std::vector<double>& doubles(const std::string& name) const;
  /// A string column (same errors).
  const std::vector<std::string>& strings(const std::string& name) const;
  /// A float64 or uint64 column as doubles.
  std::vector<double> numbers(const std::string& name) const;
  /// The number of values in a column.
  std::size_t length(const std::string& name) const;

  const std::vector<Entry>& columns() const { return columns_; }
  const std::vector<Alias>& aliases() const { return aliases_; }

  Attributes attrs;  ///< of the group

 private:
  const Entry* find(const std::string& name) const;
  std::vector<Entry> columns_;
  std::vector<Alias> aliases_;
};

/// The number of values of any column type.
std::size_t column_length(const Column& c);

}  // namespace pacsim
