import { readFile } from "node:fs/promises";
import { AppError } from "@gatehouse/shared";

/** Reads a snapshot file as JSON. Validation is the route table's job, same as for the control plane. */
export async function readConfigFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new AppError("BAD_INPUT", `Cannot read the config file ${file} (${(error as NodeJS.ErrnoException).code}).`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError("BAD_INPUT", `The config file ${file} is not valid JSON: ${(error as Error).message}`);
  }
}
