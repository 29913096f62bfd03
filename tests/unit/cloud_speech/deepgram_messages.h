#pragma once

// Deepgram's documented live transcription messages, for the fakes' scripts.

#include <string>
#include <string_view>

namespace ovos::providers::testing {

/// A Results message for `transcript` (one word per space-separated token).
[[nodiscard]] std::string results_message(std::string_view transcript, bool is_final,
                                          bool speech_final = false, bool from_finalize = false,
                                          double confidence = 0.98);
[[nodiscard]] std::string utterance_end_message(double last_word_end = 2.395);
[[nodiscard]] std::string speech_started_message(double timestamp = 9.54);
[[nodiscard]] std::string metadata_message();
/// The body of a 401 at the upgrade, as Deepgram sends it.
[[nodiscard]] std::string invalid_auth_body();

}  // namespace ovos::providers::testing
