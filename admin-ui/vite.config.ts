// SPDX-License-Identifier: Apache-2.0
// Builds the admin UI into one folder the admin plugin serves at /admin: every asset is
// bundled (uPlot included), nothing is fetched from elsewhere at run time.
import { defineConfig } from "vite";

export default defineConfig({
  base: "/admin/",
  build: {
    // scripts/admin-ui passes the build tree's folder; a plain `npm run build` writes dist/.
    outDir: process.env.SB_ADMIN_UI_OUT ?? "dist",
    emptyOutDir: true,
    target: "es2022",
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
});
