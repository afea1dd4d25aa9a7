-- AlterTable
ALTER TABLE "Import" ADD COLUMN     "actionIds" TEXT[] DEFAULT ARRAY[]::TEXT[];

