import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// Tauri loads `dist/` through its own protocol under a strict CSP: the build must not need
// inline scripts or styles (Vite emits none for this entry) nor anything from the network.
export default defineConfig({
  plugins: [react()],
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // WebKitGTK 2.40+ (Linux), WKWebView (macOS), WebView2 (Windows).
    target: ["safari15", "chrome105"],
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (id.includes("node_modules/echarts") || id.includes("node_modules/zrender")) return "echarts";
          return undefined;
        },
      },
    },
  },
  test: {
    environment: "happy-dom",
    include: ["src/**/*.test.{ts,tsx}"],
    restoreMocks: true,
  },
});
