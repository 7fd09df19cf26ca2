import {
  CERTIFICATE_SOURCES,
  CERTIFICATE_STATUSES,
  ERROR_STATUS,
  HOST_TLS_MODES,
  ROLES,
  ZCertificateUploadInput,
  ZHostInput,
  ZHostOptions,
  ZInvitationInput,
  ZMemberRoleInput,
  ZUpstreamInput,
} from "@gatehouse/shared";
import { z } from "zod";

/**
 * The OpenAPI 3.1 description of /api/v1's organization routes. Request bodies are the JSON Schema of
 * the very zod schemas the routes (and the GUI's forms) parse with; responses describe the db views
 * the routes return, dates as ISO strings.
 */

const ZTimestamp = z.iso.datetime();

const ZHostView = z.object({
  id: z.string(),
  enabled: z.boolean(),
  domains: z.array(z.string()),
  locations: z.array(z.object({ path: z.string(), action: z.looseObject({ type: z.enum(["proxy", "redirect", "static"]) }) })),
  options: ZHostOptions,
  tls: z.looseObject({ mode: z.enum(HOST_TLS_MODES), certificateId: z.string().nullable(), forceHttps: z.boolean() }),
  revision: z.number().int(),
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
});

const ZUpstreamView = ZUpstreamInput.extend({ id: z.string(), hostCount: z.number().int(), revision: z.number().int(), createdAt: ZTimestamp, updatedAt: ZTimestamp });

const ZCertificateView = z.object({
  id: z.string(),
  name: z.string(),
  source: z.enum(CERTIFICATE_SOURCES),
  status: z.enum(CERTIFICATE_STATUSES),
  domains: z.array(z.string()),
  issuer: z.string().nullable(),
  serialNumber: z.string().nullable(),
  notBefore: ZTimestamp.nullable(),
  notAfter: ZTimestamp.nullable(),
  renewAt: ZTimestamp.nullable(),
  lastError: z.string().nullable(),
  hostCount: z.number().int(),
  updatedAt: ZTimestamp,
});

const ZCertificateDetailView = ZCertificateView.extend({
  events: z.array(z.object({ step: z.string(), message: z.string(), createdAt: ZTimestamp })),
  hosts: z.array(z.object({ id: z.string(), domains: z.array(z.string()) })),
  certificatePem: z.string().nullable(),
});

const ZMemberView = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.string().describe(`One of ${ROLES.join(", ")}.`),
  joinedAt: ZTimestamp,
});

const ZInvitationView = z.object({
  id: z.string(),
  organizationName: z.string(),
  email: z.string(),
  role: z.string(),
  status: z.enum(["pending", "accepted", "revoked", "expired"]),
  invitedBy: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  createdAt: ZTimestamp,
  expiresAt: ZTimestamp,
  lastSentAt: ZTimestamp.nullable(),
  acceptedAt: ZTimestamp.nullable(),
});

const ZInvitationDelivery = z.object({
  invitation: ZInvitationView,
  link: z.string().describe("The invitation link. Shown only in this answer: Gatehouse keeps only a hash of its token."),
  emailed: z.boolean().describe("Whether the link was emailed to the invited address (false when no SMTP server is set up)."),
  emailProblem: z.string().optional().describe("Why the email could not be sent, when mail is set up but sending failed."),
});

const ZErrorBody = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_STATUS) as [keyof typeof ERROR_STATUS]),
    message: z.string(),
    fieldErrors: z.record(z.string(), z.array(z.string())).optional(),
  }),
});

/** Request bodies: exactly what the routes parse. Keyed by their component name. */
export const REQUEST_SCHEMAS = {
  HostInput: ZHostInput,
  UpstreamInput: ZUpstreamInput,
  CertificateUploadInput: ZCertificateUploadInput,
  MemberRoleInput: ZMemberRoleInput,
  InvitationInput: ZInvitationInput,
} as const;

const RESPONSE_SCHEMAS = {
  Host: ZHostView,
  Upstream: ZUpstreamView,
  Certificate: ZCertificateView,
  CertificateDetail: ZCertificateDetailView,
  Member: ZMemberView,
  Invitation: ZInvitationView,
  InvitationDelivery: ZInvitationDelivery,
  Error: ZErrorBody,
} as const;

type TSchemaName = keyof typeof REQUEST_SCHEMAS | keyof typeof RESPONSE_SCHEMAS;

/** A zod schema as a JSON Schema for OpenAPI 3.1 (its dialect is the document's, so no `$schema`). */
export function jsonSchemaOf(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" });
  return rest;
}

type TOperation = {
  summary: string;
  permission: string;
  body?: keyof typeof REQUEST_SCHEMAS;
  /** 200/201 with a schema (an array of it when `list`), or 204 without a body. */
  response: { status: 200 | 201; schema: keyof typeof RESPONSE_SCHEMAS; list?: boolean } | { status: 204 };
  byId?: boolean;
  /** When the operation can answer 409, and why. */
  conflict?: string;
};

