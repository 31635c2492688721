-- kez-chat storage (SPEC.md §kez-chat.9): handles and their keys, per-handle logs of sealed
-- envelopes (never plaintext), push subscriptions. Portable SQL: SQLite and PostgreSQL.
CREATE TABLE handles (
  handle     VARCHAR(32) PRIMARY KEY,
  pubkey     TEXT NOT NULL,
  head       BIGINT NOT NULL DEFAULT 0,  -- the newest seq of the handle's log
  created_at BIGINT NOT NULL
);

CREATE TABLE enc_keys (
  handle      VARCHAR(32) NOT NULL REFERENCES handles (handle),
  record_hash VARCHAR(64) NOT NULL,      -- hex SHA-256 of the record's JCS
  record      TEXT NOT NULL,
  expires_at  BIGINT,
  added_at    BIGINT NOT NULL,
  PRIMARY KEY (handle, record_hash)
);

CREATE TABLE log (
  handle      VARCHAR(32) NOT NULL,
  seq         BIGINT NOT NULL,
  sender      VARCHAR(32) NOT NULL,
  msg_id      VARCHAR(32) NOT NULL,
  envelope    TEXT NOT NULL,             -- JCS of {"id","to","sealed"}
  received_at BIGINT NOT NULL,
  PRIMARY KEY (handle, seq)
);
-- (from, id) is unique in the sender's own log: what makes a repeated post idempotent.
CREATE UNIQUE INDEX log_sender_id ON log (handle, sender, msg_id);

CREATE TABLE push_subscriptions (
  handle     VARCHAR(32) NOT NULL REFERENCES handles (handle),
  endpoint   TEXT NOT NULL,
  p256dh     TEXT NOT NULL,
  auth       TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (handle, endpoint)
);
