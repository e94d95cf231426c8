-- kesu foundation schema. Times are integer milliseconds since the Unix epoch (UTC).
CREATE TABLE departments (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    parent_id INTEGER REFERENCES departments(id),
    active INTEGER NOT NULL DEFAULT 1,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    department_id INTEGER REFERENCES departments(id),
    active INTEGER NOT NULL DEFAULT 1,
    pii_grant INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE sessions (
    id_digest TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_by_user ON sessions(user_id);
CREATE INDEX sessions_by_expiry ON sessions(expires_at);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    digest TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER,
    revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX api_tokens_by_user ON api_tokens(user_id);

CREATE TABLE categories (
    id INTEGER PRIMARY KEY,
    parent_id INTEGER REFERENCES categories(id),
    code TEXT NOT NULL UNIQUE,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    sort_order INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE complaints (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    channel TEXT NOT NULL,
    status TEXT NOT NULL,
    is_open INTEGER NOT NULL,
    version INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    occurred_at INTEGER,
    subject TEXT NOT NULL,
    description TEXT NOT NULL,
    product TEXT NOT NULL DEFAULT '',
    order_number TEXT NOT NULL DEFAULT '',
    customer_request TEXT NOT NULL DEFAULT '',
    business_line TEXT NOT NULL DEFAULT '',
    source_ref TEXT NOT NULL DEFAULT '',
    amount_fen INTEGER,
    category_id INTEGER REFERENCES categories(id),
    level INTEGER NOT NULL,
    difficulty TEXT NOT NULL,
    owner_id INTEGER REFERENCES users(id),
    department_id INTEGER REFERENCES departments(id),
    customer_id TEXT NOT NULL DEFAULT '',
    masked_name TEXT NOT NULL DEFAULT '',
    pii BLOB,
    phone_index TEXT NOT NULL DEFAULT '',
    email_index TEXT NOT NULL DEFAULT '',
    details TEXT NOT NULL,
    access_code_digest TEXT NOT NULL DEFAULT '',
    privacy_consent INTEGER NOT NULL DEFAULT 0
);
-- Queues: a department's open complaints newest first; everyone's open; the intake pool; by owner.
CREATE INDEX complaints_department_queue ON complaints(department_id, is_open, received_at, id);
CREATE INDEX complaints_open_queue ON complaints(is_open, received_at, id);
CREATE INDEX complaints_owner_queue ON complaints(owner_id, is_open, received_at, id);
CREATE INDEX complaints_by_received ON complaints(received_at, id);
CREATE INDEX complaints_by_updated ON complaints(updated_at, id);
CREATE INDEX complaints_by_status ON complaints(status, received_at, id);
-- The same person's open complaints, newest first, however many they have.
CREATE INDEX complaints_by_phone ON complaints(phone_index, is_open, received_at) WHERE phone_index <> '';
CREATE INDEX complaints_by_email ON complaints(email_index, is_open, received_at) WHERE email_index <> '';
CREATE INDEX complaints_by_customer ON complaints(customer_id, is_open, received_at) WHERE customer_id <> '';

CREATE TABLE sequences (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);

-- Append-only and hash-chained: triggers refuse UPDATE and DELETE; `kesu audit verify` detects anything else.
CREATE TABLE audit_events (
    seq INTEGER PRIMARY KEY,
    complaint_id INTEGER,
    actor_id INTEGER NOT NULL,
    actor_name TEXT NOT NULL,
    actor_role TEXT NOT NULL,
    at INTEGER NOT NULL,
    action TEXT NOT NULL,
    changes TEXT NOT NULL,
    text TEXT NOT NULL,
    customer_visible INTEGER NOT NULL,
    request_id TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_by_complaint ON audit_events(complaint_id, seq) WHERE complaint_id IS NOT NULL;
CREATE INDEX audit_by_actor ON audit_events(actor_id, seq);
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;

CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaints(id),
    customer_visible INTEGER NOT NULL,
    from_customer INTEGER NOT NULL,
    author_id INTEGER NOT NULL,
    author_name TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX messages_by_complaint ON messages(complaint_id, id);

CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaints(id),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by INTEGER NOT NULL,
    customer_visible INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX attachments_by_complaint ON attachments(complaint_id, id);

CREATE TABLE idempotency_keys (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    request_digest TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_by_age ON idempotency_keys(created_at);

CREATE TABLE throttle_counters (
    key TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (key, window_start)
);
CREATE INDEX throttle_by_window ON throttle_counters(window_start);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
