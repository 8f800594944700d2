export { runAudit } from "./run-audit.js";
export type { AuditDeps, GoodBaseline } from "./run-audit.js";
export { createAuditStore } from "./create-audit-store.js";
export type { AuditStatus, AuditStore } from "./create-audit-store.js";
export { startAuditLoop, validateSchedule } from "./start-audit-loop.js";
export type { AuditLoop, AuditLoopOptions } from "./start-audit-loop.js";
export type { AuditOutcome, AuditResult } from "./types.js";
export { memoizePerResult } from "./memoize-per-result.js";
