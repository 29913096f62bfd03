// Component tests (unit/components/*.test.tsx): the editor's forms rendered in jsdom with
// @testing-library/react. `npm run test:components`; scripts/ui.sh check runs them.
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  esbuild: { jsx: "automatic" },
  resolve: { alias: { "@": path.resolve(import.meta.dirname, "src") } },
  test: {
    environment: "jsdom",
    include: ["unit/components/**/*.test.tsx"],
    pool: "threads",
    poolOptions: { threads: { maxThreads: 2 } },
  },
});
