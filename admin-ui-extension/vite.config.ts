import react from "@vitejs/plugin-react";
import { readFileSync, writeFileSync } from "node:fs";
import { defineConfig, Plugin } from "vite";

const outDir = "target/classes/theme/audit-log/admin/resources";

/**
 * Keycloak's index.ftl preloads the entry's `imports` as `${resourceUrl}/${import}`, but Vite lists chunk keys
 * there ("_index-….js"), not files. Rewrite them to the files so the preloads load instead of 404ing.
 */
function keycloakManifest(): Plugin {
  return {
    name: "keycloak-manifest",
    apply: "build",
    closeBundle() {
      const path = `${outDir}/.vite/manifest.json`;
      const manifest = JSON.parse(readFileSync(path, "utf8"));
      for (const chunk of Object.values<{ isEntry?: boolean; imports?: string[] }>(manifest)) {
        if (chunk.isEntry && chunk.imports) chunk.imports = chunk.imports.map((key) => manifest[key]?.file ?? key);
      }
      writeFileSync(path, JSON.stringify(manifest, null, 2));
    },
  };
}

// Built into the theme's resources: Keycloak reads .vite/manifest.json there to load our entry instead of
// keycloak.v2's. React comes from Keycloak's vendor import map (index.ftl), so it must stay external.
export default defineConfig({
  base: "",
  plugins: [react(), keycloakManifest()],
  build: {
    outDir,
    emptyOutDir: true,
    manifest: true,
    target: "esnext",
    modulePreload: false,
    chunkSizeWarningLimit: 8000,
    rollupOptions: {
      input: "src/main.tsx",
      external: ["react", "react/jsx-runtime", "react-dom"],
    },
  },
});
