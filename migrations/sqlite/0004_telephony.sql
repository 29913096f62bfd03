-- Phone calls: the numbers that route inbound calls to agents, and the lookup of a call by
-- its carrier's id (status callbacks, media streams).

CREATE TABLE phone_numbers (
  id          TEXT PRIMARY KEY,
  user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  carrier     TEXT NOT NULL,
  number      TEXT NOT NULL,
  agent_id    TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  UNIQUE (carrier, number)
);
CREATE INDEX phone_numbers_user_idx ON phone_numbers (user_id, created_at);

CREATE INDEX calls_carrier_call_idx ON calls (carrier, carrier_call_id);
