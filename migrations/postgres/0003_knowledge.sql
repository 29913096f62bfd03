-- Knowledge bases of knowledgebase_agent (PostgreSQL): documents split into chunks, each chunk with
-- an optional embedding. user_id is kept on every row so each query filters on its owner.

CREATE TABLE knowledge_bases (
  id             TEXT PRIMARY KEY,
  user_id        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name           TEXT NOT NULL,
  embedding_json TEXT NOT NULL DEFAULT '',  -- {"provider","model","base_url"?}; '': none
  version        BIGINT NOT NULL DEFAULT 0,  -- bumped whenever a document is added or removed
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL
);
CREATE INDEX knowledge_bases_user_created_idx ON knowledge_bases (user_id, created_at);

CREATE TABLE knowledge_documents (
  id                TEXT PRIMARY KEY,
  knowledge_base_id TEXT NOT NULL REFERENCES knowledge_bases (id) ON DELETE CASCADE,
  user_id           TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  filename          TEXT NOT NULL,
  content_type      TEXT NOT NULL,
  size_bytes        BIGINT NOT NULL,
  characters        BIGINT NOT NULL,  -- of the extracted text, in code points
  chunk_count       BIGINT NOT NULL,
  created_at        BIGINT NOT NULL
);
CREATE INDEX knowledge_documents_base_idx ON knowledge_documents (knowledge_base_id, created_at);

-- embedding: base64 of little-endian float32 values (the SQL layer binds text and integers).
CREATE TABLE knowledge_chunks (
  document_id       TEXT NOT NULL REFERENCES knowledge_documents (id) ON DELETE CASCADE,
  knowledge_base_id TEXT NOT NULL REFERENCES knowledge_bases (id) ON DELETE CASCADE,
  user_id           TEXT NOT NULL,
  ordinal           BIGINT NOT NULL,
  start_char        BIGINT NOT NULL,
  end_char          BIGINT NOT NULL,
  text              TEXT NOT NULL,
  embedding         TEXT,
  PRIMARY KEY (document_id, ordinal)
);
CREATE INDEX knowledge_chunks_base_idx ON knowledge_chunks (knowledge_base_id);
