// Tables of named columns; see table.hpp.
#include "sim/results/table.hpp"

#include <stdexcept>

namespace pacsim {

std::size_t column_length(const Column& c) {
  return std::visit([](const auto& v) { return v.size(); }, c);
}

void Table::add(const std::string& name, Column values, Attributes a) {
  if (has(name)) throw std::logic_error("table: column " + name + " added twice");
  columns_.push_back({name, std::move(values), std::move(a)});
}

void Table::alias(const std::string& name, const std::string& existing) {
  if (has(name)) throw std::logic_error("table: column " + name + " added twice");
  if (!find(existing)) throw std::logic_error("table: alias " + name + " of no column " + existing);
  aliases_.push_back({name, existing});
}

const Table::Entry* Table::find(const std::string& name) const {
  for (const Entry& e : columns_)
    if (e.name == name) return &e;
  for (const Alias& a : aliases_)
    if (a.name == name) return find(a.existing);
  return nullptr;
}

bool Table::has(const std::string& name) const { return find(name) != nullptr; }

const Column& Table::column(const std::string& name) const {
  const Entry* e = find(name);
  if (!e) throw std::out_of_range("no column " + name);
  return e->values;
}

const std::vector<double>& Table::doubles(const std::string& name) const {
  const auto* v = std::get_if<std::vector<double>>(&column(name));
  if (!v) throw std::logic_error("column " + name + " is not float64");
  return *v;
}

const std::vector<std::string>& Table::strings(const std::string& name) const {
  const auto* v = std::get_if<std::vector<std::string>>(&column(name));
  if (!v) throw std::logic_error("column " + name + " is not a string column");
  return *v;
}

std::vector<double> Table::numbers(const std::string& name) const {
  const Column& c = column(name);
  if (const auto* d = std::get_if<std::vector<double>>(&c)) return *d;
  if (const auto* u = std::get_if<std::vector<std::uint64_t>>(&c)) return std::vector<double>(u->begin(), u->end());
  throw std::logic_error("column " + name + " is not numeric");
}

std::size_t Table::length(const std::string& name) const { return column_length(column(name)); }

}  // namespace pacsim
