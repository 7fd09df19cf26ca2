-- AlterTable
ALTER TABLE "invitation" ADD COLUMN "acceptedAt" DATETIME;
ALTER TABLE "invitation" ADD COLUMN "acceptedUserId" TEXT;
ALTER TABLE "invitation" ADD COLUMN "lastSentAt" DATETIME;
ALTER TABLE "invitation" ADD COLUMN "tokenHash" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_InstanceSettings" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT DEFAULT 1,
    "defaultSite" TEXT NOT NULL DEFAULT '{"type":"not-found"}',
    "trustedProxies" TEXT NOT NULL DEFAULT '[]',
    "unknownSni" TEXT NOT NULL DEFAULT 'default-certificate',
    "registration" TEXT NOT NULL DEFAULT 'invite-only',
    "smtp" TEXT,
    "smtpPassword" TEXT
);
INSERT INTO "new_InstanceSettings" ("defaultSite", "id", "trustedProxies", "unknownSni") SELECT "defaultSite", "id", "trustedProxies", "unknownSni" FROM "InstanceSettings";
DROP TABLE "InstanceSettings";
ALTER TABLE "new_InstanceSettings" RENAME TO "InstanceSettings";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "invitation_tokenHash_key" ON "invitation"("tokenHash");
