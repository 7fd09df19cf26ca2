import { buttonClasses } from "@/components/ui/button.tsx";

const BACKUP_DOWNLOAD_PATH = "/api/v1/instance/backup";

/**
 * The instance owner's backup button: a plain download link, so the browser streams the file to disk
 * while Gatehouse keeps serving (the route writes a fresh online copy for each click).
 */
export function BackupCard() {
  return (
    <section aria-labelledby="backup" className="mx-auto max-w-3xl rounded-2xl bg-white p-6 shadow-sm ring-1 ring-zinc-200 sm:p-8">
      <h2 id="backup" className="text-lg font-semibold tracking-tight text-zinc-900">Backup</h2>
      <p className="mt-1 text-sm text-zinc-600">
        Downloads a consistent copy of the whole database (every organization, host, certificate and account) while traffic
        continues. Private keys in it stay encrypted with this instance&apos;s secret: keep the secret too, and store the file
        somewhere safe. Restore it with <code className="rounded bg-zinc-100 px-1">npm run restore -- &lt;file&gt;</code> while
        Gatehouse is stopped.
      </p>
      <div className="mt-6">
        <a href={BACKUP_DOWNLOAD_PATH} download className={buttonClasses("secondary")}>
          Download backup
        </a>
      </div>
    </section>
  );
}
