-- Idempotency records used to keep the access code given in the first answer, in clear, to replay it. They keep
-- only the complaint's id now (a retry's code is derived again from its key, see use_cases/file_complaint.cpp).
UPDATE idempotency_keys SET body = substr(body, 1, instr(body, ' ') - 1) WHERE instr(body, ' ') > 0;
