#include "crypto/sodium_init.h"

#include <sodium.h>

#include <cstdlib>

namespace ovos::crypto::detail {

void ensure_sodium() {
  // A function-local static is initialised once, thread-safely (C++11 magic statics).
  static const bool initialised = [] {
    if (sodium_init() < 0) std::abort();
    return true;
  }();
  (void)initialised;
}

}  // namespace ovos::crypto::detail
