import type { NextConfig } from "next";

// A static export: `next build` writes plain files to out/, which the openvoiceos binary serves
// (OVOS_UI_DIR). No Node.js runs in production, so there are no API routes, rewrites or
// middleware; objects created at run time are addressed by query parameters (/agents/edit/?id=).
const config: NextConfig = {
  output: "export",
  trailingSlash: true,
  images: { unoptimized: true },
  poweredByHeader: false,
};

export default config;
