-- Full-text search (docs/search.md, PostgreSQL plan). kesu's own analyzer produces the tokens; they are stored
-- as tsvector literals (no PostgreSQL parser or dictionary involved), one position per token, with a weight per
-- column: subject A, product/order B, internal notes C, body D. Customer-name tokens are keyed hashes, in
-- their own column so only roles that may see names search them.
CREATE TABLE search_doc (
    doc_id bigint PRIMARY KEY REFERENCES complaints(id) ON DELETE CASCADE,
    sort_at bigint NOT NULL,
    customer_key text,
    doc_tokens tsvector NOT NULL,
    customer_tokens tsvector NOT NULL
);
CREATE INDEX search_doc_tokens ON search_doc USING gin (doc_tokens);
CREATE INDEX search_doc_customer_tokens ON search_doc USING gin (customer_tokens);
CREATE INDEX search_doc_by_time ON search_doc (sort_at, doc_id);
CREATE INDEX search_doc_by_customer ON search_doc (customer_key, sort_at, doc_id) WHERE customer_key IS NOT NULL;

CREATE TABLE search_meta (
    key text PRIMARY KEY,
    value text NOT NULL
);
