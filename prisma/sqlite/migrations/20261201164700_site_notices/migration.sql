-- AlterTable
ALTER TABLE "Consent" ADD COLUMN "siteNoticeVersion" INTEGER;
ALTER TABLE "Consent" ADD COLUMN "privacy" TEXT;
ALTER TABLE "Consent" ADD COLUMN "configHash" TEXT;

-- AlterTable
ALTER TABLE "Grant" ADD COLUMN "language" TEXT NOT NULL DEFAULT 'en';

-- CreateTable
CREATE TABLE "SiteNotice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "siteId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "language" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SiteNotice_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "SiteNotice_siteId_version_language_key" ON "SiteNotice"("siteId", "version", "language");
