// `pacsim check`: reads a study file (sim/SCHEMA.md) and tabulates each check of
// SPEC §1.5 per target/scope: replicates checked (both sides defined), how many
// hold (lhs <= rhs), how many are violated (by an infinite amount among them), the
// worst slack rhs - lhs and the worst finite one, and where the worst finite
// violation is, with the cell's parameters spelled out. Violations are findings.
#pragma once
#include <string>

namespace pacsim {

/// The check table as TSV. Throws InputError for a file that is not a pacsim
/// study of a readable schema version.
std::string check_table(const std::string& path);

/// Open `path` as a pacsim study file and verify filetype and schema major version.
void require_study_file(const std::string& path);

}  // namespace pacsim
