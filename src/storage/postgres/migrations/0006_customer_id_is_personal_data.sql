-- A customer number identifies the person (PIPL): it is kept only inside the sealed personal data, like phone and
-- email, and "the same customer" is found through a keyed blind index. The clear column is emptied; rows that had
-- a customer number get their index at the next start, computed from the sealed data (NULL until then: the key
-- is not in the database).
ALTER TABLE complaints ADD COLUMN customer_index text;
UPDATE complaints SET customer_index = '' WHERE customer_id = '';
UPDATE complaints SET customer_id = '' WHERE customer_id <> '';
DROP INDEX IF EXISTS complaints_by_customer;
CREATE INDEX complaints_by_customer ON complaints(customer_index) WHERE customer_index <> '';
CREATE INDEX complaints_customer_index_pending ON complaints(id) WHERE customer_index IS NULL;
