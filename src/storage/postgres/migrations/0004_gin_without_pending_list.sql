-- GIN's fast-update pending list made writes stall: once it fills, the insert that overflows it merges the whole
-- list into the index inside its own transaction (1.6 s after a 100,000-complaint import), and kesu's writes are
-- serialised, so every writer waited. Without it each insert updates the index directly: a little slower per
-- write, never a stall (docs/performance.md).
ALTER INDEX search_doc_tokens SET (fastupdate = off);
ALTER INDEX search_doc_customer_tokens SET (fastupdate = off);
