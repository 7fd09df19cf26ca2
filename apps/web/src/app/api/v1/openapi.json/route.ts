import { openApiDocument } from "@/features/api-tokens/openapi-document.ts";

/** The OpenAPI 3.1 document of /api/v1, public like any API description (it holds no data). */
export function GET(): Response {
  return Response.json(openApiDocument());
}
