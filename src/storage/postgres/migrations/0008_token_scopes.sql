-- API tokens get scopes (what an integration may do beyond reading) and always an expiry. Tokens made before keep
-- every scope, so integrations go on working, but expire 90 days after this upgrade; tokens of deactivated users
-- are revoked, so reactivating a user does not bring them back.
ALTER TABLE api_tokens ADD COLUMN scopes text NOT NULL DEFAULT '';
UPDATE api_tokens SET scopes = 'read write reveal_pii audit admin';
UPDATE api_tokens SET expires_at = (extract(epoch FROM now()) * 1000)::bigint + 90 * 86400000::bigint
    WHERE expires_at IS NULL;
UPDATE api_tokens SET revoked = true WHERE user_id IN (SELECT id FROM users WHERE NOT active);
