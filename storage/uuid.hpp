#pragma once

#include <string>

namespace peeringd::storage {

/// A random (version 4) UUID in canonical lowercase form (spec §1.1).
std::string new_uuid();

}  // namespace peeringd::storage
