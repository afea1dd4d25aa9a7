-- CreateEnum
CREATE TYPE "ProRequestStatus" AS ENUM ('REQUESTED', 'APPROVED', 'DECLINED', 'CANCELLED');

-- CreateTable
CREATE TABLE "ProRequest" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "status" "ProRequestStatus" NOT NULL DEFAULT 'REQUESTED',
    "message" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMPTZ(3),
    "decidedById" TEXT,

    CONSTRAINT "ProRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ProRequest_userId_createdAt_idx" ON "ProRequest"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "ProRequest_status_createdAt_idx" ON "ProRequest"("status", "createdAt");

-- AddForeignKey
ALTER TABLE "ProRequest" ADD CONSTRAINT "ProRequest_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;


