-- Time limits: calendars and SLA policies (JSON an admin edits), each complaint's clocks, durable timers taken
-- with leases, the notification outbox, reply templates and saved views.
CREATE TABLE calendars (
    id TEXT PRIMARY KEY,
    definition TEXT NOT NULL
);

CREATE TABLE sla_policies (
    id TEXT PRIMARY KEY,
    definition TEXT NOT NULL
);

CREATE TABLE sla_clocks (
    id INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaints(id),
    target TEXT NOT NULL,
    state TEXT NOT NULL,
    rule_name TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    due_at INTEGER NOT NULL,
    stopped_at INTEGER,
    breach_count INTEGER NOT NULL,
    definition TEXT NOT NULL
);
CREATE INDEX sla_clocks_by_complaint ON sla_clocks(complaint_id, id);
CREATE INDEX sla_clocks_for_statistics ON sla_clocks(target, state, stopped_at);

CREATE TABLE timers (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    subject_id INTEGER NOT NULL,
    due_at INTEGER NOT NULL,
    lease_owner TEXT,
    lease_until INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    UNIQUE (kind, subject_id)
);
CREATE INDEX timers_by_due ON timers(due_at);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    recipient_user_id INTEGER,
    channel TEXT NOT NULL,
    complaint_id INTEGER,
    complaint_number TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    read_at INTEGER,
    delivered_at INTEGER
);
CREATE INDEX outbox_inbox ON outbox(recipient_user_id, channel, read_at, id);
CREATE INDEX outbox_pending ON outbox(channel, delivered_at, id);

ALTER TABLE complaints ADD COLUMN next_due_at INTEGER;
ALTER TABLE complaints ADD COLUMN emergency INTEGER NOT NULL DEFAULT 0;
ALTER TABLE complaints ADD COLUMN closed_at INTEGER;
CREATE INDEX complaints_by_due ON complaints(is_open, next_due_at) WHERE next_due_at IS NOT NULL;
CREATE INDEX complaints_in_emergency ON complaints(emergency, received_at) WHERE emergency = 1;
CREATE INDEX complaints_by_closed ON complaints(closed_at) WHERE closed_at IS NOT NULL;

CREATE TABLE reply_templates (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL,
    category_id INTEGER REFERENCES categories(id),
    active INTEGER NOT NULL DEFAULT 1,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE saved_views (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    query TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX saved_views_by_user ON saved_views(user_id, id);
