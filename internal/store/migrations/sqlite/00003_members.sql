-- +goose Up
-- The Party member roster. ID numbers and phones are sealed with the key
-- outside the database (*_enc), with a keyed hash for exact lookup and
-- duplicate detection (*_hash) and the masked form shown in lists (*_mask).
CREATE TABLE members (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    name        TEXT NOT NULL,
    -- hex of the pinyin collation key (x/text/collate, language.Chinese),
    -- so that ORDER BY name_key sorts by pinyin on both databases.
    name_key    TEXT NOT NULL,
    gender      TEXT NOT NULL,
    ethnicity   TEXT NOT NULL,
    birth_date  TEXT NOT NULL,
    id_enc      TEXT NOT NULL,
    id_hash     TEXT NOT NULL,
    id_mask     TEXT NOT NULL,
    phone_enc   TEXT NOT NULL DEFAULT '',
    phone_hash  TEXT NOT NULL DEFAULT '',
    phone_mask  TEXT NOT NULL DEFAULT '',
    education   TEXT NOT NULL DEFAULT '',
    occupation  TEXT NOT NULL DEFAULT '',
    joined_on   TEXT NOT NULL,
    full_on     TEXT NOT NULL DEFAULT '',
    category    TEXT NOT NULL,
    has_post    BOOLEAN NOT NULL DEFAULT FALSE,
    post        TEXT NOT NULL DEFAULT '',
    mobile      BOOLEAN NOT NULL DEFAULT FALSE,
    mobile_to   TEXT NOT NULL DEFAULT '',
    community   TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL,
    -- the dates the member came onto and went off this city's roll, so a
    -- roll can be counted at any past date.
    entered_on  TEXT NOT NULL,
    left_on     TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX members_id_hash ON members(id_hash);
CREATE INDEX members_org ON members(org_id, name_key);
CREATE INDEX members_name_key ON members(name_key, id);
CREATE INDEX members_phone_hash ON members(phone_hash);
CREATE INDEX members_status ON members(status);

-- A member's history: every change of status, category, post and
-- organization, in order.
CREATE TABLE member_events (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id),
    kind        TEXT NOT NULL,
    on_date     TEXT NOT NULL,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    other_org   TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT '',
    actor_id    INTEGER NOT NULL DEFAULT 0,
    actor       TEXT NOT NULL DEFAULT '',
    at          INTEGER NOT NULL
);
CREATE INDEX member_events_member ON member_events(member_id, at);

-- 组织关系转接: inside the system (to_org_id set) the receiving
-- organization accepts or returns; to or from outside (external) it is
-- recorded as done.
CREATE TABLE member_transfers (
    id            INTEGER PRIMARY KEY,
    member_id     INTEGER NOT NULL REFERENCES members(id),
    direction     TEXT NOT NULL,
    from_org_id   INTEGER REFERENCES orgs(id),
    to_org_id     INTEGER REFERENCES orgs(id),
    external      TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    return_reason TEXT NOT NULL DEFAULT '',
    started_on    TEXT NOT NULL,
    decided_on    TEXT NOT NULL DEFAULT '',
    created_by    INTEGER NOT NULL DEFAULT 0,
    decided_by    INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX member_transfers_member ON member_transfers(member_id);
CREATE INDEX member_transfers_from ON member_transfers(from_org_id, status);
CREATE INDEX member_transfers_to ON member_transfers(to_org_id, status);

-- +goose Down
DROP TABLE member_transfers;
DROP TABLE member_events;
DROP TABLE members;
