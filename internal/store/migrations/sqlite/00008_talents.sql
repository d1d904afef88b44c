-- +goose Up
-- The talent work of the Organization Department's 人才办 (引、育、留):
-- talents and the reserve pool, leads from outside the region, the
-- order-based training plan, enterprise demands and recruitments, subsidies,
-- reading groups and courses, return-home service stations and their
-- cases, publicity, and the department's documents. Every record hangs on
-- an organization (org_id) so that scope is the organization's path.

-- 人才: a person of the talent ledger. Phone and identity number are sealed
-- (enc), hashed for lookup (hash) and kept masked for lists (mask).
CREATE TABLE talents (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    name          TEXT NOT NULL,
    gender        TEXT NOT NULL DEFAULT '',
    birth_date    TEXT NOT NULL DEFAULT '',
    specialty     TEXT NOT NULL,
    education     TEXT NOT NULL DEFAULT '',
    employer      TEXT NOT NULL DEFAULT '',
    title         TEXT NOT NULL DEFAULT '',
    origin        TEXT NOT NULL,
    outside_place TEXT NOT NULL DEFAULT '',
    returnee      BOOLEAN NOT NULL DEFAULT FALSE,
    phone_enc     TEXT NOT NULL DEFAULT '',
    phone_hash    TEXT NOT NULL DEFAULT '',
    phone_mask    TEXT NOT NULL DEFAULT '',
    id_enc        TEXT NOT NULL DEFAULT '',
    id_hash       TEXT NOT NULL DEFAULT '',
    id_mask       TEXT NOT NULL DEFAULT '',
    tags          TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX talents_org ON talents(org_id);
CREATE INDEX talents_phone ON talents(phone_hash);
CREATE INDEX talents_id ON talents(id_hash);

-- 人才储备库: entries into and exits from the reserve pool.
CREATE TABLE talent_pool (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    talent_id   INTEGER NOT NULL REFERENCES talents(id),
    entered_on  TEXT NOT NULL,
    source      TEXT NOT NULL DEFAULT '',
    left_on     TEXT NOT NULL DEFAULT '',
    exit_reason TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX talent_pool_talent ON talent_pool(talent_id);
CREATE INDEX talent_pool_span ON talent_pool(entered_on, left_on);

-- 域外人才信息: leads collected on talents from outside the region, which
-- can be converted into a talent and a pool entry (talent_id).
CREATE TABLE talent_leads (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    name         TEXT NOT NULL,
    phone_enc    TEXT NOT NULL DEFAULT '',
    phone_hash   TEXT NOT NULL DEFAULT '',
    phone_mask   TEXT NOT NULL DEFAULT '',
    specialty    TEXT NOT NULL,
    location     TEXT NOT NULL,
    employer     TEXT NOT NULL DEFAULT '',
    hometown     TEXT NOT NULL DEFAULT '',
    channel      TEXT NOT NULL DEFAULT '',
    collected_on TEXT NOT NULL,
    status       TEXT NOT NULL,
    talent_id    INTEGER REFERENCES talents(id),
    note         TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX talent_leads_org ON talent_leads(org_id, collected_on);

-- 农科生"订单式"培养: positions collected for the plan of a year.
CREATE TABLE talent_orders (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    plan_year    INTEGER NOT NULL,
    category     TEXT NOT NULL,
    position     TEXT NOT NULL,
    employer     TEXT NOT NULL,
    places       INTEGER NOT NULL,
    matched      INTEGER NOT NULL DEFAULT 0,
    progress     TEXT NOT NULL,
    collected_on TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX talent_orders_org ON talent_orders(org_id, collected_on);

-- 人才服务企业月: visits to enterprises.
CREATE TABLE talent_visits (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    enterprise    TEXT NOT NULL,
    visited_on    TEXT NOT NULL,
    visitors      TEXT NOT NULL,
    findings      TEXT NOT NULL DEFAULT '',
    demands_found INTEGER NOT NULL DEFAULT 0,
    note          TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX talent_visits_org ON talent_visits(org_id, visited_on);

-- 人才引进需求台账 and 招才引智 positions: what an enterprise asks for.
CREATE TABLE talent_demands (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    enterprise   TEXT NOT NULL,
    position     TEXT NOT NULL,
    headcount    INTEGER NOT NULL,
    specialty    TEXT NOT NULL DEFAULT '',
    requirements TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL,
    raised_on    TEXT NOT NULL,
    status       TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX talent_demands_org ON talent_demands(org_id, raised_on);

-- 招才引智引进人员: a talent recruited, for a demand when there was one.
CREATE TABLE talent_recruits (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    talent_id    INTEGER NOT NULL REFERENCES talents(id),
    demand_id    INTEGER REFERENCES talent_demands(id),
    enterprise   TEXT NOT NULL,
    position     TEXT NOT NULL,
    recruited_on TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX talent_recruits_talent ON talent_recruits(talent_id);
CREATE INDEX talent_recruits_demand ON talent_recruits(demand_id);

-- 人才补贴: applied, approved (or rejected), then paid; amount in fen.
CREATE TABLE talent_subsidies (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    talent_id   INTEGER NOT NULL REFERENCES talents(id),
    kind        TEXT NOT NULL,
    span        TEXT NOT NULL DEFAULT '',
    amount      BIGINT NOT NULL,
    applied_on  TEXT NOT NULL,
    status      TEXT NOT NULL,
    approved_on TEXT NOT NULL DEFAULT '',
    approved_by TEXT NOT NULL DEFAULT '',
    paid_on     TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX talent_subsidies_talent ON talent_subsidies(talent_id);
CREATE INDEX talent_subsidies_paid ON talent_subsidies(kind, paid_on);

-- 读书群 and 培训群, their members and the books pushed.
CREATE TABLE talent_groups (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    online     BOOLEAN NOT NULL DEFAULT TRUE,
    founded_on TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE talent_group_members (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    group_id   INTEGER NOT NULL REFERENCES talent_groups(id),
    talent_id  INTEGER NOT NULL REFERENCES talents(id),
    joined_on  TEXT NOT NULL,
    left_on    TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX talent_group_members_group ON talent_group_members(group_id);
CREATE INDEX talent_group_members_talent ON talent_group_members(talent_id);

CREATE TABLE talent_pushes (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    group_id   INTEGER NOT NULL REFERENCES talent_groups(id),
    pushed_on  TEXT NOT NULL,
    books      TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX talent_pushes_group ON talent_pushes(group_id);

-- Online courses, broadcasts and offline classes, with play counts.
CREATE TABLE talent_courses (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    title      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    platform   TEXT NOT NULL DEFAULT '',
    held_on    TEXT NOT NULL,
    plays      INTEGER NOT NULL DEFAULT 0,
    attendees  INTEGER NOT NULL DEFAULT 0,
    note       TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX talent_courses_org ON talent_courses(org_id, held_on);

-- 返乡创业服务站: org_id is where the station stands.
CREATE TABLE talent_stations (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    name       TEXT NOT NULL,
    site_kind  TEXT NOT NULL,
    address    TEXT NOT NULL DEFAULT '',
    contact    TEXT NOT NULL DEFAULT '',
    founded_on TEXT NOT NULL,
    closed_on  TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX talent_stations_org ON talent_stations(org_id);

-- A returnee served by a station and the problem raised, until solved.
CREATE TABLE talent_cases (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    station_id INTEGER NOT NULL REFERENCES talent_stations(id),
    returnee   TEXT NOT NULL,
    talent_id  INTEGER REFERENCES talents(id),
    raised_on  TEXT NOT NULL,
    problem    TEXT NOT NULL,
    solved_on  TEXT NOT NULL DEFAULT '',
    solution   TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX talent_cases_station ON talent_cases(station_id);
CREATE INDEX talent_cases_solved ON talent_cases(solved_on);

-- 返乡品: publicity of a (returnee) talent.
CREATE TABLE talent_features (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    talent_id    INTEGER NOT NULL REFERENCES talents(id),
    published_on TEXT NOT NULL,
    title        TEXT NOT NULL,
    channel      TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX talent_features_talent ON talent_features(talent_id);

-- The department's document register (人才工作要点, 工作规则, 三年规划 …).
CREATE TABLE talent_documents (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    title      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    doc_no     TEXT NOT NULL DEFAULT '',
    issuer     TEXT NOT NULL DEFAULT '',
    issued_on  TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX talent_documents_org ON talent_documents(org_id, issued_on);

-- +goose Down
DROP TABLE talent_documents;
DROP TABLE talent_features;
DROP TABLE talent_cases;
DROP TABLE talent_stations;
DROP TABLE talent_courses;
DROP TABLE talent_pushes;
DROP TABLE talent_group_members;
DROP TABLE talent_groups;
DROP TABLE talent_subsidies;
DROP TABLE talent_recruits;
DROP TABLE talent_demands;
DROP TABLE talent_visits;
DROP TABLE talent_orders;
DROP TABLE talent_leads;
DROP TABLE talent_pool;
DROP TABLE talents;
