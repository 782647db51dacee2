#pragma once
// The secret buffer type and the wipe functions live in lib/core (every library needs them); this header
// keeps the protocol's includes short.
#include "core/secret.hpp"
