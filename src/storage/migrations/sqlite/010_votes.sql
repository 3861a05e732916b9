-- Owners decide (issue 5, docs/VOTES.md): each estate's voting rules, votes on Civil Code
-- art. 278 motions with the roll taken for them (frozen when voting opens), ballots from every
-- channel (one per roll entry: an owner votes once across channels), refused attempts, roll
-- objections, and the tally stored when the vote is closed. Areas in 0.01 m².
CREATE TABLE vote_rules (
  estate_id INTEGER PRIMARY KEY REFERENCES units(id),
  nonvoters_with_majority INTEGER NOT NULL DEFAULT 0,
  proxy_cap INTEGER NOT NULL DEFAULT 3,
  channels TEXT NOT NULL DEFAULT 'online,paper,ballot_box,phone,proxy',
  updated_at BIGINT NOT NULL
);

CREATE TABLE votes (
  id INTEGER PRIMARY KEY,
  estate_id INTEGER NOT NULL REFERENCES units(id),
  estate_path TEXT NOT NULL,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  matter INTEGER NOT NULL,
  threshold TEXT NOT NULL,
  building_ids TEXT NOT NULL DEFAULT '',
  notice_at BIGINT NOT NULL,
  opens_at BIGINT NOT NULL,
  closes_at BIGINT NOT NULL,
  nonvoters_with_majority INTEGER NOT NULL DEFAULT 0,
  proxy_cap INTEGER NOT NULL,
  channels TEXT NOT NULL,
  total_area BIGINT NOT NULL,
  total_heads BIGINT NOT NULL,
  roll_at BIGINT NOT NULL,
  closed_at BIGINT,
  result_json TEXT,
  published_at BIGINT,
  cancelled_at BIGINT,
  created_by INTEGER REFERENCES accounts(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX votes_estate ON votes(estate_id, id);

CREATE TABLE vote_roll (
  vote_id INTEGER NOT NULL REFERENCES votes(id),
  entry_no INTEGER NOT NULL,
  kind TEXT NOT NULL,
  area BIGINT NOT NULL,
  names TEXT NOT NULL,
  household_ids TEXT NOT NULL,
  owner_ids TEXT NOT NULL,
  PRIMARY KEY (vote_id, entry_no)
);

CREATE TABLE vote_roll_owners (
  vote_id INTEGER NOT NULL REFERENCES votes(id),
  owner_id INTEGER NOT NULL REFERENCES owners(id),
  entry_no INTEGER NOT NULL,
  PRIMARY KEY (vote_id, owner_id, entry_no)
);

CREATE TABLE ballots (
  id INTEGER PRIMARY KEY,
  vote_id INTEGER NOT NULL REFERENCES votes(id),
  entry_no INTEGER NOT NULL,
  owner_id INTEGER NOT NULL REFERENCES owners(id),
  choice TEXT NOT NULL,
  channel TEXT NOT NULL,
  area BIGINT NOT NULL,
  evidence TEXT NOT NULL DEFAULT '',
  proxy_name TEXT,
  proxy_key TEXT,
  guardian_name TEXT,
  entered_by INTEGER REFERENCES accounts(id),
  cast_at BIGINT NOT NULL,
  UNIQUE (vote_id, entry_no)
);
CREATE INDEX ballots_proxy ON ballots(vote_id, proxy_key);

CREATE TABLE ballot_refusals (
  id INTEGER PRIMARY KEY,
  vote_id INTEGER NOT NULL REFERENCES votes(id),
  owner_id INTEGER,
  channel TEXT NOT NULL,
  reason TEXT NOT NULL,
  actor_id INTEGER,
  at BIGINT NOT NULL
);
CREATE INDEX ballot_refusals_vote ON ballot_refusals(vote_id, id);

CREATE TABLE roll_objections (
  id INTEGER PRIMARY KEY,
  vote_id INTEGER NOT NULL REFERENCES votes(id),
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  text TEXT NOT NULL,
  answer TEXT,
  answered_by INTEGER REFERENCES accounts(id),
  answered_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX roll_objections_vote ON roll_objections(vote_id, id);
