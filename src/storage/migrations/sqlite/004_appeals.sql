-- Residents' problems (诉求): the estate's catalogue overrides, the holiday calendar, appeals
-- with their timeline, photos and notifications, idempotency keys, and the maintained figures.
CREATE TABLE appeal_categories (
  id INTEGER PRIMARY KEY,
  estate_id INTEGER NOT NULL REFERENCES units(id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  name_en TEXT NOT NULL DEFAULT '',
  handler TEXT NOT NULL,
  respond_value INTEGER NOT NULL,
  respond_unit TEXT NOT NULL,
  resolve_value INTEGER NOT NULL,
  resolve_unit TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  sort INTEGER NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL,
  UNIQUE (estate_id, code)
);

CREATE TABLE calendar_days (
  day TEXT PRIMARY KEY,
  year INTEGER NOT NULL,
  kind TEXT NOT NULL
);

CREATE TABLE intakes (
  id INTEGER PRIMARY KEY,
  estate_id INTEGER NOT NULL REFERENCES units(id),
  channel TEXT NOT NULL,
  account_id INTEGER,
  created_at BIGINT NOT NULL
);

CREATE TABLE appeals (
  id INTEGER PRIMARY KEY,
  estate_id INTEGER NOT NULL REFERENCES units(id),
  estate_path TEXT NOT NULL,
  category TEXT NOT NULL,
  channel TEXT NOT NULL,
  place_kind TEXT NOT NULL,
  household_id INTEGER REFERENCES households(id),
  building_id INTEGER REFERENCES buildings(id),
  place_text TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL,
  anonymous INTEGER NOT NULL DEFAULT 0,
  reporter_account_id INTEGER,
  client_id INTEGER,
  contact_name TEXT NOT NULL DEFAULT '',
  contact_phone TEXT NOT NULL DEFAULT '',
  intake_id INTEGER REFERENCES intakes(id),
  status TEXT NOT NULL,
  level TEXT NOT NULL,
  level_unit_id INTEGER NOT NULL REFERENCES units(id),
  handler TEXT NOT NULL,
  assignee_account_id INTEGER,
  escalated INTEGER NOT NULL DEFAULT 0,
  received_at BIGINT NOT NULL,
  respond_by BIGINT NOT NULL,
  resolve_by BIGINT NOT NULL,
  responded_at BIGINT,
  resolved_at BIGINT,
  closed_at BIGINT,
  extensions INTEGER NOT NULL DEFAULT 0,
  reopen_count INTEGER NOT NULL DEFAULT 0,
  merged_into INTEGER,
  resolution_note TEXT NOT NULL DEFAULT '',
  agenda TEXT NOT NULL DEFAULT '',
  rating TEXT,
  rating_comment TEXT NOT NULL DEFAULT '',
  rated_at BIGINT,
  callback_contacted INTEGER,
  callback_solved INTEGER,
  callback_rating TEXT,
  callback_at BIGINT,
  overdue_marked INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX appeals_estate ON appeals(estate_id, id);
CREATE INDEX appeals_path ON appeals(estate_path, id);
CREATE INDEX appeals_reporter ON appeals(reporter_account_id, id);
-- An estate's open problems, newest first: the handlers' main list.
CREATE INDEX appeals_open_estate ON appeals(estate_id, id)
  WHERE status IN ('submitted', 'accepted', 'in_progress', 'returned');
-- What the scheduled job looks at: open, past a deadline, not yet marked overdue.
CREATE INDEX appeals_open_resolve ON appeals(resolve_by)
  WHERE status IN ('submitted', 'accepted', 'in_progress', 'returned') AND overdue_marked = 0;
CREATE INDEX appeals_open_respond ON appeals(respond_by)
  WHERE status IN ('submitted', 'accepted', 'in_progress', 'returned') AND overdue_marked = 0
    AND responded_at IS NULL;
CREATE INDEX appeals_board ON appeals(estate_id, resolved_at)
  WHERE status IN ('resolved', 'closed') AND resolved_at IS NOT NULL;
CREATE INDEX appeals_client ON appeals(client_id, id) WHERE client_id IS NOT NULL;

-- Bumped by every change to an estate's appeals: rendered list pages are cached under it.
CREATE TABLE appeal_versions (
  estate_id INTEGER PRIMARY KEY,
  version INTEGER NOT NULL
);

CREATE TABLE appeal_events (
  id INTEGER PRIMARY KEY,
  appeal_id INTEGER NOT NULL REFERENCES appeals(id),
  at BIGINT NOT NULL,
  action TEXT NOT NULL,
  actor_account_id INTEGER,
  actor_name TEXT NOT NULL DEFAULT '',
  actor_role TEXT NOT NULL DEFAULT '',
  from_status TEXT NOT NULL DEFAULT '',
  to_status TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  public INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX appeal_events_appeal ON appeal_events(appeal_id, id);

-- Photos are kept in the database (base64) so that a committed appeal has its photos on both
-- backends and behind every server of a deployment.
CREATE TABLE photos (
  id INTEGER PRIMARY KEY,
  token TEXT NOT NULL UNIQUE,
  account_id INTEGER,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  data TEXT NOT NULL,
  appeal_id INTEGER REFERENCES appeals(id),
  stage TEXT NOT NULL DEFAULT 'report',
  created_at BIGINT NOT NULL
);
CREATE INDEX photos_appeal ON photos(appeal_id, id);

CREATE TABLE notifications (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL,
  appeal_id INTEGER,
  text TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  read_at BIGINT
);
CREATE INDEX notifications_account ON notifications(account_id, id);

-- A retried request with the same key by the same caller answers with what the first created.
CREATE TABLE idempotency_keys (
  caller TEXT NOT NULL,
  key TEXT NOT NULL,
  appeal_ids TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (caller, key)
);

-- Maintained figures (domain/appeals/stats.hpp): one cell per unit on the estate's path,
-- month of receipt, category and handler, with the response (r0..r27) and resolution (s0..s27)
-- duration histograms in the same row, so a report reads a few hundred rows whatever the volume.
CREATE TABLE appeal_stats (
  unit_id INTEGER NOT NULL,
  month INTEGER NOT NULL,
  category TEXT NOT NULL,
  handler TEXT NOT NULL,
  received BIGINT NOT NULL DEFAULT 0,
  merged BIGINT NOT NULL DEFAULT 0,
  responded BIGINT NOT NULL DEFAULT 0,
  responded_on_time BIGINT NOT NULL DEFAULT 0,
  resolved BIGINT NOT NULL DEFAULT 0,
  resolved_on_time BIGINT NOT NULL DEFAULT 0,
  escalated BIGINT NOT NULL DEFAULT 0,
  solved_inside BIGINT NOT NULL DEFAULT 0,
  rated BIGINT NOT NULL DEFAULT 0,
  satisfied BIGINT NOT NULL DEFAULT 0,
  basically BIGINT NOT NULL DEFAULT 0,
  dissatisfied BIGINT NOT NULL DEFAULT 0,
  callbacks BIGINT NOT NULL DEFAULT 0,
  contacted BIGINT NOT NULL DEFAULT 0,
  solved BIGINT NOT NULL DEFAULT 0,
  open BIGINT NOT NULL DEFAULT 0,
  overdue BIGINT NOT NULL DEFAULT 0,
  r0 BIGINT NOT NULL DEFAULT 0,
  r1 BIGINT NOT NULL DEFAULT 0,
  r2 BIGINT NOT NULL DEFAULT 0,
  r3 BIGINT NOT NULL DEFAULT 0,
  r4 BIGINT NOT NULL DEFAULT 0,
  r5 BIGINT NOT NULL DEFAULT 0,
  r6 BIGINT NOT NULL DEFAULT 0,
  r7 BIGINT NOT NULL DEFAULT 0,
  r8 BIGINT NOT NULL DEFAULT 0,
  r9 BIGINT NOT NULL DEFAULT 0,
  r10 BIGINT NOT NULL DEFAULT 0,
  r11 BIGINT NOT NULL DEFAULT 0,
  r12 BIGINT NOT NULL DEFAULT 0,
  r13 BIGINT NOT NULL DEFAULT 0,
  r14 BIGINT NOT NULL DEFAULT 0,
  r15 BIGINT NOT NULL DEFAULT 0,
  r16 BIGINT NOT NULL DEFAULT 0,
  r17 BIGINT NOT NULL DEFAULT 0,
  r18 BIGINT NOT NULL DEFAULT 0,
  r19 BIGINT NOT NULL DEFAULT 0,
  r20 BIGINT NOT NULL DEFAULT 0,
  r21 BIGINT NOT NULL DEFAULT 0,
  r22 BIGINT NOT NULL DEFAULT 0,
  r23 BIGINT NOT NULL DEFAULT 0,
  r24 BIGINT NOT NULL DEFAULT 0,
  r25 BIGINT NOT NULL DEFAULT 0,
  r26 BIGINT NOT NULL DEFAULT 0,
  r27 BIGINT NOT NULL DEFAULT 0,
  s0 BIGINT NOT NULL DEFAULT 0,
  s1 BIGINT NOT NULL DEFAULT 0,
  s2 BIGINT NOT NULL DEFAULT 0,
  s3 BIGINT NOT NULL DEFAULT 0,
  s4 BIGINT NOT NULL DEFAULT 0,
  s5 BIGINT NOT NULL DEFAULT 0,
  s6 BIGINT NOT NULL DEFAULT 0,
  s7 BIGINT NOT NULL DEFAULT 0,
  s8 BIGINT NOT NULL DEFAULT 0,
  s9 BIGINT NOT NULL DEFAULT 0,
  s10 BIGINT NOT NULL DEFAULT 0,
  s11 BIGINT NOT NULL DEFAULT 0,
  s12 BIGINT NOT NULL DEFAULT 0,
  s13 BIGINT NOT NULL DEFAULT 0,
  s14 BIGINT NOT NULL DEFAULT 0,
  s15 BIGINT NOT NULL DEFAULT 0,
  s16 BIGINT NOT NULL DEFAULT 0,
  s17 BIGINT NOT NULL DEFAULT 0,
  s18 BIGINT NOT NULL DEFAULT 0,
  s19 BIGINT NOT NULL DEFAULT 0,
  s20 BIGINT NOT NULL DEFAULT 0,
  s21 BIGINT NOT NULL DEFAULT 0,
  s22 BIGINT NOT NULL DEFAULT 0,
  s23 BIGINT NOT NULL DEFAULT 0,
  s24 BIGINT NOT NULL DEFAULT 0,
  s25 BIGINT NOT NULL DEFAULT 0,
  s26 BIGINT NOT NULL DEFAULT 0,
  s27 BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (unit_id, month, category, handler)
);

CREATE INDEX account_roles_unit ON account_roles(unit_id);
CREATE INDEX owners_phone ON owners(phone);
