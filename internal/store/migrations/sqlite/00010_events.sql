-- +goose Up
-- Grassroots governance, second half: livelihood events (民生事件) with
-- their steps, photos and the residents' evaluations, and the monthly
-- appraisal of grid workers (网格员绩效考评).

-- Categories of events and the time limit of each stage in hours: the
-- stage is the status the event waits in (reported → accept, accepted →
-- dispatch, dispatched → handle, handled → verify, verified → close).
CREATE TABLE event_categories (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL UNIQUE,
    accept_hours   INTEGER NOT NULL,
    dispatch_hours INTEGER NOT NULL,
    handle_hours   INTEGER NOT NULL,
    verify_hours   INTEGER NOT NULL,
    close_hours    INTEGER NOT NULL,
    active         BOOLEAN NOT NULL DEFAULT TRUE,
    sort           INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
INSERT INTO event_categories (code, name, accept_hours, dispatch_hours, handle_hours, verify_hours, close_hours, sort, created_at, updated_at) VALUES
    ('infra', '市政设施', 2, 4, 72, 24, 24, 10, 0, 0),
    ('env', '环境卫生', 2, 4, 48, 24, 24, 20, 0, 0),
    ('dispute', '邻里纠纷', 2, 8, 120, 24, 24, 30, 0, 0),
    ('property', '物业管理', 4, 8, 96, 24, 24, 40, 0, 0),
    ('safety', '安全隐患', 1, 2, 24, 12, 12, 50, 0, 0),
    ('welfare', '民生救助', 4, 8, 120, 24, 24, 60, 0, 0),
    ('other', '其他事项', 4, 8, 120, 24, 24, 90, 0, 0);

-- An event. org_id is the community (or village) where it happened and
-- decides scope; handler_org_id is who is to handle it now (dispatch,
-- reassignment, escalation). code is the resident's tracking code. Stage
-- clock: stage_at is when the current stage began, warn_at when 80% of its
-- limit has passed, due_at its limit; late records that some stage ended
-- after its limit (the on-time rate counts events closed without it).
CREATE TABLE events (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,
    org_id          INTEGER NOT NULL REFERENCES orgs(id),
    grid_id         INTEGER REFERENCES grids(id),
    category_id     INTEGER NOT NULL REFERENCES event_categories(id),
    place           TEXT NOT NULL,
    description     TEXT NOT NULL,
    -- grid, public, phone, walkin
    source          TEXT NOT NULL,
    reporter_name   TEXT NOT NULL DEFAULT '',
    phone_enc       TEXT NOT NULL DEFAULT '',
    phone_mask      TEXT NOT NULL DEFAULT '',
    reported_by     INTEGER NOT NULL DEFAULT 0,
    worker_id       INTEGER REFERENCES grid_workers(id),
    reported_at     INTEGER NOT NULL,
    status          TEXT NOT NULL,
    handler_org_id  INTEGER REFERENCES orgs(id),
    handler_dept    TEXT NOT NULL DEFAULT '',
    stage_at        INTEGER NOT NULL,
    warn_at         INTEGER NOT NULL,
    due_at          INTEGER NOT NULL,
    late            BOOLEAN NOT NULL DEFAULT FALSE,
    reopened        BOOLEAN NOT NULL DEFAULT FALSE,
    closed_at       INTEGER NOT NULL DEFAULT 0,
    -- the standing evaluation: satisfied, basic, unsatisfied or ''
    rating          TEXT NOT NULL DEFAULT '',
    rated_at        INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX events_org ON events(org_id, reported_at);
CREATE INDEX events_reported ON events(reported_at);
CREATE INDEX events_grid ON events(grid_id, reported_at);
CREATE INDEX events_status_due ON events(status, due_at);
CREATE INDEX events_closed ON events(closed_at);
CREATE INDEX events_worker ON events(worker_id, reported_at);
CREATE INDEX events_category ON events(category_id, reported_at);

-- Every step: who, when, what.
CREATE TABLE event_steps (
    id             INTEGER PRIMARY KEY,
    event_id       INTEGER NOT NULL REFERENCES events(id),
    action         TEXT NOT NULL,
    from_status    TEXT NOT NULL DEFAULT '',
    to_status      TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    handler_org_id INTEGER REFERENCES orgs(id),
    handler_dept   TEXT NOT NULL DEFAULT '',
    late           BOOLEAN NOT NULL DEFAULT FALSE,
    actor_id       INTEGER NOT NULL DEFAULT 0,
    actor          TEXT NOT NULL,
    at             INTEGER NOT NULL
);
CREATE INDEX event_steps_event ON event_steps(event_id, id);

-- Photos: the files live under the data directory, named by their SHA-256;
-- here is what they are and which case (and step) they belong to.
CREATE TABLE event_photos (
    id           INTEGER PRIMARY KEY,
    event_id     INTEGER NOT NULL REFERENCES events(id),
    step_id      INTEGER REFERENCES event_steps(id),
    sha256       TEXT NOT NULL,
    content_type TEXT NOT NULL,
    bytes        INTEGER NOT NULL,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE UNIQUE INDEX event_photos_event_sha ON event_photos(event_id, sha256);

-- The residents' evaluations; 不满意 reopens a case once (round 1), the
-- second evaluation (round 2) is final.
CREATE TABLE event_evaluations (
    id         INTEGER PRIMARY KEY,
    event_id   INTEGER NOT NULL REFERENCES events(id),
    round      INTEGER NOT NULL,
    rating     TEXT NOT NULL,
    comment    TEXT NOT NULL DEFAULT '',
    -- public (by tracking code) or staff (recorded from a phone call)
    channel    TEXT NOT NULL,
    actor      TEXT NOT NULL,
    at         INTEGER NOT NULL
);
CREATE UNIQUE INDEX event_evaluations_round ON event_evaluations(event_id, round);

-- Appraisal schemes, versioned by month: a scheme applies from month_from
-- until the next scheme's month. Quotas and rewards per grade (fen).
CREATE TABLE appraisal_schemes (
    id               INTEGER PRIMARY KEY,
    month_from       TEXT NOT NULL UNIQUE,
    name             TEXT NOT NULL,
    excellent_quota  INTEGER NOT NULL,
    good_quota       INTEGER NOT NULL,
    pass_score       INTEGER NOT NULL,
    reward_excellent INTEGER NOT NULL DEFAULT 0,
    reward_good      INTEGER NOT NULL DEFAULT 0,
    reward_pass      INTEGER NOT NULL DEFAULT 0,
    created_by       TEXT NOT NULL DEFAULT '',
    created_at       INTEGER NOT NULL
);

-- Items of a scheme: computed from records (visits, events_reported,
-- events_on_time, satisfaction) or scored by the community (manual).
-- weight in percent; target is the count that earns full marks.
CREATE TABLE appraisal_items (
    id        INTEGER PRIMARY KEY,
    scheme_id INTEGER NOT NULL REFERENCES appraisal_schemes(id),
    code      TEXT NOT NULL,
    name      TEXT NOT NULL,
    source    TEXT NOT NULL,
    weight    INTEGER NOT NULL,
    target    INTEGER NOT NULL DEFAULT 0,
    sort      INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX appraisal_items_code ON appraisal_items(scheme_id, code);
-- The first scheme: 12 优秀 and 30 良好 a month, 60 points to pass,
-- 500 and 200 yuan; later versions start from a later month.
INSERT INTO appraisal_schemes (month_from, name, excellent_quota, good_quota, pass_score, reward_excellent, reward_good, reward_pass, created_by, created_at)
    VALUES ('2000-01', '城市社区网格员绩效考评方案', 12, 30, 60, 50000, 20000, 0, 'system', 0);
INSERT INTO appraisal_items (scheme_id, code, name, source, weight, target, sort) VALUES
    (1, 'visits', '入户走访', 'visits', 30, 20, 10),
    (1, 'reported', '上报民生事件', 'events_reported', 20, 5, 20),
    (1, 'on_time', '事件按时办结', 'events_on_time', 20, 0, 30),
    (1, 'satisfaction', '群众满意度', 'satisfaction', 20, 0, 40),
    (1, 'community', '社区评分', 'manual', 10, 0, 50);

-- One appraisal month of the grid workers under org_id.
CREATE TABLE appraisal_months (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    month        TEXT NOT NULL,
    scheme_id    INTEGER NOT NULL REFERENCES appraisal_schemes(id),
    -- draft, reviewed, published
    status       TEXT NOT NULL,
    computed_at  INTEGER NOT NULL DEFAULT 0,
    reviewed_by  TEXT NOT NULL DEFAULT '',
    reviewed_at  INTEGER NOT NULL DEFAULT 0,
    published_by TEXT NOT NULL DEFAULT '',
    published_at INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE UNIQUE INDEX appraisal_months_org_month ON appraisal_months(org_id, month);
CREATE INDEX appraisal_months_month ON appraisal_months(month, status);

-- Item scores: score in hundredths of a point (0–10000); raw is the
-- counted value (visits, events, or per-mille for rates).
CREATE TABLE appraisal_scores (
    id         INTEGER PRIMARY KEY,
    month_id   INTEGER NOT NULL REFERENCES appraisal_months(id),
    worker_id  INTEGER NOT NULL REFERENCES grid_workers(id),
    item_id    INTEGER NOT NULL REFERENCES appraisal_items(id),
    raw        INTEGER NOT NULL DEFAULT 0,
    score      INTEGER NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    entered_by TEXT NOT NULL DEFAULT '',
    entered_at INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX appraisal_scores_cell ON appraisal_scores(month_id, worker_id, item_id);

-- A worker's result of a month: total (hundredths), rank, grade and the
-- reward ledger (amount in fen, paid or not).
CREATE TABLE appraisal_results (
    id          INTEGER PRIMARY KEY,
    month_id    INTEGER NOT NULL REFERENCES appraisal_months(id),
    worker_id   INTEGER NOT NULL REFERENCES grid_workers(id),
    grid_id     INTEGER NOT NULL REFERENCES grids(id),
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    worker_name TEXT NOT NULL,
    total       INTEGER NOT NULL,
    rank        INTEGER NOT NULL,
    grade       TEXT NOT NULL,
    reward      INTEGER NOT NULL DEFAULT 0,
    paid        BOOLEAN NOT NULL DEFAULT FALSE,
    paid_on     TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX appraisal_results_worker ON appraisal_results(month_id, worker_id);
CREATE INDEX appraisal_results_org ON appraisal_results(org_id, month_id);

-- Corrections of a published month, each with its reason.
CREATE TABLE appraisal_adjustments (
    id         INTEGER PRIMARY KEY,
    month_id   INTEGER NOT NULL REFERENCES appraisal_months(id),
    worker_id  INTEGER NOT NULL REFERENCES grid_workers(id),
    field      TEXT NOT NULL,
    before_val TEXT NOT NULL,
    after_val  TEXT NOT NULL,
    reason     TEXT NOT NULL,
    actor_id   INTEGER NOT NULL DEFAULT 0,
    actor      TEXT NOT NULL,
    at         INTEGER NOT NULL
);
CREATE INDEX appraisal_adjustments_month ON appraisal_adjustments(month_id, worker_id);

-- +goose Down
DROP TABLE appraisal_adjustments;
DROP TABLE appraisal_results;
DROP TABLE appraisal_scores;
DROP TABLE appraisal_months;
DROP TABLE appraisal_items;
DROP TABLE appraisal_schemes;
DROP TABLE event_evaluations;
DROP TABLE event_photos;
DROP TABLE event_steps;
DROP TABLE events;
DROP TABLE event_categories;
