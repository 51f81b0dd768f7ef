// The bare Remix app's server: Express and @remix-run/express, no middleware at all.
//   node tests/bench/bare-remix/server.mjs     after tests/bench/bare.ts built it; prints {"port":N}
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import express from "express";

const here = path.dirname(fileURLToPath(import.meta.url));
const variant = process.env.BARE_ROUTES === "koan" ? "koan-routes" : "";
const build = await import(path.join(here, variant, "build", "server", "index.js"));

const app = express();
app.all("*", createRequestHandler({ build, mode: "production" }));
const server = app.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
});
server.keepAliveTimeout = 65_000;
process.on("SIGTERM", () => server.close(() => process.exit(0)));
