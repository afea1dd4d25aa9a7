-- AlterEnum
ALTER TYPE "TokenPurpose" ADD VALUE 'UNLOCK_ACCOUNT';

-- AlterTable
ALTER TABLE "User" DROP COLUMN "failedLoginCount";

-- CreateTable
CREATE TABLE "SignInThrottle" (
    "emailHash" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SignInThrottle_pkey" PRIMARY KEY ("emailHash","source")
);

-- CreateIndex
CREATE INDEX "SignInThrottle_updatedAt_idx" ON "SignInThrottle"("updatedAt");


-- Locks after failed sign-ins were kept on the user row until now; they move to SignInThrottle
-- (per source). What stays on the row is an admin's lock, which lasts until 9999-12-31.
UPDATE "User" SET "lockedUntil" = NULL WHERE "lockedUntil" < '9999-01-01';
