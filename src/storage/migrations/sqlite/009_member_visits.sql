-- Pairing and door-knocking (issue 4, docs/MEMBER_VISITS.md): a member holds one active pairing
-- with a household or an entrance at a time (ended pairings keep their history), and the
-- indexes the pages read by: households paired, visits under a unit's path, a visitor's visits.
CREATE UNIQUE INDEX pairings_active_household ON pairings(registration_id, household_id)
  WHERE ended_at IS NULL AND kind = 'household';
CREATE UNIQUE INDEX pairings_active_entrance ON pairings(registration_id, entrance_id)
  WHERE ended_at IS NULL AND kind = 'entrance';
CREATE INDEX pairings_household ON pairings(household_id) WHERE ended_at IS NULL;
CREATE INDEX visits_path ON visits(estate_path, visited_on);
CREATE INDEX visits_visitor ON visits(visitor_account_id, visited_on);
CREATE INDEX visit_rounds_building ON visit_rounds(building_id);
CREATE INDEX pairings_entrance ON pairings(entrance_id) WHERE ended_at IS NULL;
CREATE INDEX member_registrations_home ON member_registrations(household_id, status);
