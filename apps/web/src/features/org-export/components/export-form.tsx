import { Button } from "@/components/ui/button.tsx";
import { CheckboxField } from "@/components/ui/fields.tsx";

/** A plain GET form: the browser downloads the file the export route answers, and the page stays. */
export function ExportForm({ organizationSlug }: { organizationSlug: string }) {
  return (
    <form method="get" action="/api/v1/organization/export" className="space-y-4">
      <input type="hidden" name="org" value={organizationSlug} />
      <CheckboxField
        name="keys"
        value="1"
        label="Include private keys"
        hint="Needed to move uploaded and self-signed certificates to another Gatehouse. ACME certificates need none: they are ordered again."
      />
      <p className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
        With private keys the file holds them as plain text: anyone with the file can impersonate your sites. Keep it like a
        password and delete it once imported.
      </p>
      <Button type="submit">Export</Button>
    </form>
  );
}
