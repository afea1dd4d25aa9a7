-- AlterEnum
ALTER TYPE "UsageKind" ADD VALUE 'studioImages';

-- AlterTable
ALTER TABLE "AiCall" ADD COLUMN     "imageQuality" TEXT,
ADD COLUMN     "imageSize" TEXT,
ADD COLUMN     "images" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "Generation" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "prompt" TEXT NOT NULL,
    "editPrompt" TEXT,
    "aspectRatio" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "thumbnailKey" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "bytes" INTEGER NOT NULL,
    "referenceImageIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "parentGenerationId" TEXT,
    "editCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Generation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StudioReference" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "bytes" INTEGER NOT NULL,
    "fileName" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StudioReference_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Generation_storageKey_key" ON "Generation"("storageKey");

-- CreateIndex
CREATE UNIQUE INDEX "Generation_thumbnailKey_key" ON "Generation"("thumbnailKey");

-- CreateIndex
CREATE INDEX "Generation_userId_createdAt_idx" ON "Generation"("userId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Generation_parentGenerationId_idx" ON "Generation"("parentGenerationId");

-- CreateIndex
CREATE UNIQUE INDEX "StudioReference_storageKey_key" ON "StudioReference"("storageKey");

-- CreateIndex
CREATE INDEX "StudioReference_userId_createdAt_idx" ON "StudioReference"("userId", "createdAt");

-- AddForeignKey
ALTER TABLE "Generation" ADD CONSTRAINT "Generation_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Generation" ADD CONSTRAINT "Generation_parentGenerationId_fkey" FOREIGN KEY ("parentGenerationId") REFERENCES "Generation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudioReference" ADD CONSTRAINT "StudioReference_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

