import type { THostView, TLocationView } from "@gatehouse/db";
import type { THeaderEdit, THostTlsMode } from "@gatehouse/shared";

// Used by the host form in the browser: type-only imports from the server-side packages.

/**
 * What a location row's "Send requests to" choice means. "backend" and "upstream" are both proxy
 * actions: one backend URL (a private upstream kept by the control plane) or a shared pool.
 */
export const LOCATION_KINDS = ["backend", "upstream", "respond", "redirect"] as const;
export type TLocationKind = (typeof LOCATION_KINDS)[number];

export const BYTES_PER_MB = 1024 * 1024;

/** Bytes shown in the form's MB field (1.5 MB round-trips as 1572864 bytes). */
export function bytesToMb(bytes: number | null): string {
  return bytes === null ? "" : String(Number((bytes / BYTES_PER_MB).toFixed(3)));
}

/** An upstream pool a location can send requests to. */
export type TUpstreamChoice = { id: string; name: string };

/** A location row as the form shows it: every kind's fields, so switching kinds keeps what was typed. */
export type TLocationFormValues = {
  path: string;
  kind: TLocationKind;
  backendUrl: string;
  upstreamId: string;
  stripPrefix: boolean;
  respondStatus: string;
  body: string;
  contentType: string;
  redirectTo: string;
  redirectStatus: string;
  keepPath: boolean;
};

/** A year: what HSTS guides recommend and the least hstspreload.org accepts. */
export const DEFAULT_HSTS_MAX_AGE_SECONDS = 31_536_000;

/** A certificate the host can use, with the names it covers (the form offers those covering the domains). */
export type TCertificateChoice = { id: string; name: string; domains: string[] };

export type THostTlsFormValues = {
  mode: THostTlsMode;
  certificateId: string;
  forceHttps: boolean;
  hstsEnabled: boolean;
  hstsMaxAgeSeconds: string;
  hstsIncludeSubDomains: boolean;
  hstsPreload: boolean;
};

export type THostFormValues = {
  id: string | null;
  domains: string;
  enabled: boolean;
  /** "redirect": the host is one "/" redirect location, edited with the simple redirect fields. */
  type: "proxy" | "redirect";
  /** The "/" location of a proxy host. */
  root: TLocationFormValues;
  /** The "/" redirect of a redirect host. */
  redirect: TLocationFormValues;
  /** Locations other than "/". */
  locations: TLocationFormValues[];
  options: {
    maxBodyMb: string;
    preserveHost: boolean;
    requestHeaders: THeaderEdit[];
    responseHeaders: THeaderEdit[];
    hideServerHeaders: boolean;
  };
  tls: THostTlsFormValues;
};

export function blankLocation(path: string, kind: TLocationKind = "backend"): TLocationFormValues {
  return {
    path,
    kind,
    backendUrl: "",
    upstreamId: "",
    stripPrefix: false,
    respondStatus: "200",
    body: "",
    contentType: "",
    redirectTo: "",
    redirectStatus: "308",
    keepPath: true,
  };
}

function locationValues({ path, action }: TLocationView): TLocationFormValues {
  const blank = blankLocation(path);
  switch (action.type) {
    case "proxy":
      return action.backendUrl !== null
        ? { ...blank, kind: "backend", backendUrl: action.backendUrl, stripPrefix: action.stripPrefix }
        : { ...blank, kind: "upstream", upstreamId: action.upstreamId, stripPrefix: action.stripPrefix };
    case "respond":
      return { ...blank, kind: "respond", respondStatus: String(action.status), body: action.body, contentType: action.contentType };
    case "redirect":
      return { ...blank, kind: "redirect", redirectTo: action.to, redirectStatus: String(action.status), keepPath: action.keepPath };
  }
}

function tlsValues(tls: THostView["tls"] | null, newHostMode: THostTlsMode): THostTlsFormValues {
  return {
    mode: tls?.mode ?? newHostMode,
    certificateId: tls?.certificateId ?? "",
    // A new host redirects to HTTPS: the proxy only does so once a certificate is actually served.
    forceHttps: tls?.forceHttps ?? true,
    hstsEnabled: tls?.hsts != null,
    hstsMaxAgeSeconds: String(tls?.hsts?.maxAgeSeconds ?? DEFAULT_HSTS_MAX_AGE_SECONDS),
    hstsIncludeSubDomains: tls?.hsts?.includeSubDomains ?? false,
    hstsPreload: tls?.hsts?.preload ?? false,
  };
}

/**
 * The form's starting values: a new host (quick "one domain -> one backend URL", HTTPS as
 * `newHostMode`) or an existing one.
 */
export function hostFormValues(host: THostView | null, newHostMode: THostTlsMode = "off"): THostFormValues {
  const locations = (host?.locations ?? []).map(locationValues);
  const root = locations.find((location) => location.path === "/");
  const isRedirectHost = locations.length === 1 && root?.kind === "redirect";
  return {
    id: host?.id ?? null,
    domains: host?.domains.join("\n") ?? "",
    enabled: host?.enabled ?? true,
    type: isRedirectHost ? "redirect" : "proxy",
    root: !root || isRedirectHost ? blankLocation("/") : root,
    redirect: isRedirectHost ? root : blankLocation("/", "redirect"),
    locations: locations.filter((location) => location.path !== "/"),
    options: {
      maxBodyMb: bytesToMb(host?.options.maxBodyBytes ?? null),
      preserveHost: host?.options.preserveHost ?? true,
      requestHeaders: host?.options.requestHeaders ?? [],
      responseHeaders: host?.options.responseHeaders ?? [],
      hideServerHeaders: host?.options.hideServerHeaders ?? false,
    },
    tls: tlsValues(host?.tls ?? null, newHostMode),
  };
}

/** Whether any advanced option differs from its default (the form then opens that section). */
export function hasAdvancedOptions(options: THostFormValues["options"]): boolean {
  return (
    options.maxBodyMb !== "" ||
    !options.preserveHost ||
    options.requestHeaders.length > 0 ||
    options.responseHeaders.length > 0 ||
    options.hideServerHeaders
  );
}
