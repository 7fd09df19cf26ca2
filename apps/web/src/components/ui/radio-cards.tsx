export type TRadioCardOption<T extends string> = { value: T; title: string; description: string };

type TRadioCardsProps<T extends string> = {
  name: string;
  legend: string;
  /** A line under the legend. */
  description?: string | undefined;
  options: readonly TRadioCardOption<T>[];
  value: T;
  onChange: (value: T) => void;
  /** Grid columns from the sm breakpoint up, e.g. "sm:grid-cols-3". */
  columns: string;
  error?: string | undefined;
};

/** One choice out of a few, as cards with a title and a line of explanation each. */
export function RadioCards<T extends string>({ name, legend, description, options, value, onChange, columns, error }: TRadioCardsProps<T>) {
  return (
    <fieldset>
      <legend className="text-sm font-medium text-zinc-800">{legend}</legend>
      {description ? <p className="text-xs text-zinc-500">{description}</p> : null}
      <div className={`mt-1.5 grid gap-3 ${columns}`}>
        {options.map((option) => {
          const selected = value === option.value;
          return (
            <label
              key={option.value}
              className={`flex cursor-pointer items-start gap-3 rounded-lg p-3 ring-inset has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-indigo-600 ${
                selected ? "bg-indigo-50/60 ring-2 ring-indigo-600" : "ring-1 ring-zinc-300 hover:bg-zinc-50"
              }`}
            >
              <input
                type="radio"
                name={name}
                value={option.value}
                checked={selected}
                onChange={() => onChange(option.value)}
                className="mt-0.5 size-4 accent-indigo-600 focus-visible:outline-none"
              />
              <span>
                <span className="block text-sm font-medium text-zinc-900">{option.title}</span>
                <span className="block text-xs text-zinc-500">{option.description}</span>
              </span>
            </label>
          );
        })}
      </div>
      {error ? <p className="mt-1.5 text-sm text-red-700">{error}</p> : null}
    </fieldset>
  );
}
