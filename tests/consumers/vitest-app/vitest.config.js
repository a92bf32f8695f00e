// What a front-end project's Vitest set-up says: the DOM environment its component tests use,
// and the page's address, here the local ITSM server the consumer test started (ITSM_URL).
// Nothing about bk-itsm-tickets. VITEST_DOM picks jsdom (default) or happy-dom.
import { defineConfig } from "vitest/config";

const url = process.env.ITSM_URL;

export default defineConfig({
  test: {
    environment: process.env.VITEST_DOM || "jsdom",
    environmentOptions: { jsdom: { url }, happyDOM: { url } },
  },
});
