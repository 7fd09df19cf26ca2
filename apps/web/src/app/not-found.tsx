import Link from "next/link";
import { buttonClasses } from "@/components/ui/button.tsx";

export default function NotFound() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center px-4 text-center">
      <p className="text-sm font-semibold text-indigo-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-zinc-900">Not found</h1>
      <p className="mt-2 text-sm text-zinc-600">This page does not exist, or you do not have access to it.</p>
      <Link href="/" className={buttonClasses("secondary", "mt-6")}>
        Back to start
      </Link>
    </main>
  );
}
