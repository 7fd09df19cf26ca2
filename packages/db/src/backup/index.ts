export { backupDatabase, backupsDir, fileTimestamp } from "./backup-database.ts";
export { checkBackupFile, type TBackupCheck } from "./check-backup-file.ts";
export { restoreDatabase, type TRestoreResult } from "./restore-database.ts";
