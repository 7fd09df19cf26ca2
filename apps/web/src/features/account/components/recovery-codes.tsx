/** Recovery codes, shown once: better-auth stores them encrypted and never shows the same list again. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <div className="space-y-2">
      <p className="text-sm font-medium text-zinc-900">Your recovery codes</p>
      <p className="text-sm text-zinc-600">
        Store them somewhere safe, such as a password manager. Each signs you in once if you lose your authenticator app. They are not shown again.
      </p>
      <ul aria-label="Recovery codes" className="grid grid-cols-2 gap-2 rounded-lg bg-zinc-50 p-4 font-mono text-sm text-zinc-900 ring-1 ring-zinc-200 sm:grid-cols-5">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
    </div>
  );
}
