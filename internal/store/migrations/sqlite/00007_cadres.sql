-- +goose Up
-- Cadres (干部): the roster with sealed ID numbers and its appointment
-- history, promotions, the young-cadre reserve pool, training (classes,
-- attendance, exams, learning), supervision (12380 reports, personal-matter
-- reports and their verification draws, inspections, publicity), a small
-- register of documents, and the personnel archives (干部人事档案).

CREATE TABLE cadres (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),
    name           TEXT NOT NULL,
    gender         TEXT NOT NULL,
    ethnicity      TEXT NOT NULL DEFAULT '',
    birth_date     TEXT NOT NULL,
    id_enc         TEXT NOT NULL,
    id_hash        TEXT NOT NULL,
    id_mask        TEXT NOT NULL,
    position       TEXT NOT NULL DEFAULT '',
    grade          TEXT NOT NULL DEFAULT '',
    post_since     TEXT NOT NULL DEFAULT '',
    grade_since     TEXT NOT NULL DEFAULT '',
    work_since     TEXT NOT NULL DEFAULT '',
    party_since    TEXT NOT NULL DEFAULT '',
    edu_fulltime   TEXT NOT NULL DEFAULT '',
    edu_inservice  TEXT NOT NULL DEFAULT '',
    political      TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL,
    left_on        TEXT NOT NULL DEFAULT '',
    note           TEXT NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE UNIQUE INDEX cadres_id_hash ON cadres(id_hash);
CREATE INDEX cadres_org ON cadres(org_id, status);

-- Appointment and removal history (任免经历).
CREATE TABLE cadre_posts (
    id         INTEGER PRIMARY KEY,
    cadre_id   INTEGER NOT NULL REFERENCES cadres(id),
    kind       TEXT NOT NULL,
    on_date    TEXT NOT NULL,
    position   TEXT NOT NULL DEFAULT '',
    grade      TEXT NOT NULL DEFAULT '',
    doc_no     TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    actor      TEXT NOT NULL DEFAULT '',
    at         INTEGER NOT NULL
);
CREATE INDEX cadre_posts_cadre ON cadre_posts(cadre_id, on_date);

