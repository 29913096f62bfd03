#include "agents/knowledge/embeddings_errors.h"

namespace ovos::agents::knowledge {

core::Error embeddings_failure(core::Error error) {
  switch (error.code) {
    case core::ErrorCode::kRateLimited:
    case core::ErrorCode::kUnavailable:
    case core::ErrorCode::kValidation:
      return error;
    default: {
      std::string message = error.message;
      return core::Error::validation(std::move(message), {{"$.embedding", error.message}});
    }
  }
}

}  // namespace ovos::agents::knowledge
