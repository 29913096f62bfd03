#pragma once

namespace ovos::bench {

/// LLM token -> TTS request: the delay the engine adds (event hop, sentence chunking, session)
/// between a streamed token arriving and the text it completes going to the synthesizer.
/// `replies` replies of a realistic multi-sentence answer streamed one token per 25 ms.
void run_token_to_tts(int replies);

}  // namespace ovos::bench
