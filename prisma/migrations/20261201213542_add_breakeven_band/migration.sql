-- AlterTable
ALTER TABLE "Profile" ADD COLUMN     "breakevenBand" DECIMAL(12,2) NOT NULL DEFAULT 0;

