-- Foundation: places, estates, owners, organisations, people, posts, accounts, audit.
CREATE TABLE units (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  parent_id INTEGER REFERENCES units(id),
  path TEXT NOT NULL,
  depth INTEGER NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX units_parent_name ON units(COALESCE(parent_id, 0), name);
CREATE INDEX units_parent ON units(parent_id, id);
CREATE INDEX units_path ON units(path);

CREATE TABLE estate_profiles (
  unit_id INTEGER PRIMARY KEY REFERENCES units(id),
  address TEXT NOT NULL DEFAULT '',
  built_year INTEGER,
  service_mode TEXT NOT NULL DEFAULT 'none',
  updated_at BIGINT NOT NULL
);

CREATE TABLE buildings (
  id INTEGER PRIMARY KEY,
  estate_id INTEGER NOT NULL REFERENCES units(id),
  name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (estate_id, name)
);

CREATE TABLE entrances (
  id INTEGER PRIMARY KEY,
  building_id INTEGER NOT NULL REFERENCES buildings(id),
  name TEXT NOT NULL,
  UNIQUE (building_id, name)
);

CREATE TABLE households (
  id INTEGER PRIMARY KEY,
  estate_id INTEGER NOT NULL REFERENCES units(id),
  building_id INTEGER NOT NULL REFERENCES buildings(id),
  entrance_id INTEGER NOT NULL REFERENCES entrances(id),
  floor INTEGER NOT NULL,
  floor_label TEXT NOT NULL,
  room TEXT NOT NULL,
  area_centi BIGINT NOT NULL,
  area_source TEXT NOT NULL,
  delivered INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (entrance_id, floor_label, room)
);
CREATE INDEX households_estate ON households(estate_id, building_id, entrance_id, floor, room);

CREATE TABLE owners (
  id INTEGER PRIMARY KEY,
  estate_id INTEGER NOT NULL REFERENCES units(id),
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  phone TEXT,
  identity_key TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (estate_id, identity_key)
);

CREATE TABLE ownerships (
  household_id INTEGER NOT NULL REFERENCES households(id),
  owner_id INTEGER NOT NULL REFERENCES owners(id),
  PRIMARY KEY (household_id, owner_id)
);
CREATE INDEX ownerships_owner ON ownerships(owner_id);

CREATE TABLE party_orgs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  parent_id INTEGER REFERENCES party_orgs(id),
  function TEXT,
  building_id INTEGER REFERENCES buildings(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX party_orgs_unit ON party_orgs(unit_id);

CREATE TABLE committees (
  id INTEGER PRIMARY KEY,
  estate_id INTEGER NOT NULL REFERENCES units(id),
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  term_start TEXT NOT NULL,
  term_end TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX committees_estate ON committees(estate_id);

CREATE TABLE property_companies (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  credit_code TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);

CREATE TABLE property_contracts (
  id INTEGER PRIMARY KEY,
  estate_id INTEGER NOT NULL REFERENCES units(id),
  company_id INTEGER NOT NULL REFERENCES property_companies(id),
  scope TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX property_contracts_estate ON property_contracts(estate_id);

CREATE TABLE people (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  name TEXT NOT NULL,
  phone TEXT,
  household_id INTEGER REFERENCES households(id),
  id_number_enc TEXT,
  id_number_index TEXT,
  party_enc TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX people_unit ON people(unit_id, id);
CREATE INDEX people_phone ON people(phone);

CREATE TABLE posts (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  post TEXT NOT NULL,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  party_org_id INTEGER REFERENCES party_orgs(id),
  committee_id INTEGER REFERENCES committees(id),
  building_id INTEGER REFERENCES buildings(id),
  start_date TEXT NOT NULL,
  end_date TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX posts_unit ON posts(unit_id, end_date);
CREATE INDEX posts_person ON posts(person_id);

CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  phone TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  person_id INTEGER REFERENCES people(id),
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);

CREATE TABLE account_roles (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  role TEXT NOT NULL,
  unit_id INTEGER REFERENCES units(id),
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX account_roles_unique ON account_roles(account_id, role, COALESCE(unit_id, 0));

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_account ON sessions(account_id);

CREATE TABLE login_failures (
  id INTEGER PRIMARY KEY,
  phone TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX login_failures_phone ON login_failures(phone, at);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at BIGINT NOT NULL,
  actor_id INTEGER,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id BIGINT,
  unit_path TEXT NOT NULL DEFAULT '/',
  before_json TEXT,
  after_json TEXT
);
CREATE INDEX audit_log_path ON audit_log(unit_path, id);
