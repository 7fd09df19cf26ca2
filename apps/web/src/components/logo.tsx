export function Logo() {
  return (
    <span className="inline-flex items-center gap-2 text-zinc-900">
      <svg aria-hidden="true" viewBox="0 0 24 24" className="size-7 text-indigo-600" fill="none" stroke="currentColor" strokeWidth="2">
        <path d="M4 21V9l8-5 8 5v12" strokeLinejoin="round" />
        <path d="M9 21v-6a3 3 0 0 1 6 0v6" strokeLinejoin="round" />
      </svg>
      <span className="text-lg font-semibold tracking-tight">Gatehouse</span>
    </span>
  );
}
