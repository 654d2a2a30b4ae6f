import { describe, expect, it } from "vitest";
import { describeRecording } from "./describe-recording";

const site = (extra: Partial<Parameters<typeof describeRecording>[0]> = {}) => ({ privacyPreset: "strict", maskSelectors: "", blockSelectors: "", unmaskSelectors: "", ...extra });

describe("describeRecording", () => {
  it("under strict, says text the pages mark as safe stays visible, since [data-glimpse-unmask] is honoured without any selector", () => {
    expect(describeRecording(site(), "en")).toContain("All text on the pages is hidden, except interface text that the site's pages mark as safe to show");
  });

  it("counts only the unmask selectors that are applied: a site left with complex ones does not claim declared text", () => {
    expect(describeRecording(site({ unmaskSelectors: "main > p, nav a:hover" }), "en")).toContain("All text on the pages is hidden");
    expect(describeRecording(site({ unmaskSelectors: "main > p, nav" }), "en")).toContain("Interface text the site declared");
  });

  it("under balanced, says personal values in the visible text are removed", () => {
    expect(describeRecording(site({ privacyPreset: "balanced" }), "en")).toContain("emails, card numbers and phone numbers in it are removed");
    expect(describeRecording(site({ privacyPreset: "balanced" }), "fr")).toContain("numéros de téléphone en sont retirés");
  });
});
