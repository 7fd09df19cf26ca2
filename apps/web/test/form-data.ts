/** A FormData as a browser submits it: checkboxes that are not ticked are simply absent. */
export function formData(entries: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(entries)) data.append(key, value);
  return data;
}
