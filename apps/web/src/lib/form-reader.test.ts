import { describe, expect, it } from "vitest";
import { formReader } from "./form-reader.ts";

function form(entries: [string, string][]): FormData {
  const data = new FormData();
  for (const [key, value] of entries) data.append(key, value);
  return data;
}

describe("formReader", () => {
  const reader = formReader(
    form([
      ["name", "  api  "],
      ["blank", "   "],
      ["count", "12"],
      ["notANumber", "twelve"],
      ["emptyNumber", ""],
      ["interval", "1.5"],
      ["box", "on"],
      ["targets.10.url", "c"],
      ["targets.2.url", "b"],
      ["targets.2.weight", "3"],
      ["targets.0.url", "a"],
      ["targetsExtra.0.url", "not a row of targets"],
      ["options.requestHeaders.0.name", "X-A"],
    ]),
  );

  it("reads text, blank text as undefined, and missing fields as empty", () => {
    expect(reader.text("name")).toBe("  api  ");
    expect(reader.optionalText("name")).toBe("api");
    expect(reader.optionalText("blank")).toBeUndefined();
    expect(reader.text("missing")).toBe("");
  });

  it("reads numbers: blank as undefined (the default applies), junk as NaN (the schema refuses it)", () => {
    expect(reader.number("count")).toBe(12);
    expect(reader.number("emptyNumber")).toBeUndefined();
    expect(reader.number("missing")).toBeUndefined();
    expect(reader.number("notANumber")).toBeNaN();
  });

  it("reads seconds as milliseconds", () => {
    expect(reader.seconds("interval")).toBe(1500);
    expect(reader.seconds("emptyNumber")).toBeUndefined();
    expect(reader.seconds("notANumber")).toBeNaN();
  });

  it("treats a checkbox as ticked only when it was sent", () => {
    expect(reader.checked("box")).toBe(true);
    expect(reader.checked("missing")).toBe(false);
  });

  it("lists the rows of a group in numeric index order, ignoring lookalike names", () => {
    expect(reader.rows("targets")).toEqual(["targets.0", "targets.2", "targets.10"]);
    expect(reader.rows("options.requestHeaders")).toEqual(["options.requestHeaders.0"]);
    expect(reader.rows("nothing")).toEqual([]);
  });
});
