-- CreateTable
CREATE TABLE "FuturesPointValue" (
    "userId" TEXT NOT NULL,
    "root" TEXT NOT NULL,
    "pointValue" DECIMAL(18,8) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "FuturesPointValue_pkey" PRIMARY KEY ("userId","root")
);

-- AddForeignKey
ALTER TABLE "FuturesPointValue" ADD CONSTRAINT "FuturesPointValue_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

