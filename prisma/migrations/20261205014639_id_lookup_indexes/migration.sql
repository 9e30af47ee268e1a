-- CreateIndex
CREATE INDEX "account_flags_id_idx" ON "account_flags"("id");

-- CreateIndex
CREATE INDEX "contacts_id_idx" ON "contacts"("id");

-- CreateIndex
CREATE INDEX "deals_id_idx" ON "deals"("id");

-- CreateIndex
CREATE INDEX "emails_id_idx" ON "emails"("id");

-- CreateIndex
CREATE INDEX "follow_ups_id_idx" ON "follow_ups"("id");

-- CreateIndex
CREATE INDEX "purchases_id_idx" ON "purchases"("id");

-- CreateIndex
CREATE INDEX "visits_id_idx" ON "visits"("id");

