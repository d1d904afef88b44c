-- +goose Up
-- The roster's name search looks up the two-character pieces of names
-- instead of testing every member's name in scope: each member has a row
-- per distinct pair of adjacent characters of the name. The member package
-- keeps it with the name (insert, import, edit); a search of two or more
-- characters reads the rows of its first pair and then tests the whole
-- query on those members only. It is a derived index, so it carries no
-- foreign key (members are never deleted; a key would make deleting
-- members in bulk scan it).
CREATE TABLE member_grams (
    gram      TEXT NOT NULL,
    member_id INTEGER NOT NULL,
    PRIMARY KEY (gram, member_id)
) WITHOUT ROWID;
WITH RECURSIVE pairs(id, name, i) AS (
    SELECT id, name, 1 FROM members WHERE length(name) >= 2
    UNION ALL
    SELECT id, name, i + 1 FROM pairs WHERE i + 2 <= length(name)
)
INSERT INTO member_grams (gram, member_id) SELECT DISTINCT substr(name, i, 2), id FROM pairs;

-- Every filter of the roster and every figure of the roll reads its
-- columns from this one index, so a count with any filter is one pass over
-- the scope's range. It takes the place of the roll's own index: each index
-- costs every imported row a B-tree insert, and the two began alike.
DROP INDEX members_scope;
DROP INDEX members_roll;
CREATE INDEX members_scope ON members(org_path, status, ethnicity, gender, education, category, birth_date, mobile, has_post,
    entered_on, left_on, joined_on, full_on, name, name_key);
-- A page of a large scope walks the roster in pinyin order and stops after
-- it; the member package chooses it only when the matches are dense
-- enough for the walk to end soon.
CREATE INDEX members_pinyin ON members(name_key, org_path, status);
-- Minority members (少数民族党员) are a standing figure of Party
-- statistics, so the ethnicity filter counts from, and pages in pinyin
-- order from, a range of its own.
CREATE INDEX members_ethnicity ON members(ethnicity, name_key, org_path, status);

-- +goose Down
DROP INDEX members_ethnicity;
DROP INDEX members_pinyin;
DROP INDEX members_scope;
CREATE INDEX members_scope ON members(org_path, status, ethnicity, name, name_key);
CREATE INDEX members_roll ON members(org_path, entered_on, left_on, joined_on, category, full_on, mobile, has_post);
DROP TABLE member_grams;
