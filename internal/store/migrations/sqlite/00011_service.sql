-- +goose Up
-- Serving the masses: 为民服务实事项目 with milestones; 微心愿 with their
-- workflow history; the 两新 e站 service menus, items and requests (warm
-- stations are sites of the service-site registry, 00009); and the
-- 红色电商圈 enterprises, products and sales.
-- Every table scopes through an org_id → orgs.path.
CREATE TABLE service_projects (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),
    title          TEXT NOT NULL,
    goal           TEXT NOT NULL,
    owner          TEXT NOT NULL,
    budget_fen     INTEGER NOT NULL DEFAULT 0,
    established_on TEXT NOT NULL,
    planned_end    TEXT NOT NULL DEFAULT '',
    -- planned, ongoing, done, cancelled
    status         TEXT NOT NULL,
    completed_on   TEXT NOT NULL DEFAULT '',
    evidence       TEXT NOT NULL DEFAULT '',
    note           TEXT NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX service_projects_org ON service_projects(org_id, established_on);
CREATE INDEX service_projects_established ON service_projects(established_on);

CREATE TABLE service_milestones (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES service_projects(id),
    title      TEXT NOT NULL,
    due_on     TEXT NOT NULL DEFAULT '',
    done_on    TEXT NOT NULL DEFAULT '',
    sort       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX service_milestones_project ON service_milestones(project_id, sort);

-- 微心愿. code is the resident's tracking code. The phone is sealed as
-- members' are. claimant_user_id is the member who claimed it personally,
-- claimant_org_id the organization that claimed it (one of the two).
CREATE TABLE wishes (
    id               INTEGER PRIMARY KEY,
    org_id           INTEGER NOT NULL REFERENCES orgs(id),
    code             TEXT NOT NULL,
    content          TEXT NOT NULL,
    category         TEXT NOT NULL,
    resident_name    TEXT NOT NULL,
    phone_enc        TEXT NOT NULL DEFAULT '',
    phone_hash       TEXT NOT NULL DEFAULT '',
    phone_mask       TEXT NOT NULL DEFAULT '',
    -- public (a resident's own page) or grid (entered by a grid worker)
    source           TEXT NOT NULL,
    submitted_by     INTEGER NOT NULL DEFAULT 0,
    submitted_on     TEXT NOT NULL,
    -- submitted, published, claimed, fulfilled, confirmed, rejected
    status           TEXT NOT NULL,
    published_on     TEXT NOT NULL DEFAULT '',
    claim_by         TEXT NOT NULL DEFAULT '',
    claimant_kind    TEXT NOT NULL DEFAULT '',
    claimant_user_id INTEGER REFERENCES users(id),
    claimant_org_id  INTEGER REFERENCES orgs(id),
    claimant_name    TEXT NOT NULL DEFAULT '',
    claimed_on       TEXT NOT NULL DEFAULT '',
    due_on           TEXT NOT NULL DEFAULT '',
    fulfilled_on     TEXT NOT NULL DEFAULT '',
    fulfil_note      TEXT NOT NULL DEFAULT '',
    photo            TEXT NOT NULL DEFAULT '',
    confirmed_on     TEXT NOT NULL DEFAULT '',
    feedback         TEXT NOT NULL DEFAULT '',
    reject_reason    TEXT NOT NULL DEFAULT '',
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE UNIQUE INDEX wishes_code ON wishes(code);
CREATE INDEX wishes_org ON wishes(org_id, status);
CREATE INDEX wishes_status ON wishes(status, claim_by);
CREATE INDEX wishes_claimed ON wishes(claimed_on);
CREATE INDEX wishes_claimant_user ON wishes(claimant_user_id, status);

CREATE TABLE wish_events (
    id          INTEGER PRIMARY KEY,
    wish_id     INTEGER NOT NULL REFERENCES wishes(id),
    action      TEXT NOT NULL,
    from_status TEXT NOT NULL DEFAULT '',
    to_status   TEXT NOT NULL,
    on_date     TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '',
    actor_id    INTEGER NOT NULL DEFAULT 0,
    actor       TEXT NOT NULL DEFAULT '',
    at          INTEGER NOT NULL
);
CREATE INDEX wish_events_wish ON wish_events(wish_id, id);

-- 两新 e站: activity menus (活动菜单) offering service items (服务项目)
-- that organizations of new business forms request.
CREATE TABLE twonew_menus (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    name         TEXT NOT NULL,
    summary      TEXT NOT NULL DEFAULT '',
    offered_from TEXT NOT NULL,
    withdrawn_on TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX twonew_menus_org ON twonew_menus(org_id, offered_from);

CREATE TABLE twonew_items (
    id           INTEGER PRIMARY KEY,
    menu_id      INTEGER NOT NULL REFERENCES twonew_menus(id),
    name         TEXT NOT NULL,
    summary      TEXT NOT NULL DEFAULT '',
    provider     TEXT NOT NULL DEFAULT '',
    offered_from TEXT NOT NULL,
    withdrawn_on TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX twonew_items_menu ON twonew_items(menu_id, offered_from);

-- A request of a service item by an organization (org_id, the requester);
-- status pending, accepted, done, declined.
CREATE TABLE twonew_requests (
    id            INTEGER PRIMARY KEY,
    item_id       INTEGER NOT NULL REFERENCES twonew_items(id),
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    requested_on  TEXT NOT NULL,
    contact       TEXT NOT NULL DEFAULT '',
    need          TEXT NOT NULL,
    status        TEXT NOT NULL,
    handled_on    TEXT NOT NULL DEFAULT '',
    handling_note TEXT NOT NULL DEFAULT '',
    handler       TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX twonew_requests_org ON twonew_requests(org_id, requested_on);
CREATE INDEX twonew_requests_item ON twonew_requests(item_id, status);

-- 红色电商圈: member enterprises (brought in by an organization), their
-- products and the sales recorded for them.
CREATE TABLE ecom_enterprises (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    name        TEXT NOT NULL,
    credit_code TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL,
    contact     TEXT NOT NULL DEFAULT '',
    joined_on   TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX ecom_enterprises_org ON ecom_enterprises(org_id, joined_on);
CREATE UNIQUE INDEX ecom_enterprises_name ON ecom_enterprises(name);

CREATE TABLE ecom_products (
    id            INTEGER PRIMARY KEY,
    enterprise_id INTEGER NOT NULL REFERENCES ecom_enterprises(id),
    name          TEXT NOT NULL,
    category      TEXT NOT NULL,
    unit          TEXT NOT NULL DEFAULT '',
    price_fen     INTEGER NOT NULL DEFAULT 0,
    listed_on     TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE UNIQUE INDEX ecom_products_name ON ecom_products(enterprise_id, name);

CREATE TABLE ecom_sales (
    id            INTEGER PRIMARY KEY,
    product_id    INTEGER NOT NULL REFERENCES ecom_products(id),
    enterprise_id INTEGER NOT NULL REFERENCES ecom_enterprises(id),
    sold_on       TEXT NOT NULL,
    quantity      INTEGER NOT NULL,
    amount_fen    INTEGER NOT NULL,
    channel       TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    created_by    INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
);
CREATE INDEX ecom_sales_enterprise ON ecom_sales(enterprise_id, sold_on);
CREATE INDEX ecom_sales_product ON ecom_sales(product_id, sold_on);
CREATE INDEX ecom_sales_sold ON ecom_sales(sold_on);

-- +goose Down
DROP TABLE ecom_sales;
DROP TABLE ecom_products;
DROP TABLE ecom_enterprises;
DROP TABLE twonew_requests;
DROP TABLE twonew_items;
DROP TABLE twonew_menus;
DROP TABLE wish_events;
DROP TABLE wishes;
DROP TABLE service_milestones;
DROP TABLE service_projects;
