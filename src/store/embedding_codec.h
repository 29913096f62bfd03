#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ovos::store {

// How a chunk's embedding is kept in a text column: base64 of its float32 values in
// little-endian byte order, whatever the host's order. Stateless; safe from any thread.

/// The column text for `values`; empty for an empty vector (stored as NULL).
[[nodiscard]] std::string encode_embedding(std::span<const float> values);

/// The values of a column text; empty text gives an empty vector. kInternal when the text is
/// not base64 of a whole number of float32 values, or holds a NaN or infinity.
[[nodiscard]] core::Result<std::vector<float>> decode_embedding(std::string_view text);

}  // namespace ovos::store
