#pragma once

// The wire format of OpenAI's embeddings API (POST {base_url}/embeddings), which OpenAI-
// compatible servers share: pure encode/decode.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ovos::agents::knowledge {

/// {"model": model, "input": [inputs...]}.
[[nodiscard]] std::string embeddings_request_body(std::string_view model,
                                                  std::span<const std::string> inputs);

/// The vectors of a 2xx response body {"data":[{"index":i,"embedding":[...]}...]}, ordered by
/// `index` (by position when the server gives none). kUnavailable naming what is wrong when
/// the body is not JSON, the count differs from `expected`, an index repeats or is out of
/// range, or a vector is empty, not all numbers, not finite or of another length than the
/// first.
[[nodiscard]] core::Result<std::vector<std::vector<float>>> parse_embeddings_response(
    std::string_view body, std::size_t expected);

}  // namespace ovos::agents::knowledge
