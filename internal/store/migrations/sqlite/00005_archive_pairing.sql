-- +goose Up
-- 无职党员档案: archives of members without posts kept by the archive
-- centre. The person is linked to the roster when on it (member_id);
-- otherwise name and ID number stand alone, the number sealed (*_enc),
-- hashed for lookup (*_hash) and masked for lists (*_mask).
CREATE TABLE archives (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),
    member_id      INTEGER REFERENCES members(id),
    name           TEXT NOT NULL,
    gender         TEXT NOT NULL DEFAULT '',
    birth_date     TEXT NOT NULL DEFAULT '',
    id_enc         TEXT NOT NULL,
    id_hash        TEXT NOT NULL,
    id_mask        TEXT NOT NULL,
    received_on    TEXT NOT NULL,
    received_from  TEXT NOT NULL,
    receiver       TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL,
    shelf_no       TEXT NOT NULL DEFAULT '',
    filed_on       TEXT NOT NULL DEFAULT '',
    transferred_on TEXT NOT NULL DEFAULT '',
    transferred_to TEXT NOT NULL DEFAULT '',
    receipt_no     TEXT NOT NULL DEFAULT '',
    note           TEXT NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX archives_org ON archives(org_id, received_on);
CREATE INDEX archives_received ON archives(received_on);
CREATE INDEX archives_status ON archives(status);
CREATE INDEX archives_member ON archives(member_id);
-- One archive per person while the centre holds it.
CREATE UNIQUE INDEX archives_held ON archives(id_hash) WHERE status <> 'transferred';

-- 材料清单: the materials an archive holds.
CREATE TABLE archive_materials (
    id         INTEGER PRIMARY KEY,
    archive_id INTEGER NOT NULL REFERENCES archives(id),
    name       TEXT NOT NULL,
    copies     INTEGER NOT NULL,
    sort       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX archive_materials_archive ON archive_materials(archive_id, sort);

-- 借阅: every loan; an open loan has no returned_on.
CREATE TABLE archive_loans (
    id            INTEGER PRIMARY KEY,
    archive_id    INTEGER NOT NULL REFERENCES archives(id),
    borrower      TEXT NOT NULL,
    borrower_unit TEXT NOT NULL DEFAULT '',
    purpose       TEXT NOT NULL,
    lent_on       TEXT NOT NULL,
    due_on        TEXT NOT NULL,
    returned_on   TEXT NOT NULL DEFAULT '',
    lent_by       TEXT NOT NULL DEFAULT '',
    returned_by   TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL
);
CREATE INDEX archive_loans_archive ON archive_loans(archive_id, id);
CREATE INDEX archive_loans_open ON archive_loans(returned_on, due_on);

-- Every step of an archive's workflow, with who and when.
CREATE TABLE archive_events (
    id          INTEGER PRIMARY KEY,
    archive_id  INTEGER NOT NULL REFERENCES archives(id),
    action      TEXT NOT NULL,
    from_status TEXT NOT NULL DEFAULT '',
    to_status   TEXT NOT NULL,
    on_date     TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '',
    actor_id    INTEGER NOT NULL DEFAULT 0,
    actor       TEXT NOT NULL DEFAULT '',
    at          INTEGER NOT NULL
);
CREATE INDEX archive_events_archive ON archive_events(archive_id, id);

-- 双报到 结对共建: an organization paired with a street (and optionally one
-- of its communities).
CREATE TABLE pairings (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    street_id    INTEGER NOT NULL REFERENCES orgs(id),
    community_id INTEGER REFERENCES orgs(id),
    started_on   TEXT NOT NULL,
    ended_on     TEXT NOT NULL DEFAULT '',
    agreement    TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE UNIQUE INDEX pairings_pair ON pairings(org_id, street_id);
CREATE INDEX pairings_street ON pairings(street_id);
CREATE INDEX pairings_started ON pairings(started_on);

CREATE TABLE pairing_activities (
    id           INTEGER PRIMARY KEY,
    pairing_id   INTEGER NOT NULL REFERENCES pairings(id),
    held_on      TEXT NOT NULL,
    title        TEXT NOT NULL,
    participants INTEGER NOT NULL DEFAULT 0,
    note         TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL
);
CREATE INDEX pairing_activities_pairing ON pairing_activities(pairing_id, held_on);

-- 双报到 党员到社区报到: a member registered at their residential community.
CREATE TABLE member_registrations (
    id            INTEGER PRIMARY KEY,
    member_id     INTEGER NOT NULL REFERENCES members(id),
    community_id  INTEGER NOT NULL REFERENCES orgs(id),
    registered_on TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE UNIQUE INDEX member_registrations_pair ON member_registrations(member_id, community_id);
CREATE INDEX member_registrations_community ON member_registrations(community_id, registered_on);
CREATE INDEX member_registrations_on ON member_registrations(registered_on);

CREATE TABLE registration_activities (
    id              INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES member_registrations(id),
    held_on         TEXT NOT NULL,
    title           TEXT NOT NULL,
    minutes         INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL
);
CREATE INDEX registration_activities_reg ON registration_activities(registration_id, held_on);

-- +goose Down
DROP TABLE registration_activities;
DROP TABLE member_registrations;
DROP TABLE pairing_activities;
DROP TABLE pairings;
DROP TABLE archive_events;
DROP TABLE archive_loans;
DROP TABLE archive_materials;
DROP TABLE archives;
