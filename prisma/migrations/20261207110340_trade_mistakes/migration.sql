-- AlterTable
ALTER TABLE "Trade" ADD COLUMN     "mistakes" TEXT[] DEFAULT ARRAY[]::TEXT[];

