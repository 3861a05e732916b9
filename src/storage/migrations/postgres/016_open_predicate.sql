-- The partial indexes of open problems say "open" as four equalities joined by OR instead of
-- status IN (four values). SQLite evaluates an IN list of more than two values through a
-- temporary table, built afresh for each of the three predicates on every insert and update of a
-- problem (a filing built three); the ORs are plain comparisons. Queries that use these indexes
-- write the same expression (storage/repos/appeals.cpp, kOpen), as a partial index serves only
-- a query whose WHERE contains its predicate.
DROP INDEX appeals_open_estate;
DROP INDEX appeals_open_resolve;
DROP INDEX appeals_open_respond;
CREATE INDEX appeals_open_estate ON appeals(estate_id, id)
  WHERE (status = 'submitted' OR status = 'accepted' OR status = 'in_progress'
    OR status = 'returned');
CREATE INDEX appeals_open_resolve ON appeals(resolve_by)
  WHERE (status = 'submitted' OR status = 'accepted' OR status = 'in_progress'
    OR status = 'returned') AND overdue_marked = 0;
CREATE INDEX appeals_open_respond ON appeals(respond_by)
  WHERE (status = 'submitted' OR status = 'accepted' OR status = 'in_progress'
    OR status = 'returned') AND overdue_marked = 0 AND responded_at IS NULL;
