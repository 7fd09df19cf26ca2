import { describe, expect, it } from "vitest";
import { API_OPERATIONS, jsonSchemaOf, openApiDocument, REQUEST_SCHEMAS } from "./openapi-document.ts";

type TDocument = {
  openapi: string;
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { $ref: string } }> }; responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, { type: string; scheme: string }> };
  security: Record<string, unknown>[];
};

// The route modules serving each documented path (Next's folder names for the {id} segment).
const ROUTE_MODULES: Record<string, () => Promise<Record<string, unknown>>> = {
  "/hosts": () => import("@/app/api/v1/hosts/route.ts"),
  "/hosts/{id}": () => import("@/app/api/v1/hosts/[id]/route.ts"),
  "/upstreams": () => import("@/app/api/v1/upstreams/route.ts"),
  "/upstreams/{id}": () => import("@/app/api/v1/upstreams/[id]/route.ts"),
  "/certificates": () => import("@/app/api/v1/certificates/route.ts"),
  "/certificates/{id}": () => import("@/app/api/v1/certificates/[id]/route.ts"),
  "/members": () => import("@/app/api/v1/members/route.ts"),
  "/members/{id}": () => import("@/app/api/v1/members/[id]/route.ts"),
  "/invitations": () => import("@/app/api/v1/invitations/route.ts"),
  "/invitations/{id}": () => import("@/app/api/v1/invitations/[id]/route.ts"),
  "/invitations/{id}/resend": () => import("@/app/api/v1/invitations/[id]/resend/route.ts"),
};

const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

function resolve(document: TDocument, $ref: string): unknown {
  const name = $ref.replace("#/components/schemas/", "");
  expect(document.components.schemas, $ref).toHaveProperty(name);
  return document.components.schemas[name];
}

describe("the OpenAPI document", () => {
  const document = openApiDocument() as TDocument;

  it("is OpenAPI 3.1 with the bearer token scheme required by default", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.components.securitySchemes.bearerToken).toMatchObject({ type: "http", scheme: "bearer" });
    expect(document.security).toEqual([{ bearerToken: [] }]);
  });

  it("lists exactly the methods each route module exports", async () => {
    expect(Object.keys(document.paths).sort()).toEqual(Object.keys(ROUTE_MODULES).sort());
    for (const [path, load] of Object.entries(ROUTE_MODULES)) {
      const exported = Object.keys(await load()).filter((name) => HTTP_METHODS.includes(name));
      expect(Object.keys(document.paths[path]!).map((method) => method.toUpperCase()).sort(), path).toEqual(exported.sort());
    }
  });

  it("gives every request body the JSON Schema of the zod input the route parses", () => {
    const bodies = Object.values(document.paths).flatMap((methods) => Object.values(methods).flatMap(({ requestBody }) => (requestBody ? [requestBody] : [])));
    expect(bodies).toHaveLength(7);
    for (const [path, methods] of Object.entries(API_OPERATIONS)) {
      for (const [method, operation] of Object.entries(methods)) {
        const body = document.paths[path]![method]!.requestBody;
        if (!operation.body) {
          expect(body, `${method} ${path}`).toBeUndefined();
          continue;
        }
        const schema = resolve(document, body!.content["application/json"]!.schema.$ref);
        expect(schema, `${method} ${path}`).toEqual(jsonSchemaOf(REQUEST_SCHEMAS[operation.body], "input"));
        expect(schema).toMatchObject({ type: "object", properties: expect.any(Object) });
      }
    }
  });

  it("describes every success and error response with a schema that exists", () => {
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, { responses }] of Object.entries(methods)) {
        expect(Object.keys(responses), `${method} ${path}`).toContain("401");
        for (const ref of JSON.stringify(responses).matchAll(/"\$ref":"([^"]+)"/g)) resolve(document, ref[1]!);
      }
    }
    expect(document.paths["/hosts"]!.get!.responses["200"]).toMatchObject({ content: { "application/json": { schema: { type: "array" } } } });
  });
});
