-- CreateIndex
CREATE INDEX "purchases_logged_by_id_idempotency_key_idx" ON "purchases"("logged_by_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "visits_rep_id_idempotency_key_idx" ON "visits"("rep_id", "idempotency_key");

