-- AlterTable
-- Columns in schema.prisma's order (prisma migrate diff sorts them by name), so a migrated
-- database matches one built from the schema, column order included.
ALTER TABLE "Trade" ADD COLUMN     "mfePrice" DECIMAL(20,8),
ADD COLUMN     "maePrice" DECIMAL(20,8),
ADD COLUMN     "mfe" DECIMAL(18,4),
ADD COLUMN     "mae" DECIMAL(18,4),
ADD COLUMN     "mfeR" DECIMAL(12,4),
ADD COLUMN     "maeR" DECIMAL(12,4),
ADD COLUMN     "bestExitPnl" DECIMAL(18,4),
ADD COLUMN     "excursionsAt" TIMESTAMPTZ(3),
ADD COLUMN     "excursionsTimeAssumed" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "excursionsSource" TEXT;
