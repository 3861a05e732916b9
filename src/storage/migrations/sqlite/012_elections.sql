-- The owners' committee election (issue 5, docs/ELECTIONS.md). An election owns a votes row
-- (kind 'election', art. 278 matter 3): its roll, window, ballots (one per roll entry, across
-- channels) and participation are the vote's. Here: the seats and term, the preparatory group,
-- the candidates with their nomination and eligibility checks, each ballot's mark per candidate,
-- the stored multi-seat tally, and the dates that follow the result.
CREATE TABLE elections (
  id INTEGER PRIMARY KEY,
  estate_id INTEGER NOT NULL REFERENCES units(id),
  vote_id INTEGER NOT NULL UNIQUE REFERENCES votes(id),
  seats INTEGER NOT NULL,
  term_years INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'announced',
  result_json TEXT,
  elected_at BIGINT,
  first_meeting_at BIGINT,
  filed_at BIGINT,
  filing_ref TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES accounts(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX elections_estate ON elections(estate_id, id);

CREATE TABLE election_prep_members (
  id INTEGER PRIMARY KEY,
  election_id INTEGER NOT NULL REFERENCES elections(id),
  name TEXT NOT NULL,
  side TEXT NOT NULL,
  organisation TEXT NOT NULL DEFAULT '',
  is_owner INTEGER NOT NULL DEFAULT 0,
  is_leader INTEGER NOT NULL DEFAULT 0,
  owner_id INTEGER REFERENCES owners(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX election_prep_members_election ON election_prep_members(election_id, id);

CREATE TABLE election_candidates (
  id INTEGER PRIMARY KEY,
  election_id INTEGER NOT NULL REFERENCES elections(id),
  owner_id INTEGER NOT NULL REFERENCES owners(id),
  name TEXT NOT NULL,
  nomination TEXT NOT NULL,
  nominated_by TEXT NOT NULL DEFAULT '',
  full_capacity INTEGER NOT NULL,
  no_property_interest INTEGER NOT NULL,
  not_defaulter INTEGER NOT NULL,
  statement TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (election_id, owner_id)
);

CREATE TABLE election_marks (
  ballot_id INTEGER NOT NULL REFERENCES ballots(id),
  candidate_id INTEGER NOT NULL REFERENCES election_candidates(id),
  choice TEXT NOT NULL,
  PRIMARY KEY (ballot_id, candidate_id)
);
CREATE INDEX election_marks_candidate ON election_marks(candidate_id, choice);
