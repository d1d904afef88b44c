-- +goose Up
-- The front-line ledgers of an emergency (疫情防控一线): task forces and
-- volunteer teams, the task records of temporary branches, deployments of
-- members and cadres, and screening records.

-- 工作专班 (kind 'taskforce') and 志愿者服务队 (kind 'volunteer'), owned by
-- the organization that set them up.
CREATE TABLE frontline_teams (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    kind       TEXT NOT NULL,
    name       TEXT NOT NULL,
    purpose    TEXT NOT NULL DEFAULT '',
    leader     TEXT NOT NULL DEFAULT '',
    founded_on TEXT NOT NULL,
    ended_on   TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX frontline_teams_org ON frontline_teams(org_id, kind);
CREATE INDEX frontline_teams_founded ON frontline_teams(kind, founded_on);

-- A team's people: Party members of the roll (member_id) or others by name.
CREATE TABLE frontline_team_members (
    id         INTEGER PRIMARY KEY,
    team_id    INTEGER NOT NULL REFERENCES frontline_teams(id),
    member_id  INTEGER REFERENCES members(id),
    name       TEXT NOT NULL,
    duty       TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX frontline_team_members_team ON frontline_team_members(team_id);

-- The task behind a temporary branch (an organization of kind 'temp'); its
-- founding (the start) and dissolution stay on the organization itself.
CREATE TABLE temp_branches (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL UNIQUE REFERENCES orgs(id),
    task        TEXT NOT NULL,
    planned_end TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);

CREATE TABLE temp_branch_members (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),
    member_id      INTEGER NOT NULL REFERENCES members(id),
    duty           TEXT NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL
);
CREATE UNIQUE INDEX temp_branch_members_uniq ON temp_branch_members(org_id, member_id);

-- 下沉: a person sent by an organization (org_id, the scope) to a community
-- or post. id_hash is the keyed hash of the identity number (copied from
-- the member roll for members), so one person counts once however many
-- deployments.
CREATE TABLE deployments (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    member_id   INTEGER REFERENCES members(id),
    name        TEXT NOT NULL,
    id_enc      TEXT NOT NULL,
    id_hash     TEXT NOT NULL,
    id_mask     TEXT NOT NULL,
    from_unit   TEXT NOT NULL DEFAULT '',
    to_org_id   INTEGER REFERENCES orgs(id),
    to_place    TEXT NOT NULL DEFAULT '',
    post        TEXT NOT NULL DEFAULT '',
    started_on  TEXT NOT NULL,
    ended_on    TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX deployments_org ON deployments(org_id, started_on);
CREATE INDEX deployments_person ON deployments(id_hash);
CREATE INDEX deployments_span ON deployments(started_on, ended_on);

-- 排查: one screening, with the number of persons screened.
CREATE TABLE screenings (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    screened_on TEXT NOT NULL,
    place       TEXT NOT NULL,
    team_id     INTEGER REFERENCES frontline_teams(id),
    persons     INTEGER NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    created_by  INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX screenings_org ON screenings(org_id, screened_on);
CREATE INDEX screenings_date ON screenings(screened_on);

-- +goose Down
DROP TABLE screenings;
DROP TABLE deployments;
DROP TABLE temp_branch_members;
DROP TABLE temp_branches;
DROP TABLE frontline_team_members;
DROP TABLE frontline_teams;