/** Every route under /api/v1 for organization data, by path and method. */
export const API_OPERATIONS: Record<string, Partial<Record<"get" | "post" | "put" | "patch" | "delete", TOperation>>> = {
  "/hosts": {
    get: { summary: "List the organization's hosts", permission: "host:read", response: { status: 200, schema: "Host", list: true } },
    post: { summary: "Create a host", permission: "host:write", body: "HostInput", response: { status: 201, schema: "Host" } },
  },
  "/hosts/{id}": {
    get: { summary: "Read a host", permission: "host:read", byId: true, response: { status: 200, schema: "Host" } },
    put: { summary: "Replace a host", permission: "host:write", byId: true, body: "HostInput", response: { status: 200, schema: "Host" } },
    delete: { summary: "Delete a host (its private upstreams go with it)", permission: "host:write", byId: true, response: { status: 204 } },
  },
  "/upstreams": {
    get: { summary: "List the organization's upstream pools", permission: "upstream:read", response: { status: 200, schema: "Upstream", list: true } },
    post: { summary: "Create an upstream pool", permission: "upstream:write", body: "UpstreamInput", response: { status: 201, schema: "Upstream" } },
  },
  "/upstreams/{id}": {
    get: { summary: "Read an upstream pool", permission: "upstream:read", byId: true, response: { status: 200, schema: "Upstream" } },
    put: { summary: "Replace an upstream pool", permission: "upstream:write", byId: true, body: "UpstreamInput", response: { status: 200, schema: "Upstream" } },
    delete: { summary: "Delete an upstream pool (409 while a host uses it)", permission: "upstream:write", byId: true, response: { status: 204 } },
  },
  "/certificates": {
    get: { summary: "List the organization's certificates (never a private key)", permission: "certificate:read", response: { status: 200, schema: "Certificate", list: true } },
    post: { summary: "Upload a certificate with its chain and private key", permission: "certificate:write", body: "CertificateUploadInput", response: { status: 201, schema: "Certificate" } },
  },
  "/certificates/{id}": {
    get: { summary: "Read a certificate with its order events and hosts", permission: "certificate:read", byId: true, response: { status: 200, schema: "CertificateDetail" } },
    delete: { summary: "Delete a certificate (409 while a host uses it)", permission: "certificate:write", byId: true, response: { status: 204 } },
  },
  "/members": {
    get: { summary: "List the organization's members", permission: "member:read", response: { status: 200, schema: "Member", list: true } },
  },
  "/members/{id}": {
    get: { summary: "Read a member", permission: "member:read", byId: true, response: { status: 200, schema: "Member" } },
    patch: {
      summary: "Change a member's role (at most your own role, never for a member above you)",
      permission: "member:write",
      byId: true,
      body: "MemberRoleInput",
      response: { status: 200, schema: "Member" },
      conflict: "The organization would be left without an owner.",
    },
    delete: {
      summary: "Remove a member (not one above your own role)",
      permission: "member:write",
      byId: true,
      response: { status: 204 },
      conflict: "The organization would be left without an owner.",
    },
  },
  "/invitations": {
    get: { summary: "List the organization's invitations with their status (they reveal invited addresses)", permission: "member:write", response: { status: 200, schema: "Invitation", list: true } },
    post: {
      summary: "Invite someone by email with a role (at most your own); answers the link once and whether it was emailed",
      permission: "member:write",
      body: "InvitationInput",
      response: { status: 201, schema: "InvitationDelivery" },
      conflict: "The address is already a member, or already has a pending invitation (resend that one).",
    },
  },
  "/invitations/{id}": {
    delete: { summary: "Revoke an invitation: its link stops working", permission: "member:write", byId: true, response: { status: 204 }, conflict: "The invitation was already accepted." },
  },
  "/invitations/{id}/resend": {
    post: {
      summary: "Send a pending or expired invitation again with a new link (the previous link stops working)",
      permission: "member:write",
      byId: true,
      response: { status: 200, schema: "InvitationDelivery" },
      conflict: "The invitation was accepted or revoked, or the address is a member now.",
    },
  },
};

const ref = (name: TSchemaName) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ "application/json": { schema } });
const errorResponse = (description: string) => ({ description, content: json(ref("Error")) });

function operationObject(operation: TOperation): Record<string, unknown> {
  const { response } = operation;
  const success =
    response.status === 204
      ? { "204": { description: "Done; no body." } }
      : { [response.status]: { description: "OK", content: json(response.list ? { type: "array", items: ref(response.schema) } : ref(response.schema)) } };
  return {
    summary: operation.summary,
    description: `Needs the ${operation.permission} permission (the same role matrix as the GUI).`,
    ...(operation.byId ? { parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }] } : {}),
    ...(operation.body ? { requestBody: { required: true, content: json(ref(operation.body)) } } : {}),
    responses: {
      ...success,
      ...(operation.body ? { "400": errorResponse("The body is not valid JSON or fails the schema; fieldErrors names each field.") } : {}),
      "401": errorResponse("No valid token or session."),
      "403": errorResponse("The token's or member's role does not allow this."),
      ...(operation.byId ? { "404": errorResponse("No such record in this organization.") } : {}),
      ...(operation.conflict ? { "409": errorResponse(operation.conflict) } : {}),
    },
  };
}

export function openApiDocument(): Record<string, unknown> {
  const paths = Object.fromEntries(
    Object.entries(API_OPERATIONS).map(([path, methods]) => [
      path,
      Object.fromEntries(Object.entries(methods).flatMap(([method, operation]) => (operation ? [[method, operationObject(operation)]] : []))),
    ]),
  );
  const schemas = {
    ...Object.fromEntries(Object.entries(REQUEST_SCHEMAS).map(([name, schema]) => [name, jsonSchemaOf(schema, "input")])),
    ...Object.fromEntries(Object.entries(RESPONSE_SCHEMAS).map(([name, schema]) => [name, jsonSchemaOf(schema, "output")])),
  };
  return {
    openapi: "3.1.0",
    info: {
      title: "Gatehouse API",
      version: "1",
      description: "An organization's hosts, upstreams, certificates, members and invitations. Authenticate with an API token from the API tokens page, or a signed-in browser session.",
    },
    servers: [{ url: "/api/v1" }],
    security: [{ bearerToken: [] }],
    components: {
      securitySchemes: {
        bearerToken: { type: "http", scheme: "bearer", description: "An organization API token (gh_…); it acts with its own role in its organization." },
      },
      schemas,
    },
    paths,
  };
}
