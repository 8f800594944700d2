/**
 * The authentik simulator: an in-process HTTP server that answers the parts of authentik's API an
 * access auditor uses (base path `/api/v3`) the way authentik does, for tests and `ak-access demo`.
 */
export type {
  SimulatorApplication,
  SimulatorBinding,
  SimulatorEngineMode,
  SimulatorEvent,
  SimulatorFlags,
  SimulatorGroup,
  SimulatorPermission,
  SimulatorPolicy,
  SimulatorSettings,
  SimulatorState,
  SimulatorToken,
  SimulatorUser,
  SimulatorUserType,
} from "./simulator-state.js";
export type { SimulatorFault } from "./select-fault.js";
export { createSimulatorApp } from "./create-simulator-app.js";
export {
  createSimulatorRuntime,
  type SimulatorAccessOverride,
  type SimulatorRequest,
  type SimulatorRuntime,
} from "./create-simulator-runtime.js";
export type { SimulatorEnv } from "./route-context.js";
export { startSimulator, type Simulator, type StartSimulatorOptions } from "./start-simulator.js";
export { loadSimulatorState } from "./load-simulator-state.js";
export { validateSimulatorState } from "./validate-simulator-state.js";
export { SimulatorStateError } from "./simulator-state-error.js";
export {
  generateSimulatorState,
  generatedAdminToken,
  type GenerateSimulatorStateOptions,
} from "./generate-simulator-state.js";
export { resolveFeatures, versionAtLeast, type VersionFeatures } from "./resolve-features.js";
export type { SnakeCase, Wire } from "./wire.js";
export { applyDemoDrift } from "./apply-demo-drift.js";
