-- AlterTable
ALTER TABLE "Trade" ADD COLUMN     "costBasisUnknown" BOOLEAN NOT NULL DEFAULT false;

