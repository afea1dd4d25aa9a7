-- AlterTable
ALTER TABLE "Profile" ADD COLUMN     "timeZoneConfirmedAt" TIMESTAMPTZ(3);

-- Members who already moved off UTC chose their zone; only those still on the default get offered one.
UPDATE "Profile" SET "timeZoneConfirmedAt" = "updatedAt" WHERE "timeZone" <> 'UTC';
