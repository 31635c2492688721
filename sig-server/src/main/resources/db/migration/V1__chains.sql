-- One schema for SQLite and PostgreSQL: only types and syntax both understand.

-- The head of every chain: the compare-and-set point of an append.
CREATE TABLE chains (
  chain       TEXT   NOT NULL PRIMARY KEY,  -- the eldest key (link 1's key)
  seq         BIGINT NOT NULL,              -- the last link's seq = the chain's length
  hash        TEXT   NOT NULL,              -- the last link's hash (what the next prev holds)
  primary_key TEXT   NOT NULL               -- the primary key after the last link
);

-- Every accepted link, as its JCS line. (chain, seq) is unique: two nodes racing at one seq
-- cannot both win.
CREATE TABLE links (
  chain TEXT   NOT NULL,
  seq   BIGINT NOT NULL,
  hash  TEXT   NOT NULL,
  body  TEXT   NOT NULL,
  PRIMARY KEY (chain, seq)
);

-- Which chain a key belongs to: eldest, rotated-in primary, or device.
CREATE TABLE chain_keys (
  key   TEXT   NOT NULL,
  chain TEXT   NOT NULL,
  role  TEXT   NOT NULL,  -- eldest | primary | device
  seq   BIGINT NOT NULL,  -- the link that brought the key in
  PRIMARY KEY (key, chain)
);

-- Fork evidence: valid links that conflict with a stored link at the same seq.
CREATE TABLE forks (
  chain       TEXT   NOT NULL,
  seq         BIGINT NOT NULL,
  hash        TEXT   NOT NULL,
  body        TEXT   NOT NULL,
  received_at BIGINT NOT NULL,  -- unix seconds
  PRIMARY KEY (chain, seq, hash)
);
