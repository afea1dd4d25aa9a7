-- AlterTable
ALTER TABLE "Trade" ADD COLUMN     "strategyId" TEXT;

-- CreateTable
CREATE TABLE "Strategy" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "underlying" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "openedAt" TIMESTAMPTZ(3) NOT NULL,
    "importId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Strategy_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Strategy_userId_openedAt_idx" ON "Strategy"("userId", "openedAt");

-- CreateIndex
CREATE INDEX "Trade_strategyId_idx" ON "Trade"("strategyId");

-- AddForeignKey
ALTER TABLE "Trade" ADD CONSTRAINT "Trade_strategyId_fkey" FOREIGN KEY ("strategyId") REFERENCES "Strategy"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Strategy" ADD CONSTRAINT "Strategy_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Strategy" ADD CONSTRAINT "Strategy_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "BrokerAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Strategy" ADD CONSTRAINT "Strategy_importId_fkey" FOREIGN KEY ("importId") REFERENCES "Import"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- A strategy is two legs or more: whichever way legs go (a trade deleted, batch-synced away,
-- removed by an import's undo, its strategy cleared), a strategy left with fewer than two is
-- removed (its last leg's strategyId becomes null by the foreign key). One trigger here rather
-- than a call in every path that deletes trades. Statement-level: an undo of 10,000 trades
-- runs it once.
CREATE FUNCTION "strategy_prune_after_trade_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "Strategy" s
  WHERE s."id" IN (SELECT DISTINCT o."strategyId" FROM old_rows o WHERE o."strategyId" IS NOT NULL)
    AND (SELECT count(*) FROM "Trade" t WHERE t."strategyId" = s."id") < 2;
  RETURN NULL;
END
$$;

CREATE TRIGGER "Trade_strategy_prune_delete" AFTER DELETE ON "Trade" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "strategy_prune_after_trade_change"();
CREATE TRIGGER "Trade_strategy_prune_update" AFTER UPDATE ON "Trade" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "strategy_prune_after_trade_change"();
