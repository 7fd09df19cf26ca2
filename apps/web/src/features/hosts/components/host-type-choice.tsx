import type { THostFormValues } from "../host-form-values.ts";

const HOST_TYPES = [
  { value: "proxy", title: "Proxy", description: "Forward requests to backends, by path." },
  { value: "redirect", title: "Redirect", description: "Send visitors to another address." },
] as const;

/** Proxy or redirect host, as two radio cards. */
export function HostTypeChoice({ value, onChange }: { value: THostFormValues["type"]; onChange: (type: THostFormValues["type"]) => void }) {
  return (
    <fieldset>
      <legend className="text-sm font-medium text-zinc-800">Type</legend>
      <div className="mt-1.5 grid gap-3 sm:grid-cols-2">
        {HOST_TYPES.map((type) => {
          const selected = value === type.value;
          return (
            <label
              key={type.value}
              className={`flex cursor-pointer items-start gap-3 rounded-lg p-3 ring-inset has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-indigo-600 ${
                selected ? "bg-indigo-50/60 ring-2 ring-indigo-600" : "ring-1 ring-zinc-300 hover:bg-zinc-50"
              }`}
            >
              <input
                type="radio"
                name="hostType"
                value={type.value}
                checked={selected}
                onChange={() => onChange(type.value)}
                className="mt-0.5 size-4 accent-indigo-600 focus-visible:outline-none"
              />
              <span>
                <span className="block text-sm font-medium text-zinc-900">{type.title}</span>
                <span className="block text-xs text-zinc-500">{type.description}</span>
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
