-- DropIndex
DROP INDEX "Trade_userId_entryAt_id_idx";

-- CreateIndex
CREATE INDEX "Trade_userId_entryAt_id_idx" ON "Trade"("userId", "entryAt" DESC, "id" DESC);

