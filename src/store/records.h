#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ovos::store {

// Plain records as stored. Ids are UUIDv7 text; times are Unix milliseconds (UTC).
// JSON-valued columns hold serialized JSON text; the API layer parses them.

/// A person who owns agents, keys and calls.
struct User {
  std::string id;
  std::string email;  // stored lowercase; unique
  std::string name;
  std::string password_hash;  // argon2id, libsodium string form
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

/// A long-lived key for scripts. Only its SHA-256 is stored; `prefix` is shown in lists.
struct ApiKey {
  std::string id;
  std::string user_id;
  std::string name;
  std::string prefix;    // first characters of the key, e.g. "ovos_sk_AbCd"
  std::string key_hash;  // hex SHA-256 of the whole key
  std::int64_t created_at = 0;
  std::optional<std::int64_t> last_used_at;
  std::optional<std::int64_t> revoked_at;
};

/// An agent definition: the Bolna-compatible JSON document, validated before it is stored.
struct Agent {
  std::string id;
  std::string user_id;
  std::string name;         // agent_config.agent_name, copied for search and sorting
  std::string agent_type;   // agent_config.agent_type
  std::string config_json;  // the whole document {agent_config, agent_prompts}
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

/// Credentials for one vendor or carrier, encrypted at rest. `masked_json` is safe to show.
struct ProviderKey {
  std::string id;
  std::string user_id;
  std::string provider;     // catalogue name, e.g. "openai", "twilio"
  std::string name;         // the user's label
  std::string ciphertext;   // SecretBox output over the credentials JSON
  std::string masked_json;  // {"api_key":"sk-…wxyz", "region":"eastus"}
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

/// One call, inbound or outbound, phone or web. Filled in by the engine as the call happens.
struct Call {
  std::string id;
  std::string user_id;
  std::string agent_id;
  std::string direction;  // inbound | outbound | web
  std::string
      status;  // queued | ringing | in-progress | completed | busy | no-answer | failed | canceled
  std::string carrier;  // twilio | plivo | exotel | web
  std::string from_number;
  std::string to_number;
  std::string carrier_call_id;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> started_at;
  std::optional<std::int64_t> ended_at;
  std::optional<std::int64_t> duration_ms;
  std::string hangup_reason;
  std::string recording_url;
  std::string settings_json = "{}";        // agent and provider settings used
  std::string extracted_data_json = "{}";  // extraction task result
  std::string summary;
  std::string usage_json = "{}";    // characters synthesized, audio seconds transcribed, tokens
  std::string webhook_json = "{}";  // webhook task outcome
  std::string variables_json = "{}";
  std::string post_call_json = "{}";  // state of the follow-up tasks and each step's outcome
};

/// A carrier's word on a call's progress (status callbacks, media start). Only moves a call
/// forward: queued < ringing < in-progress < an end state, and an end state is final; busy,
/// no-answer and canceled end only a call that was never answered.
struct CallProgress {
  std::string status;           // queued | ringing | in-progress | completed | busy | ...
  std::int64_t at = 0;          // when it happened (Unix ms): started_at or ended_at
  std::string carrier_call_id;  // set when the call has none yet
  std::optional<std::int64_t> duration_ms;  // an end state's duration, when the carrier says
  std::string hangup_reason;                // an end state's reason; empty: the status itself
};

/// A phone number of the user's carrier account whose inbound calls an agent answers. A number
/// belongs to one user per carrier.
struct PhoneNumber {
  std::string id;
  std::string user_id;
  std::string carrier;  // twilio | plivo | exotel
  std::string number;   // E.164, e.g. +14155550100
  std::string agent_id;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

/// What post-call tasks write on a finished call (and a phone call when its media starts): each
/// field given replaces its column, the others are left as they are.
struct CallResultsUpdate {
  std::optional<std::string> extracted_data_json;
  std::optional<std::string> summary;
  std::optional<std::string> webhook_json;
  std::optional<std::string> post_call_json;
  std::optional<std::string> settings_json;  // what a phone call's session uses, once it starts
};

/// One exchange of a call: what the caller said and what the agent answered, with timing.
/// Latency timestamps are Unix ms; absent when the stage did not happen.
struct Turn {
  std::string id;
  std::string call_id;
  int index = 0;
  std::string user_text;
  std::string agent_text;  // cut to what the caller heard when interrupted
  bool interrupted = false;
  std::optional<std::int64_t> user_speech_end_at;
  std::optional<std::int64_t> stt_final_at;
  std::optional<std::int64_t> llm_first_token_at;
  std::optional<std::int64_t> tts_first_byte_at;
  std::optional<std::int64_t> first_audio_out_at;
  std::optional<std::int64_t> interrupted_at;
  std::string metadata_json = "{}";  // tool calls, retrieved sources
  std::int64_t created_at = 0;
};

/// A user's collection of documents that knowledgebase_agent answers from.
struct KnowledgeBase {
  std::string id;
  std::string user_id;
  std::string name;
  std::string embedding_json;       // {"provider","model","base_url"?}; empty: keyword search only
  std::int64_t version = 0;         // bumped whenever a document is added or removed
  std::int64_t document_count = 0;  // computed when read; ignored on write
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

/// One uploaded file of a knowledge base; its text lives in its chunks.
struct KnowledgeDocument {
  std::string id;
  std::string knowledge_base_id;
  std::string user_id;
  std::string filename;
  std::string content_type;  // text/plain | text/markdown | application/pdf
  std::int64_t size_bytes = 0;
  std::int64_t characters = 0;  // of the extracted text, in code points
  std::int64_t chunk_count = 0;
  std::int64_t created_at = 0;
};

/// A passage of a document's extracted text, the unit of retrieval.
struct KnowledgeChunk {
  std::string document_id;
  std::string knowledge_base_id;
  std::string user_id;
  int ordinal = 0;              // 0-based position in its document
  std::int64_t start_char = 0;  // code-point offsets into the document's extracted text
  std::int64_t end_char = 0;
  std::string text;
  std::vector<float> embedding;  // empty: none
  std::string filename;          // of its document; filled when read, ignored on write
};

/// Filters for listing calls; every field optional.
struct CallFilter {
  std::optional<std::string> agent_id;
  std::optional<std::string> status;
  std::optional<std::string> direction;
  std::optional<std::int64_t> created_from;  // inclusive, Unix ms
  std::optional<std::int64_t> created_to;    // exclusive, Unix ms
  int limit = 50;
  int offset = 0;
};

/// Listing agents: optional case-insensitive name substring, page window.
struct AgentQuery {
  std::optional<std::string> name_contains;
  int limit = 50;
  int offset = 0;
};

/// One page of a listing with the total count matching the filter.
template <typename T>
struct Page {
  std::vector<T> items;
  std::int64_t total = 0;
};

}  // namespace ovos::store
