-- API tokens get scopes (what an integration may do beyond reading) and always an expiry. Tokens made before keep
-- every scope, so integrations go on working, but expire 90 days after this upgrade; tokens of deactivated users
-- are revoked, so reactivating a user does not bring them back.
ALTER TABLE api_tokens ADD COLUMN scopes TEXT NOT NULL DEFAULT '';
UPDATE api_tokens SET scopes = 'read write reveal_pii audit admin';
UPDATE api_tokens SET expires_at = CAST(strftime('%s', 'now') AS INTEGER) * 1000 + 90 * 86400000
    WHERE expires_at IS NULL;
UPDATE api_tokens SET revoked = 1 WHERE user_id IN (SELECT id FROM users WHERE active = 0);
