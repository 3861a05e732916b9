-- A sort key per household (domain/org/household_order.hpp) so that a page of an estate's
-- households is read from an index instead of sorting the whole estate. COLLATE "C": the key
-- is compared bytewise, as SQLite does.
ALTER TABLE households ADD COLUMN sort_key TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE households h SET sort_key =
  lpad(length(b.name)::text, 3, '0') || b.name || '|' || lpad(length(e.name)::text, 3, '0') ||
  e.name || '|' || lpad((h.floor + 1000)::text, 4, '0') || '|' ||
  lpad(length(h.room)::text, 3, '0') || h.room
  FROM buildings b, entrances e
 WHERE b.id = h.building_id AND e.id = h.entrance_id;
CREATE INDEX households_order ON households(estate_id, sort_key);

-- Maintained figures of an estate's household list: a version bumped by every change to its
-- households or owners (readers key caches on it) and the household count.
ALTER TABLE estate_profiles ADD COLUMN households_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE estate_profiles ADD COLUMN household_count BIGINT NOT NULL DEFAULT 0;
UPDATE estate_profiles SET household_count =
  (SELECT COUNT(*) FROM households h WHERE h.estate_id = estate_profiles.unit_id);
