/** Small text helpers every stage may use: pure, no I/O. */
export { compareText } from "./compare-text.js";
