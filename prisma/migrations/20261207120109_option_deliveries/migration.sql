-- AlterTable
ALTER TABLE "Trade" ADD COLUMN     "deliveredToTradeId" TEXT;

-- AddForeignKey
ALTER TABLE "Trade" ADD CONSTRAINT "Trade_deliveredToTradeId_fkey" FOREIGN KEY ("deliveredToTradeId") REFERENCES "Trade"("id") ON DELETE SET NULL ON UPDATE CASCADE;

