-- Initial schema (PostgreSQL). Ids are UUIDv7 text; times are Unix milliseconds; JSON is text.

CREATE TABLE users (
  id            TEXT PRIMARY KEY,
  email         TEXT NOT NULL,  -- stored lowercase
  name          TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL,
  CONSTRAINT users_email_key UNIQUE (email)
);

CREATE TABLE api_keys (
  id           TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name         TEXT NOT NULL DEFAULT '',
  prefix       TEXT NOT NULL,
  key_hash     TEXT NOT NULL,
  created_at   BIGINT NOT NULL,
  last_used_at BIGINT,
  revoked_at   BIGINT,
  CONSTRAINT api_keys_key_hash_key UNIQUE (key_hash)
);
CREATE INDEX api_keys_user_created_idx ON api_keys (user_id, created_at);

CREATE TABLE agents (
  id          TEXT PRIMARY KEY,
  user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name        TEXT NOT NULL,
  agent_type  TEXT NOT NULL DEFAULT '',
  config_json TEXT NOT NULL,
  created_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL
);
CREATE INDEX agents_user_created_idx ON agents (user_id, created_at);

CREATE TABLE provider_keys (
  id          TEXT PRIMARY KEY,
  user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  provider    TEXT NOT NULL,
  name        TEXT NOT NULL DEFAULT '',
  ciphertext  TEXT NOT NULL,
  masked_json TEXT NOT NULL DEFAULT '{}',
  created_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL
);
CREATE INDEX provider_keys_user_provider_idx ON provider_keys (user_id, provider, created_at);

-- agent_id is deliberately not a foreign key: call history outlives the agent.
CREATE TABLE calls (
  id                  TEXT PRIMARY KEY,
  user_id             TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  agent_id            TEXT NOT NULL,
  direction           TEXT NOT NULL,
  status              TEXT NOT NULL,
  carrier             TEXT NOT NULL DEFAULT '',
  from_number         TEXT NOT NULL DEFAULT '',
  to_number           TEXT NOT NULL DEFAULT '',
  carrier_call_id     TEXT NOT NULL DEFAULT '',
  created_at          BIGINT NOT NULL,
  started_at          BIGINT,
  ended_at            BIGINT,
  duration_ms         BIGINT,
  hangup_reason       TEXT NOT NULL DEFAULT '',
  recording_url       TEXT NOT NULL DEFAULT '',
  settings_json       TEXT NOT NULL DEFAULT '{}',
  extracted_data_json TEXT NOT NULL DEFAULT '{}',
  summary             TEXT NOT NULL DEFAULT '',
  usage_json          TEXT NOT NULL DEFAULT '{}',
  webhook_json        TEXT NOT NULL DEFAULT '{}',
  variables_json      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX calls_user_created_idx ON calls (user_id, created_at);
CREATE INDEX calls_user_agent_idx ON calls (user_id, agent_id, created_at);
CREATE INDEX calls_user_status_idx ON calls (user_id, status, created_at);

CREATE TABLE turns (
  id                 TEXT PRIMARY KEY,
  call_id            TEXT NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
  turn_index         INTEGER NOT NULL,
  user_text          TEXT NOT NULL DEFAULT '',
  agent_text         TEXT NOT NULL DEFAULT '',
  interrupted        BOOLEAN NOT NULL DEFAULT FALSE,
  user_speech_end_at BIGINT,
  stt_final_at       BIGINT,
  llm_first_token_at BIGINT,
  tts_first_byte_at  BIGINT,
  first_audio_out_at BIGINT,
  interrupted_at     BIGINT,
  metadata_json      TEXT NOT NULL DEFAULT '{}',
  created_at         BIGINT NOT NULL,
  CONSTRAINT turns_call_index_key UNIQUE (call_id, turn_index)
);
