import type { ButtonHTMLAttributes } from "react";

export type TButtonVariant = "primary" | "secondary" | "danger" | "danger-secondary" | "ghost";

const BASE =
  "inline-flex items-center justify-center gap-2 rounded-lg px-3.5 py-2 text-sm font-medium transition-colors " +
  // The outline colour is set outside :focus-visible so transition-colors does not fade it in from white.
  "outline-indigo-600 focus-visible:outline-2 focus-visible:outline-offset-2 " +
  "disabled:cursor-not-allowed disabled:opacity-60";

const VARIANTS: Record<TButtonVariant, string> = {
  primary: "bg-indigo-600 text-white shadow-sm hover:bg-indigo-500",
  secondary: "bg-white text-zinc-900 shadow-sm ring-1 ring-inset ring-zinc-300 hover:bg-zinc-50",
  danger: "bg-red-600 text-white shadow-sm hover:bg-red-500 outline-red-600",
  "danger-secondary": "bg-white text-red-700 shadow-sm ring-1 ring-inset ring-red-200 hover:bg-red-50 outline-red-600",
  ghost: "text-zinc-700 hover:bg-zinc-100 hover:text-zinc-900",
};

/** Classes for anything that should look like a button (links included). */
export function buttonClasses(variant: TButtonVariant = "primary", extra = ""): string {
  return `${BASE} ${VARIANTS[variant]} ${extra}`.trim();
}

type TButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: TButtonVariant };

export function Button({ variant = "primary", className = "", type = "button", ...props }: TButtonProps) {
  return <button type={type} className={buttonClasses(variant, className)} {...props} />;
}
