// The losses' names; see losses.hpp.
#include "theory/losses.hpp"

#include <cstring>

namespace pacsim {

const std::vector<LossField>& loss_fields() {
  static const std::vector<LossField> fields = {
      {"kl", "nats", &Losses::kl},
      {"lk", "probability", &Losses::lk},
      {"tv", "probability", &Losses::tv},
      {"mismatch", "types", &Losses::mismatch},
      {"q_mass", "probability", &Losses::q_mass},
  };
  return fields;
}

const LossField* find_loss(const char* name) {
  for (const LossField& f : loss_fields())
    if (std::strcmp(f.name, name) == 0) return &f;
  return nullptr;
}

}  // namespace pacsim
