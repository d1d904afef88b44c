-- +goose Up
-- Members and residents carry their organization's path, so that a scoped
-- count or list reads one index range instead of joining every row to its
-- organization (residents through their grid). The org package rewrites
-- these copies when a subtree moves; member transfers and grid changes set
-- them. C collation, as orgs.path, lets PostgreSQL serve "org_path LIKE '/1/5/%'" from the btree index.
ALTER TABLE members ADD COLUMN org_path TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE members SET org_path = (SELECT path FROM orgs WHERE orgs.id = members.org_id);
ALTER TABLE residents ADD COLUMN org_path TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE residents SET org_path = (SELECT o.path FROM grids g JOIN orgs o ON o.id = g.org_id WHERE g.id = residents.grid_id);

-- The roster's counts and filters read only this index; its page is sorted
-- from it too.
CREATE INDEX members_scope ON members(org_path, status, ethnicity, name, name_key);
-- The roll's figures (on the roll at a date, joined, full, mobile, without
-- a post) read only this one.
CREATE INDEX members_roll ON members(org_path, entered_on, left_on, joined_on, category, full_on, mobile, has_post);
-- These served lists that now read the scope index; every index costs
-- each imported row a B-tree insert, and the status-only one lured the
-- planner away from the scope index.
DROP INDEX members_status;
DROP INDEX members_org;
DROP INDEX members_name_key;
-- Residents on record at a date, by household and age, per subtree.
CREATE INDEX residents_scope ON residents(org_path, household_id, moved_in, moved_out, birth_date);

-- +goose Down
DROP INDEX residents_scope;
CREATE INDEX members_name_key ON members(name_key, id);
CREATE INDEX members_org ON members(org_id, name_key);
CREATE INDEX members_status ON members(status);
DROP INDEX members_roll;
DROP INDEX members_scope;
ALTER TABLE residents DROP COLUMN org_path;
ALTER TABLE members DROP COLUMN org_path;
