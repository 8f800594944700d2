import type { BaselineBindingTarget } from "./types.js";

/** `media-users`, `user:riley`, `policy:geo-check`: what a binding's target is called in findings and ids. */
export function bindingTargetLabel(target: BaselineBindingTarget): string {
  switch (target.kind) {
    case "group":
      return target.name;
    case "user":
      return `user:${target.username}`;
    case "policy":
      return `policy:${target.name}`;
  }
}
