import { createSecretBox } from "../src/secrets/secret-box.ts";

/** The box tests seal and open keys with, as the web process builds it from GATEHOUSE_SECRET. */
export const testBox = createSecretBox("test secret: at least thirty-two characters of it");
