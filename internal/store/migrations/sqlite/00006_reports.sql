-- +goose Up
-- Report templates are versioned: an edit adds a version, none is changed.
CREATE TABLE report_templates (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    version    INTEGER NOT NULL,
    body       TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX report_templates_version ON report_templates(name, version);

-- Every generated report records the template version and the moment of
-- the data that produced it, and the figures it printed.
CREATE TABLE report_runs (
    id           INTEGER PRIMARY KEY,
    template_id  INTEGER NOT NULL REFERENCES report_templates(id),
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    period       TEXT NOT NULL,
    format       TEXT NOT NULL,
    user_id      INTEGER NOT NULL DEFAULT 0,
    generated_at INTEGER NOT NULL,
    figures      TEXT NOT NULL
);
CREATE INDEX report_runs_org ON report_runs(org_id);

-- +goose Down
DROP TABLE report_runs;
DROP TABLE report_templates;
