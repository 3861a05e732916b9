-- Simple polls outside art. 278 (意见征集/投票, issue 5, docs/POLLS.md): a question with 2-20
-- options, single or multiple choice, one response per household or per person among the
-- estate's residents or its registered party members. The unique key (poll_id, voter_key)
-- decides "once": voter_key is 'h:<household id>' or 'a:<account id>'. Counts per option are
-- kept on the option in the same transaction as the response; an anonymous poll keeps no
-- link from a response to its choices.
CREATE TABLE polls (
  id INTEGER PRIMARY KEY,
  estate_id INTEGER NOT NULL REFERENCES units(id),
  estate_path TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  counting TEXT NOT NULL,
  audience TEXT NOT NULL,
  max_choices INTEGER NOT NULL,
  anonymous INTEGER NOT NULL DEFAULT 0,
  opens_at BIGINT NOT NULL,
  closes_at BIGINT NOT NULL,
  closed_at BIGINT,
  published_at BIGINT,
  responses BIGINT NOT NULL DEFAULT 0,
  created_by INTEGER REFERENCES accounts(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX polls_estate ON polls(estate_id, id);

CREATE TABLE poll_options (
  poll_id INTEGER NOT NULL REFERENCES polls(id),
  option_no INTEGER NOT NULL,
  label TEXT NOT NULL,
  votes BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (poll_id, option_no)
);

CREATE TABLE poll_responses (
  id INTEGER PRIMARY KEY,
  poll_id INTEGER NOT NULL REFERENCES polls(id),
  voter_key TEXT NOT NULL,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  household_id INTEGER REFERENCES households(id),
  choices TEXT,
  cast_at BIGINT NOT NULL,
  UNIQUE (poll_id, voter_key)
);
CREATE INDEX poll_responses_account ON poll_responses(account_id, poll_id);
