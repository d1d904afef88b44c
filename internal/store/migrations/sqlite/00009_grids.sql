-- +goose Up
-- Grassroots governance, first half: grids (网格) under communities and
-- villages, their workers, the households and residents they hold, the tags
-- governance works by, visits, and the service sites (党群服务中心, 暖心驿站 …).
-- Everything scopes through grids.org_id → orgs.path.
CREATE TABLE grids (
    id           INTEGER PRIMARY KEY,
    -- the community or village organization the grid belongs to
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    code         TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    -- households on the grid's register as the community declares it;
    -- the households table holds those entered one by one
    households   INTEGER NOT NULL DEFAULT 0,
    -- the Party group (or branch) that covers the grid, when there is one
    party_org_id INTEGER REFERENCES orgs(id),
    boundary     TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    active       BOOLEAN NOT NULL DEFAULT TRUE,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX grids_org ON grids(org_id, code);
CREATE INDEX grids_party_org ON grids(party_org_id);

-- Grid workers (网格员). user_id is the account the worker signs in with
-- (role grid); a worker sees only the grids where until = ''.
CREATE TABLE grid_workers (
    id          INTEGER PRIMARY KEY,
    grid_id     INTEGER NOT NULL REFERENCES grids(id),
    user_id     INTEGER REFERENCES users(id),
    member_id   INTEGER REFERENCES members(id),
    name        TEXT NOT NULL,
    phone_enc   TEXT NOT NULL DEFAULT '',
    phone_hash  TEXT NOT NULL DEFAULT '',
    phone_mask  TEXT NOT NULL DEFAULT '',
    -- 专职 or 兼职 (full / part)
    kind        TEXT NOT NULL,
    since       TEXT NOT NULL,
    until       TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX grid_workers_grid ON grid_workers(grid_id, until);
CREATE INDEX grid_workers_user ON grid_workers(user_id, until);

-- Service sites: 党群服务中心, 暖心驿站 and others, with where, when and what.
CREATE TABLE service_sites (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    kind        TEXT NOT NULL,
    name        TEXT NOT NULL,
    address     TEXT NOT NULL,
    hours       TEXT NOT NULL DEFAULT '',
    -- one service a line
    services    TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    area_sqm    INTEGER NOT NULL DEFAULT 0,
    opened_on   TEXT NOT NULL DEFAULT '',
    closed_on   TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX service_sites_org ON service_sites(org_id, kind);
CREATE INDEX service_sites_kind ON service_sites(kind, opened_on);

-- Households (户) in a grid; code is the household number on the grid's
-- register, unique within the grid.
CREATE TABLE households (
    id          INTEGER PRIMARY KEY,
    grid_id     INTEGER NOT NULL REFERENCES grids(id),
    code        TEXT NOT NULL,
    address     TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX households_grid_code ON households(grid_id, code);

-- Residents. ID numbers and phones sealed as for members (*_enc), keyed hash
-- for exact lookup and duplicates (*_hash), masked form for lists (*_mask).
-- grid_id repeats the household's grid so scope filters need no extra join.
CREATE TABLE residents (
    id           INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households(id),
    grid_id      INTEGER NOT NULL REFERENCES grids(id),
    name         TEXT NOT NULL,
    -- hex of the pinyin collation key, as members.name_key
    name_key     TEXT NOT NULL,
    -- 与户主关系: 户主, 配偶, 子女 …
    relation     TEXT NOT NULL DEFAULT '',
    gender       TEXT NOT NULL,
    ethnicity    TEXT NOT NULL DEFAULT '',
    birth_date   TEXT NOT NULL,
    id_enc       TEXT NOT NULL,
    id_hash      TEXT NOT NULL,
    id_mask      TEXT NOT NULL,
    phone_enc    TEXT NOT NULL DEFAULT '',
    phone_hash   TEXT NOT NULL DEFAULT '',
    phone_mask   TEXT NOT NULL DEFAULT '',
    -- 户籍地址 when it differs from the household's address
    address      TEXT NOT NULL DEFAULT '',
    moved_in     TEXT NOT NULL,
    moved_out    TEXT NOT NULL DEFAULT '',
    -- active, moved, deceased
    status       TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE UNIQUE INDEX residents_id_hash ON residents(id_hash);
CREATE INDEX residents_grid ON residents(grid_id, name_key);
CREATE INDEX residents_household ON residents(household_id);
CREATE INDEX residents_name_key ON residents(name_key, id);
CREATE INDEX residents_phone_hash ON residents(phone_hash);
CREATE INDEX residents_birth ON residents(birth_date);

-- The tags governance works by; staff add and disable them.
CREATE TABLE resident_tags (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    sort        INTEGER NOT NULL DEFAULT 0,
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  INTEGER NOT NULL
);
INSERT INTO resident_tags (name, sort, active, created_at) VALUES
    ('低保', 10, TRUE, 0), ('特困', 20, TRUE, 0), ('独居老人', 30, TRUE, 0),
    ('残疾人', 40, TRUE, 0), ('退役军人', 50, TRUE, 0), ('留守儿童', 60, TRUE, 0),
    ('重点人员', 70, TRUE, 0);

CREATE TABLE resident_tag_links (
    resident_id INTEGER NOT NULL REFERENCES residents(id),
    tag_id      INTEGER NOT NULL REFERENCES resident_tags(id),
    since       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (resident_id, tag_id)
);
CREATE INDEX resident_tag_links_tag ON resident_tag_links(tag_id, resident_id);

-- Visits (走访) by a grid worker to a household or one resident.
CREATE TABLE resident_visits (
    id           INTEGER PRIMARY KEY,
    grid_id      INTEGER NOT NULL REFERENCES grids(id),
    household_id INTEGER REFERENCES households(id),
    resident_id  INTEGER REFERENCES residents(id),
    worker_id    INTEGER REFERENCES grid_workers(id),
    visited_on   TEXT NOT NULL,
    -- 入户走访, 电话联系, 集中接待 …
    method       TEXT NOT NULL,
    notes        TEXT NOT NULL,
    follow_up    TEXT NOT NULL DEFAULT '',
    created_by   INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX resident_visits_grid ON resident_visits(grid_id, visited_on);
CREATE INDEX resident_visits_household ON resident_visits(household_id, visited_on);
CREATE INDEX resident_visits_resident ON resident_visits(resident_id, visited_on);

-- +goose Down
DROP TABLE resident_visits;
DROP TABLE resident_tag_links;
DROP TABLE resident_tags;
DROP TABLE residents;
DROP TABLE households;
DROP TABLE service_sites;
DROP TABLE grid_workers;
DROP TABLE grids;
