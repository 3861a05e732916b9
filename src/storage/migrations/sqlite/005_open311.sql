-- Open311 GeoReport v2 clients (docs/APPEALS.md): one API key each, kept only as its digest
-- (the key is shown once, when issued). A client may be limited to one estate. A revoked
-- client stays: the appeals it filed and the audit log still name it.
CREATE TABLE open311_clients (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  key_digest TEXT NOT NULL UNIQUE,
  estate_id INTEGER REFERENCES units(id),
  created_by INTEGER REFERENCES accounts(id),
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);
CREATE INDEX open311_clients_estate ON open311_clients(estate_id);
