/**
 * Typed reads of a submitted form whose fields are named by the input's dotted paths
 * (`targets.0.url`, `healthCheck.intervalMs`), so a validation error's path names the field it belongs
 * to. Blank numbers read as undefined (the schema's default, or "required"); text that is not a number
 * reads as NaN, which the schema refuses with a message instead of a silent 0.
 */
export type TFormReader = {
  /** The field's text, "" when absent. */
  text(name: string): string;
  /** The trimmed text, or undefined when blank or absent (lets the schema's default apply). */
  optionalText(name: string): string | undefined;
  /** A checkbox: absent from the submission when unticked. */
  checked(name: string): boolean;
  number(name: string): number | undefined;
  /** A duration typed in seconds, as milliseconds. */
  seconds(name: string): number | undefined;
  /** The row prefixes of a repeated group in index order: `rows("targets")` -> ["targets.0", "targets.1"]. */
  rows(list: string): string[];
};

export function formReader(formData: FormData): TFormReader {
  const text = (name: string): string => {
    const value = formData.get(name);
    return typeof value === "string" ? value : "";
  };
  const number = (name: string): number | undefined => {
    const value = text(name).trim();
    return value === "" ? undefined : Number(value);
  };
  return {
    text,
    optionalText(name) {
      const value = text(name).trim();
      return value === "" ? undefined : value;
    },
    checked: (name) => formData.get(name) === "on",
    number,
    seconds(name) {
      const value = number(name);
      return value === undefined ? undefined : Math.round(value * 1000);
    },
    rows(list) {
      const rowKey = new RegExp(`^${list.replaceAll(".", "\\.")}\\.(\\d+)\\.`);
      const indexes = new Set<number>();
      for (const key of formData.keys()) {
        const match = rowKey.exec(key);
        if (match) indexes.add(Number(match[1]));
      }
      return [...indexes].sort((a, b) => a - b).map((index) => `${list}.${index}`);
    },
  };
}
