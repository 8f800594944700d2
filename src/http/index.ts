export { createApp } from "./create-app.js";
export type { AppDeps, HttpRenderers } from "./create-app.js";
