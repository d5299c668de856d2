// SPDX-License-Identifier: Apache-2.0
// Builds the web chat client into one folder the webapp plugin serves at /app: the page and
// the service worker (a fixed name, sw.js, so its URL and scope never change between builds).
import { defineConfig } from "vite";

export default defineConfig({
  base: "/app/",
  build: {
    // scripts/webapp passes the build tree's folder; a plain `npm run build` writes dist/.
    outDir: process.env.SB_WEBAPP_OUT ?? "dist",
    emptyOutDir: true,
    target: "es2022",
    assetsInlineLimit: 0,
    reportCompressedSize: false,
    // The Signal library and its Curve25519 (wasm2js) are one large chunk by nature.
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      input: { main: "index.html", sw: "src/sw.ts" },
      output: {
        entryFileNames: (chunk) => (chunk.name === "sw" ? "sw.js" : "assets/[name]-[hash].js"),
      },
    },
  },
});