-- 提拔 / 重用 / 职级晋升. age is the cadre's age in whole years on
-- promoted_on, from the birth date of the ID number; org_id is the unit at
-- the time (the scope).
CREATE TABLE cadre_promotions (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    cadre_id     INTEGER NOT NULL REFERENCES cadres(id),
    kind         TEXT NOT NULL,
    promoted_on  TEXT NOT NULL,
    from_post    TEXT NOT NULL DEFAULT '',
    to_post      TEXT NOT NULL,
    basis        TEXT NOT NULL DEFAULT '',
    doc_no       TEXT NOT NULL DEFAULT '',
    age          INTEGER NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX cadre_promotions_on ON cadre_promotions(promoted_on);
CREATE INDEX cadre_promotions_cadre ON cadre_promotions(cadre_id);

-- 优秀年轻干部储备库: nomination → review → in the pool → exit.
CREATE TABLE cadre_reserve (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    cadre_id      INTEGER NOT NULL REFERENCES cadres(id),
    status        TEXT NOT NULL,
    nominated_on  TEXT NOT NULL,
    nominated_by  TEXT NOT NULL DEFAULT '',
    reviewed_on   TEXT NOT NULL DEFAULT '',
    review_note   TEXT NOT NULL DEFAULT '',
    entered_on    TEXT NOT NULL DEFAULT '',
    exited_on     TEXT NOT NULL DEFAULT '',
    exit_reason   TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX cadre_reserve_cadre ON cadre_reserve(cadre_id);
CREATE INDEX cadre_reserve_dates ON cadre_reserve(entered_on, exited_on);

-- Documents issued under a programme (配套文件).
CREATE TABLE cadre_documents (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    title      TEXT NOT NULL,
    doc_no     TEXT NOT NULL DEFAULT '',
    issued_on  TEXT NOT NULL,
    programme  TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX cadre_documents_issued ON cadre_documents(issued_on);

-- Training classes; young marks a 中青年干部培训班. hours in tenths.
CREATE TABLE cadre_classes (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    name        TEXT NOT NULL,
    mode        TEXT NOT NULL,
    young       BOOLEAN NOT NULL DEFAULT FALSE,
    started_on  TEXT NOT NULL,
    ended_on    TEXT NOT NULL DEFAULT '',
    hours       INTEGER NOT NULL DEFAULT 0,
    place       TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX cadre_classes_started ON cadre_classes(started_on);

-- One attendance of a class: a cadre of the roster or someone by name.
CREATE TABLE cadre_attendees (
    id         INTEGER PRIMARY KEY,
    class_id   INTEGER NOT NULL REFERENCES cadre_classes(id),
    cadre_id   INTEGER REFERENCES cadres(id),
    name       TEXT NOT NULL,
    unit       TEXT NOT NULL DEFAULT '',
    hours      INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX cadre_attendees_class ON cadre_attendees(class_id);
CREATE INDEX cadre_attendees_cadre ON cadre_attendees(cadre_id);

-- Exams (e.g. 双推双考双评) and their scores (tenths).
CREATE TABLE cadre_exams (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL DEFAULT '',
    held_on     TEXT NOT NULL,
    full_score  INTEGER NOT NULL DEFAULT 1000,
    pass_score  INTEGER NOT NULL DEFAULT 600,
    note        TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE TABLE cadre_scores (
    id         INTEGER PRIMARY KEY,
    exam_id    INTEGER NOT NULL REFERENCES cadre_exams(id),
    cadre_id   INTEGER REFERENCES cadres(id),
    name       TEXT NOT NULL,
    score      INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX cadre_scores_exam ON cadre_scores(exam_id);

-- Reading and online learning of a cadre; hours in tenths.
CREATE TABLE cadre_learning (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    cadre_id   INTEGER NOT NULL REFERENCES cadres(id),
    mode       TEXT NOT NULL,
    title      TEXT NOT NULL,
    on_date    TEXT NOT NULL,
    hours      INTEGER NOT NULL DEFAULT 0,
    note       TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX cadre_learning_cadre ON cadre_learning(cadre_id, on_date);

-- 12380 duty roster: who answers on which date and shift.
CREATE TABLE sup_duty (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    on_date    TEXT NOT NULL,
    shift      TEXT NOT NULL,
    person     TEXT NOT NULL,
    phone      TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX sup_duty_date ON sup_duty(on_date);

-- 12380 reports. The reporter's identity is sealed in reporter_enc (name,
-- phone, ID number as JSON) and is read only by the supervision role.
CREATE TABLE sup_reports (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    code          TEXT NOT NULL,
    channel       TEXT NOT NULL,
    received_at   INTEGER NOT NULL,
    subject_name  TEXT NOT NULL,
    subject_unit  TEXT NOT NULL DEFAULT '',
    category      TEXT NOT NULL,
    content       TEXT NOT NULL,
    reporter_enc  TEXT NOT NULL DEFAULT '',
    anonymous     BOOLEAN NOT NULL DEFAULT FALSE,
    status        TEXT NOT NULL,
    assignee      TEXT NOT NULL DEFAULT '',
    due_on        TEXT NOT NULL,
    conclusion    TEXT NOT NULL DEFAULT '',
    concluded_on  TEXT NOT NULL DEFAULT '',
    reply         TEXT NOT NULL DEFAULT '',
    replied_on    TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE UNIQUE INDEX sup_reports_code ON sup_reports(code);
CREATE INDEX sup_reports_status ON sup_reports(status, due_on);

CREATE TABLE sup_report_events (
    id         INTEGER PRIMARY KEY,
    report_id  INTEGER NOT NULL REFERENCES sup_reports(id),
    kind       TEXT NOT NULL,
    detail     TEXT NOT NULL DEFAULT '',
    actor      TEXT NOT NULL DEFAULT '',
    at         INTEGER NOT NULL
);
CREATE INDEX sup_report_events_report ON sup_report_events(report_id);

-- 个人有关事项报告: one submission per cadre and year, and its check.
CREATE TABLE sup_matters (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    cadre_id      INTEGER NOT NULL REFERENCES cadres(id),
    year          INTEGER NOT NULL,
    submitted_on  TEXT NOT NULL,
    kind          TEXT NOT NULL,
    result        TEXT NOT NULL DEFAULT '',
    verified_on   TEXT NOT NULL DEFAULT '',
    consequence   TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    draw_id       BIGINT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE UNIQUE INDEX sup_matters_uniq ON sup_matters(cadre_id, year);

-- A random draw for verification (抽查核实): the seed, the population (as
-- the sorted submission ids) and the sample size are kept, so the draw can
-- be re-run and compared.
CREATE TABLE sup_draws (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    year         INTEGER NOT NULL,
    seed         TEXT NOT NULL,
    sample_size  INTEGER NOT NULL,
    population   TEXT NOT NULL,
    selected     TEXT NOT NULL,
    drawn_by     TEXT NOT NULL,
    drawn_at     INTEGER NOT NULL
);

-- Inspections of units (监督检查), the units inspected and problems found.
CREATE TABLE sup_inspections (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    title       TEXT NOT NULL,
    topic       TEXT NOT NULL DEFAULT '',
    started_on  TEXT NOT NULL,
    ended_on    TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX sup_inspections_started ON sup_inspections(started_on);
CREATE TABLE sup_inspected_units (
    id             INTEGER PRIMARY KEY,
    inspection_id  INTEGER NOT NULL REFERENCES sup_inspections(id),
    unit_name      TEXT NOT NULL,
    inspected_on   TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX sup_inspected_units_insp ON sup_inspected_units(inspection_id);
CREATE TABLE sup_problems (
    id             INTEGER PRIMARY KEY,
    inspection_id  INTEGER NOT NULL REFERENCES sup_inspections(id),
    unit_name      TEXT NOT NULL,
    problem        TEXT NOT NULL,
    measure        TEXT NOT NULL DEFAULT '',
    deadline       TEXT NOT NULL,
    rectified_on   TEXT NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX sup_problems_insp ON sup_problems(inspection_id);

-- Publicity articles (e.g. “公务员那些事儿” on the WeChat account).
CREATE TABLE sup_publicity (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    title         TEXT NOT NULL,
    series        TEXT NOT NULL DEFAULT '',
    channel       TEXT NOT NULL DEFAULT '',
    published_on  TEXT NOT NULL,
    reads         INTEGER NOT NULL DEFAULT 0,
    note          TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX sup_publicity_published ON sup_publicity(published_on);

-- Personnel archives (干部人事档案): one file per cadre, its materials, its
-- reading and lending requests, transfers out and custody checks.
CREATE TABLE pa_files (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    cadre_id     INTEGER NOT NULL REFERENCES cadres(id),
    shelf_no     TEXT NOT NULL,
    status       TEXT NOT NULL,
    received_on  TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE UNIQUE INDEX pa_files_cadre ON pa_files(cadre_id);
CREATE TABLE pa_materials (
    id           INTEGER PRIMARY KEY,
    file_id      INTEGER NOT NULL REFERENCES pa_files(id),
    category     TEXT NOT NULL,
    title        TEXT NOT NULL,
    received_on  TEXT NOT NULL,
    filed_on     TEXT NOT NULL DEFAULT '',
    pages        INTEGER NOT NULL DEFAULT 0,
    note         TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX pa_materials_file ON pa_materials(file_id);
CREATE TABLE pa_requests (
    id             INTEGER PRIMARY KEY,
    file_id        INTEGER NOT NULL REFERENCES pa_files(id),
    kind           TEXT NOT NULL,
    requester_id   BIGINT NOT NULL,
    requester      TEXT NOT NULL,
    purpose        TEXT NOT NULL,
    status         TEXT NOT NULL,
    requested_at   INTEGER NOT NULL,
    decided_by     TEXT NOT NULL DEFAULT '',
    decided_at     INTEGER NOT NULL DEFAULT 0,
    decision_note  TEXT NOT NULL DEFAULT '',
    due_on         TEXT NOT NULL DEFAULT '',
    returned_on    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX pa_requests_file ON pa_requests(file_id, status);
CREATE TABLE pa_transfers (
    id          INTEGER PRIMARY KEY,
    file_id     INTEGER NOT NULL REFERENCES pa_files(id),
    to_unit     TEXT NOT NULL,
    sent_on     TEXT NOT NULL,
    receipt_no  TEXT NOT NULL DEFAULT '',
    receipt_on  TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX pa_transfers_file ON pa_transfers(file_id);
CREATE TABLE pa_checks (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    checked_on    TEXT NOT NULL,
    checker       TEXT NOT NULL,
    files_checked INTEGER NOT NULL DEFAULT 0,
    problems      TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

-- +goose Down
DROP TABLE pa_checks;
DROP TABLE pa_transfers;
DROP TABLE pa_requests;
DROP TABLE pa_materials;
DROP TABLE pa_files;
DROP TABLE sup_publicity;
DROP TABLE sup_problems;
DROP TABLE sup_inspected_units;
DROP TABLE sup_inspections;
DROP TABLE sup_draws;
DROP TABLE sup_matters;
DROP TABLE sup_report_events;
DROP TABLE sup_reports;
DROP TABLE sup_duty;
DROP TABLE cadre_learning;
DROP TABLE cadre_scores;
DROP TABLE cadre_exams;
DROP TABLE cadre_attendees;
DROP TABLE cadre_classes;
DROP TABLE cadre_documents;
DROP TABLE cadre_reserve;
DROP TABLE cadre_promotions;
DROP TABLE cadre_posts;
DROP TABLE cadres;
