// Types for build-recorder.mjs, for the tests that bundle the recorder's code.
import type { Plugin } from "esbuild";
export const rrwebPatches: Plugin;
