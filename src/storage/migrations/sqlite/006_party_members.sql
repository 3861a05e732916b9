-- Party members in their estate (在职党员回小区报到): employers, registrations with receipts,
-- the rules per unit (inherited down the tree), commitments, pairing, door-knocking rounds and
-- visits, the branch's task list with claims, and entries the branch adds to a member's record.
-- The service record itself is derived from these rows and the appeals (no double entry).
CREATE TABLE employers (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  party_org_name TEXT NOT NULL DEFAULT '',
  -- working party members the employer declared, for its registration rate
  member_count INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);

-- Accounts that read an employer's figures (no residents' data).
CREATE TABLE employer_accounts (
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  employer_id INTEGER NOT NULL REFERENCES employers(id),
  PRIMARY KEY (account_id, employer_id)
);

CREATE TABLE member_rules (
  unit_id INTEGER PRIMARY KEY REFERENCES units(id),
  rules_json TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE member_registrations (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  account_id INTEGER REFERENCES accounts(id),
  estate_id INTEGER NOT NULL REFERENCES units(id),
  estate_path TEXT NOT NULL,
  household_id INTEGER NOT NULL REFERENCES households(id),
  branch_id INTEGER REFERENCES party_orgs(id),
  employer_id INTEGER NOT NULL REFERENCES employers(id),
  employer_party_org TEXT NOT NULL DEFAULT '',
  skills TEXT NOT NULL DEFAULT '',
  services TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  receipt_no TEXT UNIQUE,
  submitted_at BIGINT NOT NULL,
  decided_at BIGINT,
  decided_by INTEGER,
  decision_note TEXT NOT NULL DEFAULT '',
  renewed_at BIGINT,
  ended_at BIGINT
);
CREATE UNIQUE INDEX member_registrations_active ON member_registrations(person_id)
  WHERE status IN ('pending', 'confirmed');
CREATE INDEX member_registrations_estate ON member_registrations(estate_id, status);
CREATE INDEX member_registrations_path ON member_registrations(estate_path);
CREATE INDEX member_registrations_employer ON member_registrations(employer_id, status);
CREATE INDEX member_registrations_account ON member_registrations(account_id);

CREATE TABLE commitments (
  id INTEGER PRIMARY KEY,
  registration_id INTEGER NOT NULL REFERENCES member_registrations(id),
  year INTEGER NOT NULL,
  required INTEGER NOT NULL,
  sort INTEGER NOT NULL,
  text TEXT NOT NULL,
  report TEXT NOT NULL DEFAULT '',
  reported_at BIGINT,
  review TEXT NOT NULL DEFAULT '',
  review_note TEXT NOT NULL DEFAULT '',
  reviewed_by INTEGER,
  reviewed_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX commitments_registration ON commitments(registration_id, year);

CREATE TABLE pairings (
  id INTEGER PRIMARY KEY,
  estate_id INTEGER NOT NULL REFERENCES units(id),
  registration_id INTEGER NOT NULL REFERENCES member_registrations(id),
  kind TEXT NOT NULL,
  household_id INTEGER REFERENCES households(id),
  entrance_id INTEGER REFERENCES entrances(id),
  started_at BIGINT NOT NULL,
  ended_at BIGINT,
  created_by INTEGER
);
CREATE INDEX pairings_estate ON pairings(estate_id, ended_at);
CREATE INDEX pairings_registration ON pairings(registration_id);

CREATE TABLE visit_rounds (
  id INTEGER PRIMARY KEY,
  estate_id INTEGER NOT NULL REFERENCES units(id),
  building_id INTEGER REFERENCES buildings(id),
  title TEXT NOT NULL,
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  created_by INTEGER,
  created_at BIGINT NOT NULL
);
CREATE INDEX visit_rounds_estate ON visit_rounds(estate_id, starts_on);

CREATE TABLE visits (
  id INTEGER PRIMARY KEY,
  estate_id INTEGER NOT NULL REFERENCES units(id),
  estate_path TEXT NOT NULL,
  household_id INTEGER NOT NULL REFERENCES households(id),
  round_id INTEGER REFERENCES visit_rounds(id),
  visitor_account_id INTEGER NOT NULL REFERENCES accounts(id),
  registration_id INTEGER REFERENCES member_registrations(id),
  visited_on TEXT NOT NULL,
  heard TEXT NOT NULL DEFAULT '',
  intake_id INTEGER REFERENCES intakes(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX visits_estate ON visits(estate_id, visited_on);
CREATE INDEX visits_registration ON visits(registration_id, visited_on);
CREATE INDEX visits_household ON visits(household_id, visited_on);

CREATE TABLE member_tasks (
  id INTEGER PRIMARY KEY,
  estate_id INTEGER NOT NULL REFERENCES units(id),
  estate_path TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL,
  appeal_id INTEGER REFERENCES appeals(id),
  source_note TEXT NOT NULL DEFAULT '',
  due_at BIGINT NOT NULL,
  needed INTEGER NOT NULL,
  hours_minutes INTEGER NOT NULL DEFAULT 0,
  points INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL,
  level TEXT NOT NULL DEFAULT 'estate',
  level_unit_id INTEGER NOT NULL REFERENCES units(id),
  overdue_marked INTEGER NOT NULL DEFAULT 0,
  created_by INTEGER,
  created_at BIGINT NOT NULL,
  closed_at BIGINT,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX member_tasks_estate ON member_tasks(estate_id, status, id);
CREATE INDEX member_tasks_open_due ON member_tasks(due_at) WHERE status = 'open';

CREATE TABLE task_claims (
  id INTEGER PRIMARY KEY,
  task_id INTEGER NOT NULL REFERENCES member_tasks(id),
  registration_id INTEGER NOT NULL REFERENCES member_registrations(id),
  status TEXT NOT NULL,
  claimed_at BIGINT NOT NULL,
  progress TEXT NOT NULL DEFAULT '',
  report TEXT NOT NULL DEFAULT '',
  submitted_at BIGINT,
  decided_at BIGINT,
  decided_by INTEGER,
  decision_note TEXT NOT NULL DEFAULT '',
  UNIQUE (task_id, registration_id)
);
CREATE INDEX task_claims_registration ON task_claims(registration_id, status);

CREATE TABLE task_events (
  id INTEGER PRIMARY KEY,
  task_id INTEGER NOT NULL REFERENCES member_tasks(id),
  claim_id INTEGER REFERENCES task_claims(id),
  at BIGINT NOT NULL,
  action TEXT NOT NULL,
  actor_account_id INTEGER,
  actor_name TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX task_events_task ON task_events(task_id, id);

ALTER TABLE photos ADD COLUMN task_claim_id INTEGER REFERENCES task_claims(id);
CREATE INDEX photos_task_claim ON photos(task_claim_id, id);

-- What the branch adds to a member's record by hand (a service day, a meeting); voided, not
-- deleted, so the record keeps its history.
CREATE TABLE service_entries (
  id INTEGER PRIMARY KEY,
  registration_id INTEGER NOT NULL REFERENCES member_registrations(id),
  on_date TEXT NOT NULL,
  kind TEXT NOT NULL,
  minutes INTEGER NOT NULL,
  points INTEGER NOT NULL,
  note TEXT NOT NULL,
  created_by INTEGER,
  created_at BIGINT NOT NULL,
  voided_at BIGINT
);
CREATE INDEX service_entries_registration ON service_entries(registration_id, on_date);
