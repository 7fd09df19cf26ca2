import { RadioCards } from "@/components/ui/radio-cards.tsx";
import type { THostFormValues } from "../host-form-values.ts";

const HOST_TYPES = [
  { value: "proxy", title: "Proxy", description: "Forward requests to backends, by path." },
  { value: "redirect", title: "Redirect", description: "Send visitors to another address." },
] as const;

/** Proxy or redirect host, as two radio cards. */
export function HostTypeChoice({ value, onChange }: { value: THostFormValues["type"]; onChange: (type: THostFormValues["type"]) => void }) {
  return <RadioCards name="hostType" legend="Type" options={HOST_TYPES} value={value} onChange={onChange} columns="sm:grid-cols-2" />;
}
