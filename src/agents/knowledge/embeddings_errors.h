#pragma once

#include "core/result.h"

namespace ovos::agents::knowledge {

/// An embeddings provider's failure as the API reports it to the user who configured the
/// base: refusals of the stored key or of the request (401, 403, 4xx) become kValidation at
/// "$.embedding" (the user must fix the key or the settings, not their own credentials);
/// kRateLimited and kUnavailable stay as they are. The message is kept.
[[nodiscard]] core::Error embeddings_failure(core::Error error);

}  // namespace ovos::agents::knowledge
