import { useRef, useState } from "react";

export type TRow<T> = { key: number; initial: T };

/**
 * The rows of a repeated form group (targets, locations, headers). Each row keeps a stable key while
 * rows around it come and go, so React keeps its inputs (uncontrolled) with what the user typed; the
 * field names use the row's current position, so the submitted list has no gaps.
 */
export function useRows<T>(initial: readonly T[], blank: () => T) {
  const nextKey = useRef(initial.length);
  const [rows, setRows] = useState<TRow<T>[]>(() => initial.map((value, key) => ({ key, initial: value })));
  return {
    rows,
    add() {
      const key = nextKey.current++;
      setRows((current) => [...current, { key, initial: blank() }]);
    },
    remove(key: number) {
      setRows((current) => current.filter((row) => row.key !== key));
    },
  };
}
