"use client";

import { TextAreaField } from "@/components/ui/fields.tsx";

type TPemFieldProps = { label: string; name: string; hint: string; placeholder: string; error: string | undefined; required?: boolean };

/**
 * PEM text, pasted or picked from a file. The file is read here into the textarea, so what is sent is
 * always what the user sees, and a server-side check comes back next to this field.
 */
export function PemField({ label, name, hint, placeholder, error, required }: TPemFieldProps) {
  return (
    <div className="space-y-2">
      <TextAreaField
        label={label}
        name={name}
        rows={5}
        required={required}
        spellCheck={false}
        autoCapitalize="none"
        autoComplete="off"
        placeholder={placeholder}
        hint={hint}
        error={error}
      />
      <label className="inline-flex items-center gap-2 text-xs text-zinc-600">
        <span>Or read it from a file:</span>
        <input
          type="file"
          aria-label={`${label} file`}
          accept=".pem,.crt,.cer,.key,.txt,application/x-pem-file"
          className="text-xs file:mr-2 file:rounded-md file:border-0 file:bg-zinc-100 file:px-2.5 file:py-1.5 file:text-xs file:font-medium file:text-zinc-800 hover:file:bg-zinc-200"
          onChange={async (event) => {
            const input = event.currentTarget;
            const file = input.files?.[0];
            const target = input.form?.elements.namedItem(name);
            if (file && target instanceof HTMLTextAreaElement) target.value = await file.text();
          }}
        />
      </label>
    </div>
  );
}
