-- Post-call tasks (SQLite): the state of a call's follow-up tasks (extraction, summarization,
-- webhook) as JSON text: overall status, times, and each step's outcome. '{}' when none ran.

ALTER TABLE calls ADD COLUMN post_call_json TEXT NOT NULL DEFAULT '{}';
