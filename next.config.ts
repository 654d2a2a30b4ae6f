import type { NextConfig } from "next";
import { SERVER_EXTERNALS } from "./scripts/server-externals.mjs";
import { SECURITY_HEADERS } from "./lib/http/security-headers";

const securityHeaders = Object.entries(SECURITY_HEADERS).map(([key, value]) => ({ key, value }));

const recorderAssetHeaders = [
  { key: "Cache-Control", value: "public, max-age=300" },
  { key: "Cross-Origin-Resource-Policy", value: "cross-origin" },
  { key: "Access-Control-Allow-Origin", value: "*" },
];

const nextConfig: NextConfig = {
  // Lets a second build or dev server run beside the first (tests, parallel work).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  reactStrictMode: true,
  serverExternalPackages: SERVER_EXTERNALS,
  // The contract's POST /r/:token is the consent form's route, without passing through the proxy
  // (which would wait for the whole body before answering): see proxy.ts.
  async rewrites() {
    return {
      beforeFiles: [
        {
          source: "/r/:token([^/%]+)",
          has: [{ type: "header", key: "content-type", value: "application/x-www-form-urlencoded.*" }],
          destination: "/r/:token/decision",
        },
      ],
      afterFiles: [],
      fallback: [],
    };
  },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // The loader and recorder are loaded by the operator's pages, on other origins.
      ...["/g.js", "/recorder.js"].map((source) => ({ source, headers: recorderAssetHeaders })),
    ];
  },
};

export default nextConfig;
