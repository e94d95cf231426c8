-- The full-text index moves to its own file (<name>.search.db), written by a background indexer so that creating
-- a complaint no longer waits for FTS5 (docs/search.md). Every change that affects a complaint's entry records
-- the complaint here, in the same transaction as the change; the indexer works through the queue in order and
-- keeps its position in the search file. AUTOINCREMENT: ids are never reused after the queue is pruned.
CREATE TABLE search_queue (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id INTEGER NOT NULL
);
-- The index used to live in this file; it is rebuilt in the search file from the complaints.
DROP TABLE IF EXISTS search_fts;
DROP TABLE IF EXISTS search_doc;
DROP TABLE IF EXISTS search_meta;
