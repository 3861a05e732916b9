-- Meetings and supervision (issue 5, docs/MEETINGS.md): meetings at any unit of the tree (one
-- estate for all kinds but leadership groups), series whose occurrences are rows of their own
-- (editing one changes no other), the agenda with linked appeals, minutes (attendance,
-- decisions), action items from decisions, publication of decisions, and the community party
-- organisation's supervision records (spot-checks of the public-revenue accounts, supervised
-- projects) for the four musts (四必).
CREATE TABLE meeting_series (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  recurrence TEXT NOT NULL,
  occurrences INTEGER NOT NULL,
  created_by INTEGER REFERENCES accounts(id),
  created_at BIGINT NOT NULL
);

CREATE TABLE meetings (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  unit_path TEXT NOT NULL,
  kind TEXT NOT NULL,
  committee_id INTEGER REFERENCES committees(id),
  series_id INTEGER REFERENCES meeting_series(id),
  series_index INTEGER NOT NULL DEFAULT 1,
  title TEXT NOT NULL,
  location TEXT NOT NULL DEFAULT '',
  starts_at BIGINT NOT NULL,
  notice_at BIGINT NOT NULL,
  status TEXT NOT NULL,
  held_at BIGINT,
  discussion TEXT NOT NULL DEFAULT '',
  minutes_by INTEGER REFERENCES accounts(id),
  published_at BIGINT,
  publish_by BIGINT,
  created_by INTEGER REFERENCES accounts(id),
  created_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX meetings_path ON meetings(unit_path, starts_at);
CREATE INDEX meetings_unit ON meetings(unit_id, starts_at);
CREATE INDEX meetings_series ON meetings(series_id);
CREATE INDEX meetings_committee ON meetings(committee_id, held_at);

CREATE TABLE meeting_agenda_items (
  id INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES meetings(id),
  position INTEGER NOT NULL,
  title TEXT NOT NULL,
  appeal_id INTEGER REFERENCES appeals(id)
);
CREATE INDEX meeting_agenda_meeting ON meeting_agenda_items(meeting_id, position);

CREATE TABLE meeting_attendance (
  id INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES meetings(id),
  person_id INTEGER REFERENCES people(id),
  name TEXT NOT NULL,
  side TEXT NOT NULL,
  presence TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX meeting_attendance_meeting ON meeting_attendance(meeting_id);
CREATE INDEX meeting_attendance_person ON meeting_attendance(person_id);

CREATE TABLE meeting_decisions (
  id INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES meetings(id),
  position INTEGER NOT NULL,
  text TEXT NOT NULL,
  in_favour INTEGER,
  passed INTEGER NOT NULL,
  major INTEGER NOT NULL DEFAULT 0,
  project INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX meeting_decisions_meeting ON meeting_decisions(meeting_id, position);

CREATE TABLE meeting_actions (
  id INTEGER PRIMARY KEY,
  decision_id INTEGER NOT NULL REFERENCES meeting_decisions(id),
  meeting_id INTEGER NOT NULL REFERENCES meetings(id),
  unit_path TEXT NOT NULL,
  title TEXT NOT NULL,
  owner_person_id INTEGER REFERENCES people(id),
  owner_name TEXT NOT NULL,
  due_at BIGINT NOT NULL,
  done_at BIGINT,
  done_note TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES accounts(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX meeting_actions_decision ON meeting_actions(decision_id);
CREATE INDEX meeting_actions_path ON meeting_actions(unit_path, due_at);

CREATE TABLE supervision_records (
  id INTEGER PRIMARY KEY,
  estate_id INTEGER NOT NULL REFERENCES units(id),
  estate_path TEXT NOT NULL,
  kind TEXT NOT NULL,
  on_day TEXT NOT NULL,
  happened_at BIGINT NOT NULL,
  subject TEXT NOT NULL,
  finding TEXT NOT NULL DEFAULT '',
  decision_id INTEGER REFERENCES meeting_decisions(id),
  created_by INTEGER REFERENCES accounts(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX supervision_records_estate ON supervision_records(estate_id, happened_at);
CREATE INDEX supervision_records_decision ON supervision_records(decision_id);
