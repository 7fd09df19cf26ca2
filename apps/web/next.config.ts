import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Gatehouse is self-hosted: no "X-Powered-By" banner for scanners, and no telemetry (see start script).
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
