-- A sort key per household (domain/org/household_order.hpp) so that a page of an estate's
-- households is read from an index instead of sorting the whole estate.
ALTER TABLE households ADD COLUMN sort_key TEXT NOT NULL DEFAULT '';
UPDATE households SET sort_key =
  (SELECT printf('%03d%s|%03d%s|%04d|%03d%s', length(b.name), b.name, length(e.name), e.name,
                 households.floor + 1000, length(households.room), households.room)
     FROM buildings b, entrances e
    WHERE b.id = households.building_id AND e.id = households.entrance_id);
CREATE INDEX households_order ON households(estate_id, sort_key);

-- Maintained figures of an estate's household list: a version bumped by every change to its
-- households or owners (readers key caches on it) and the household count.
ALTER TABLE estate_profiles ADD COLUMN households_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE estate_profiles ADD COLUMN household_count BIGINT NOT NULL DEFAULT 0;
UPDATE estate_profiles SET household_count =
  (SELECT COUNT(*) FROM households h WHERE h.estate_id = estate_profiles.unit_id);
