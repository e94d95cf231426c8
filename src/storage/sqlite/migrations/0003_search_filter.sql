-- Search results are checked against the list filters and the reader's scope one candidate at a time. Probing the
-- complaints table reads a page per candidate (its rows carry the texts); this narrow index holds every column a
-- filter can test, in id order, so consecutive candidates share a page. Used with INDEXED BY from
-- SqliteComplaintRepository::Search.
CREATE INDEX complaints_search_filter ON complaints (
    id, department_id, owner_id, is_open, status, kind, level, channel, category_id, received_at, next_due_at, emergency
);
