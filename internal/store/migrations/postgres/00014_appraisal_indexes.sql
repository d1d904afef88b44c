-- +goose Up
-- The monthly appraisal counts, for every grid worker, the month's visits
-- and the events of the worker's grid closed in the month: without these,
-- each count scans the whole ledger.
CREATE INDEX resident_visits_worker ON resident_visits(worker_id, visited_on);
CREATE INDEX events_grid_closed ON events(grid_id, closed_at);

-- +goose Down
DROP INDEX events_grid_closed;
DROP INDEX resident_visits_worker;
