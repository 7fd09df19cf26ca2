"use client";

import { startTransition, type FormHTMLAttributes } from "react";

type TActionFormProps = Omit<FormHTMLAttributes<HTMLFormElement>, "action" | "onSubmit"> & {
  /** The dispatch function of `useActionState`. */
  action: (formData: FormData) => void;
};

/**
 * A form posted to a server action without React's automatic form reset: after a failed save the
 * fields (rows added, selects switched, checkboxes) stay exactly as the user left them, which echoing
 * values back cannot do for forms whose rows are added in the browser.
 */
export function ActionForm({ action, children, ...form }: TActionFormProps) {
  return (
    <form
      noValidate
      {...form}
      onSubmit={(event) => {
        event.preventDefault();
        const formData = new FormData(event.currentTarget);
        startTransition(() => action(formData));
      }}
    >
      {children}
    </form>
  );
}
