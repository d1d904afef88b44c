-- +goose Up
-- 党支部标准体系 (BT): a versioned checklist; each month a branch
-- assesses itself against the version in force, its guidance group reviews,
-- and the score gives the month's light by the version's thresholds.
CREATE TABLE bt_checklists (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL,
    version        INTEGER NOT NULL,
    -- the first month (YYYY-MM) the version is in force; the latest
    -- version whose month is not after a month governs that month.
    effective_from TEXT NOT NULL,
    green_min      INTEGER NOT NULL, -- percent of the full score
    yellow_min     INTEGER NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE UNIQUE INDEX bt_checklists_version ON bt_checklists(version);
CREATE UNIQUE INDEX bt_checklists_from ON bt_checklists(effective_from);

CREATE TABLE bt_items (
    id           INTEGER PRIMARY KEY,
    checklist_id INTEGER NOT NULL REFERENCES bt_checklists(id),
    sort         INTEGER NOT NULL DEFAULT 0,
    category     TEXT NOT NULL DEFAULT '',
    title        TEXT NOT NULL,
    weight       INTEGER NOT NULL,
    evidence     TEXT NOT NULL DEFAULT '' -- what evidence the item needs; '' for none
);
CREATE INDEX bt_items_checklist ON bt_items(checklist_id, sort);

-- 指导组: users (staff or committee) who review the branches assigned to them.
CREATE TABLE bt_groups (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES orgs(id), -- the organization that set it up
    name       TEXT NOT NULL,
    leader     TEXT NOT NULL DEFAULT '',
    set_up_on  TEXT NOT NULL, -- 组建日期
    note       TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX bt_groups_name ON bt_groups(name);
CREATE INDEX bt_groups_org ON bt_groups(org_id);

CREATE TABLE bt_group_members (
    group_id INTEGER NOT NULL REFERENCES bt_groups(id),
    user_id  INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX bt_group_members_user ON bt_group_members(user_id);

-- A branch is reviewed by one group.
CREATE TABLE bt_group_branches (
    group_id INTEGER NOT NULL REFERENCES bt_groups(id),
    org_id   INTEGER NOT NULL REFERENCES orgs(id),
    PRIMARY KEY (group_id, org_id)
);
CREATE UNIQUE INDEX bt_group_branches_org ON bt_group_branches(org_id);

-- One assessment per branch and month: draft → submitted → reviewed (or
-- returned) → published. A published assessment is frozen.
CREATE TABLE bt_assessments (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    month        TEXT NOT NULL,
    checklist_id INTEGER NOT NULL REFERENCES bt_checklists(id),
    status       TEXT NOT NULL,
    self_score   INTEGER NOT NULL DEFAULT 0,
    score        INTEGER NOT NULL DEFAULT 0,
    full_score   INTEGER NOT NULL DEFAULT 0,
    light        TEXT NOT NULL DEFAULT '',
    self_note    TEXT NOT NULL DEFAULT '',
    review_note  TEXT NOT NULL DEFAULT '',
    submitted_by TEXT NOT NULL DEFAULT '',
    submitted_at INTEGER NOT NULL DEFAULT 0,
    reviewed_by  TEXT NOT NULL DEFAULT '',
    reviewed_at  INTEGER NOT NULL DEFAULT 0,
    published    BOOLEAN NOT NULL DEFAULT FALSE,
    published_at INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE UNIQUE INDEX bt_assessments_branch_month ON bt_assessments(org_id, month);
CREATE INDEX bt_assessments_month ON bt_assessments(month, published, light);

CREATE TABLE bt_scores (
    assessment_id INTEGER NOT NULL REFERENCES bt_assessments(id),
    item_id       INTEGER NOT NULL REFERENCES bt_items(id),
    self_score    INTEGER NOT NULL,
    score         INTEGER NOT NULL,
    evidence      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (assessment_id, item_id)
);

-- 整改: opened by a red or yellow light for every item that lost points;
-- closed with who, when and how.
CREATE TABLE bt_rectifications (
    id            INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES bt_assessments(id),
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    item_id       INTEGER REFERENCES bt_items(id),
    problem       TEXT NOT NULL,
    due_on        TEXT NOT NULL,
    closed        BOOLEAN NOT NULL DEFAULT FALSE,
    closed_on     TEXT NOT NULL DEFAULT '',
    measure       TEXT NOT NULL DEFAULT '',
    closed_by     TEXT NOT NULL DEFAULT '',
    closed_at     INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
);
CREATE INDEX bt_rectifications_org ON bt_rectifications(org_id, closed);
CREATE INDEX bt_rectifications_assessment ON bt_rectifications(assessment_id);

-- Changes to a published (frozen) assessment.
CREATE TABLE bt_adjustments (
    id            INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES bt_assessments(id),
    old_score     INTEGER NOT NULL,
    new_score     INTEGER NOT NULL,
    old_light     TEXT NOT NULL,
    new_light     TEXT NOT NULL,
    reason        TEXT NOT NULL,
    actor         TEXT NOT NULL,
    at            INTEGER NOT NULL
);
CREATE INDEX bt_adjustments_assessment ON bt_adjustments(assessment_id);

-- 五星级 village Party organization creation standard: the items of each star.
CREATE TABLE star_items (
    id         INTEGER PRIMARY KEY,
    star       INTEGER NOT NULL,
    sort       INTEGER NOT NULL DEFAULT 0,
    title      TEXT NOT NULL,
    criteria   TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX star_items_star ON star_items(star, sort);

-- 四优 quarterly evaluations: criteria, candidate branches, reviewers and
-- their scores; the ranking and the 十佳 are frozen on publication.
CREATE TABLE rating_evaluations (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    year         INTEGER NOT NULL,
    quarter      INTEGER NOT NULL,
    title        TEXT NOT NULL,
    top_n        INTEGER NOT NULL,
    status       TEXT NOT NULL, -- open, published
    note         TEXT NOT NULL DEFAULT '',
    published_by TEXT NOT NULL DEFAULT '',
    published_at INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE UNIQUE INDEX rating_evaluations_quarter ON rating_evaluations(org_id, year, quarter);

CREATE TABLE rating_criteria (
    id            INTEGER PRIMARY KEY,
    evaluation_id INTEGER NOT NULL REFERENCES rating_evaluations(id),
    sort          INTEGER NOT NULL DEFAULT 0,
    title         TEXT NOT NULL,
    max_score     INTEGER NOT NULL
);
CREATE INDEX rating_criteria_evaluation ON rating_criteria(evaluation_id, sort);

CREATE TABLE rating_candidates (
    id            INTEGER PRIMARY KEY,
    evaluation_id INTEGER NOT NULL REFERENCES rating_evaluations(id),
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    -- frozen at publication: total in hundredths of a point, rank, 十佳
    total         INTEGER NOT NULL DEFAULT 0,
    rank          INTEGER NOT NULL DEFAULT 0,
    top           BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE UNIQUE INDEX rating_candidates_org ON rating_candidates(evaluation_id, org_id);
CREATE INDEX rating_candidates_top ON rating_candidates(org_id, top);

CREATE TABLE rating_reviewers (
    evaluation_id INTEGER NOT NULL REFERENCES rating_evaluations(id),
    user_id       INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (evaluation_id, user_id)
);

CREATE TABLE rating_scores (
    candidate_id INTEGER NOT NULL REFERENCES rating_candidates(id),
    criterion_id INTEGER NOT NULL REFERENCES rating_criteria(id),
    reviewer_id  INTEGER NOT NULL REFERENCES users(id),
    score        INTEGER NOT NULL,
    at           INTEGER NOT NULL,
    PRIMARY KEY (candidate_id, criterion_id, reviewer_id)
);

CREATE TABLE rating_adjustments (
    id            INTEGER PRIMARY KEY,
    evaluation_id INTEGER NOT NULL REFERENCES rating_evaluations(id),
    candidate_id  INTEGER NOT NULL REFERENCES rating_candidates(id),
    old_top       BOOLEAN NOT NULL,
    new_top       BOOLEAN NOT NULL,
    reason        TEXT NOT NULL,
    actor         TEXT NOT NULL,
    at            INTEGER NOT NULL
);
CREATE INDEX rating_adjustments_evaluation ON rating_adjustments(evaluation_id);

-- Assessment schemes (考核方案, e.g. 红领筑基): aspects → tasks → checklist
-- items, assigned to organizations, with completion per organization.
CREATE TABLE schemes (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    name       TEXT NOT NULL,
    starts_on  TEXT NOT NULL,
    ends_on    TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX schemes_org ON schemes(org_id, starts_on);

CREATE TABLE scheme_aspects (
    id        INTEGER PRIMARY KEY,
    scheme_id INTEGER NOT NULL REFERENCES schemes(id),
    sort      INTEGER NOT NULL DEFAULT 0,
    title     TEXT NOT NULL
);
CREATE INDEX scheme_aspects_scheme ON scheme_aspects(scheme_id, sort);

CREATE TABLE scheme_tasks (
    id        INTEGER PRIMARY KEY,
    aspect_id INTEGER NOT NULL REFERENCES scheme_aspects(id),
    sort      INTEGER NOT NULL DEFAULT 0,
    title     TEXT NOT NULL
);
CREATE INDEX scheme_tasks_aspect ON scheme_tasks(aspect_id, sort);

CREATE TABLE scheme_items (
    id      INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL REFERENCES scheme_tasks(id),
    sort    INTEGER NOT NULL DEFAULT 0,
    title   TEXT NOT NULL
);
CREATE INDEX scheme_items_task ON scheme_items(task_id, sort);

CREATE TABLE scheme_assignments (
    scheme_id INTEGER NOT NULL REFERENCES schemes(id),
    org_id    INTEGER NOT NULL REFERENCES orgs(id),
    PRIMARY KEY (scheme_id, org_id)
);
CREATE INDEX scheme_assignments_org ON scheme_assignments(org_id);

CREATE TABLE scheme_completions (
    item_id  INTEGER NOT NULL REFERENCES scheme_items(id),
    org_id   INTEGER NOT NULL REFERENCES orgs(id),
    done_on  TEXT NOT NULL,
    evidence TEXT NOT NULL DEFAULT '',
    actor    TEXT NOT NULL,
    at       INTEGER NOT NULL,
    PRIMARY KEY (item_id, org_id)
);
CREATE INDEX scheme_completions_org ON scheme_completions(org_id);

-- Work plans (工作方案, e.g. 基层建设年): key tasks → measures with owners,
-- deadlines and progress.
CREATE TABLE plans (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    name       TEXT NOT NULL,
    year       INTEGER NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX plans_org ON plans(org_id, year);

CREATE TABLE plan_tasks (
    id      INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    sort    INTEGER NOT NULL DEFAULT 0,
    title   TEXT NOT NULL
);
CREATE INDEX plan_tasks_plan ON plan_tasks(plan_id, sort);

CREATE TABLE plan_measures (
    id         INTEGER PRIMARY KEY,
    task_id    INTEGER NOT NULL REFERENCES plan_tasks(id),
    sort       INTEGER NOT NULL DEFAULT 0,
    title      TEXT NOT NULL,
    owner      TEXT NOT NULL,
    deadline   TEXT NOT NULL,
    progress   INTEGER NOT NULL DEFAULT 0, -- percent
    status_note TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL
);
CREATE INDEX plan_measures_task ON plan_measures(task_id, sort);

-- +goose Down
DROP TABLE plan_measures;
DROP TABLE plan_tasks;
DROP TABLE plans;
DROP TABLE scheme_completions;
DROP TABLE scheme_assignments;
DROP TABLE scheme_items;
DROP TABLE scheme_tasks;
DROP TABLE scheme_aspects;
DROP TABLE schemes;
DROP TABLE rating_adjustments;
DROP TABLE rating_scores;
DROP TABLE rating_reviewers;
DROP TABLE rating_candidates;
DROP TABLE rating_criteria;
DROP TABLE rating_evaluations;
DROP TABLE star_items;
DROP TABLE bt_adjustments;
DROP TABLE bt_rectifications;
DROP TABLE bt_scores;
DROP TABLE bt_assessments;
DROP TABLE bt_group_branches;
DROP TABLE bt_group_members;
DROP TABLE bt_groups;
DROP TABLE bt_items;
DROP TABLE bt_checklists;
