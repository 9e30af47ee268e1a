-- Now part of the migrations (20261123141452_account_name_trigram_index); kept so
-- `npm run bench -- --with-proposed` can still bring a bench database seeded before it up to date. Name search in the ranking and the
-- account lists is `name ILIKE '%term%'`: a B-tree cannot serve a leading
-- wildcard, a trigram GIN index can (terms of 3+ characters).
-- PGlite loads pg_trgm in lib/db/client.ts; a server needs postgresql-contrib.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS "accounts_name_trgm_idx" ON "accounts" USING gin ("name" gin_trgm_ops);
