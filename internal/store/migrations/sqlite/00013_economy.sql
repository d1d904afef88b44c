-- +goose Up
-- The village economy and its partners: 党支部领办合作社 and their union
-- (联合社), the collective income of villages, and the partners of the
-- villages (校地合作, 中组部专项资金 …) with construction projects.
-- Money is in fen; floor area in whole square metres.

-- 党支部领办合作社联合社, kept on its own Party organization (the union's
-- 党委, or the township that set it up).
CREATE TABLE coop_unions (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    name        TEXT NOT NULL,
    credit_code TEXT NOT NULL DEFAULT '',
    founded_on  TEXT NOT NULL,
    chair       TEXT NOT NULL DEFAULT '',
    business    TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX coop_unions_org ON coop_unions(org_id);

-- 党支部领办合作社: led by one village branch (org_id, one cooperative per
-- branch), a member of a union from joined_on until left_on. households and
-- persons are the village's resident households and persons it covers;
-- resident_households and resident_persons are the village's own counts,
-- kept here so that the ratio does not wait for every resident of every
-- village to be entered in the grid ledger.
CREATE TABLE coops (
    id                  INTEGER PRIMARY KEY,
    org_id              INTEGER NOT NULL REFERENCES orgs(id),
    union_id            INTEGER REFERENCES coop_unions(id),
    name                TEXT NOT NULL,
    credit_code         TEXT NOT NULL DEFAULT '',
    founded_on          TEXT NOT NULL,
    joined_on           TEXT NOT NULL DEFAULT '',
    left_on             TEXT NOT NULL DEFAULT '',
    chair               TEXT NOT NULL DEFAULT '',
    business            TEXT NOT NULL DEFAULT '',
    households          INTEGER NOT NULL,
    persons             INTEGER NOT NULL,
    resident_households INTEGER NOT NULL,
    resident_persons    INTEGER NOT NULL,
    note                TEXT NOT NULL DEFAULT '',
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);
CREATE UNIQUE INDEX coops_org ON coops(org_id);
CREATE INDEX coops_union ON coops(union_id);

-- 村集体收入: one entry of a village's collective income; via_union marks
-- income added through the union (sales channels, dividends).
CREATE TABLE coop_incomes (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    received_on TEXT NOT NULL,
    amount      BIGINT NOT NULL,
    item        TEXT NOT NULL,
    payer       TEXT NOT NULL DEFAULT '',
    via_union   BOOLEAN NOT NULL DEFAULT FALSE,
    voucher_no  TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX coop_incomes_org ON coop_incomes(org_id, received_on);
CREATE INDEX coop_incomes_received ON coop_incomes(received_on);

-- 合作事项: an agreement, order, investment or fund with a partner (the
-- counterpart), for the village or organization org_id, on signed_on.
CREATE TABLE partner_deals (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    kind         TEXT NOT NULL,
    partner      TEXT NOT NULL,
    partner_kind TEXT NOT NULL,
    title        TEXT NOT NULL,
    amount       BIGINT NOT NULL DEFAULT 0,
    signed_on    TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX partner_deals_org ON partner_deals(org_id, kind);
CREATE INDEX partner_deals_signed ON partner_deals(kind, signed_on);
CREATE INDEX partner_deals_partner ON partner_deals(partner);

-- 建设项目: a building put up in a village, with its floor area (m²), its
-- funds (fen) and, when a partner's fund pays for it, that deal.
CREATE TABLE partner_projects (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    name         TEXT NOT NULL,
    place        TEXT NOT NULL DEFAULT '',
    area_m2      INTEGER NOT NULL,
    funds        BIGINT NOT NULL DEFAULT 0,
    deal_id      INTEGER REFERENCES partner_deals(id),
    started_on   TEXT NOT NULL,
    completed_on TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX partner_projects_org ON partner_projects(org_id);
CREATE INDEX partner_projects_started ON partner_projects(started_on);

-- +goose Down
DROP TABLE partner_projects;
DROP TABLE partner_deals;
DROP TABLE coop_incomes;
DROP TABLE coops;
DROP TABLE coop_unions;
