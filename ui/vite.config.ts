import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The built UI ships inside the Python package, where `plynx local` serves it at `/`.
export default defineConfig({
  plugins: [react()],
  base: "/",
  build: {
    outDir: "../src/plynx/ui",
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
  },
  server: {
    // `npm run dev` talks to a `plynx local` on the default port.
    proxy: { "/api": "http://127.0.0.1:5005" },
  },
});
