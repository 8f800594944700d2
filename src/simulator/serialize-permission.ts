import type { Permission } from "@goauthentik/api";
import type { SimulatorPermission } from "./simulator-state.js";
import type { Wire } from "./wire.js";

const permissionLabels: Record<SimulatorPermission, string> = {
  view_user: "authentik_core",
  view_group: "authentik_core",
  view_application: "authentik_core",
  view_user_applications: "authentik_core",
  add_group: "authentik_core",
  change_group: "authentik_core",
  enable_group_superuser: "authentik_core",
  disable_group_superuser: "authentik_core",
  add_user_to_group: "authentik_core",
  remove_user_from_group: "authentik_core",
  view_policybinding: "authentik_policies",
  add_policybinding: "authentik_policies",
  change_policybinding: "authentik_policies",
  delete_policybinding: "authentik_policies",
  change_application: "authentik_core",
  view_expressionpolicy: "authentik_policies_expression",
  view_system_settings: "authentik_rbac",
  view_event: "authentik_events",
};

// In the order of their `id`s.
const permissionModels: Record<SimulatorPermission, { model: string; verbose: string; name: string }> = {
  view_user: { model: "user", verbose: "User", name: "Can view User" },
  view_group: { model: "group", verbose: "Group", name: "Can view group" },
  view_application: { model: "application", verbose: "Application", name: "Can view Application" },
  view_user_applications: { model: "user", verbose: "User", name: "View applications the user has access to" },
  add_group: { model: "group", verbose: "Group", name: "Can add group" },
  change_group: { model: "group", verbose: "Group", name: "Can change group" },
  enable_group_superuser: { model: "group", verbose: "Group", name: "Enable superuser status" },
  disable_group_superuser: { model: "group", verbose: "Group", name: "Disable superuser status" },
  add_user_to_group: { model: "group", verbose: "Group", name: "Add user to group" },
  remove_user_from_group: { model: "group", verbose: "Group", name: "Remove user from group" },
  view_policybinding: { model: "policybinding", verbose: "Policy Binding", name: "Can view Policy Binding" },
  add_policybinding: { model: "policybinding", verbose: "Policy Binding", name: "Can add Policy Binding" },
  delete_policybinding: { model: "policybinding", verbose: "Policy Binding", name: "Can delete Policy Binding" },
  view_system_settings: { model: "systempermission", verbose: "system permission", name: "Can view system settings" },
  view_event: { model: "event", verbose: "Event", name: "Can view Event" },
  change_policybinding: { model: "policybinding", verbose: "Policy Binding", name: "Can change Policy Binding" },
  change_application: { model: "application", verbose: "Application", name: "Can change Application" },
  view_expressionpolicy: { model: "expressionpolicy", verbose: "Expression Policy", name: "Can view Expression Policy" },
};

const appLabelsVerbose: Record<string, string> = {
  authentik_core: "authentik Core",
  authentik_policies: "authentik Policies",
  authentik_rbac: "authentik RBAC",
  authentik_events: "authentik Events",
  authentik_policies_expression: "authentik Policies.Expression",
};

/** Every permission the simulator knows, in a fixed order (its `id`s follow it). */
export const simulatorPermissions = Object.keys(permissionModels) as SimulatorPermission[];

/** The Django app a permission belongs to, e.g. `authentik_core`. */
export function permissionAppLabel(permission: SimulatorPermission): string {
  return permissionLabels[permission];
}

/** A global permission as `GET /rbac/permissions/` lists it. */
export function serializePermission(permission: SimulatorPermission): Wire<Permission> {
  const { model, verbose, name } = permissionModels[permission];
  const appLabel = permissionLabels[permission];
  return {
    id: simulatorPermissions.indexOf(permission) + 1,
    name,
    codename: permission,
    model,
    app_label: appLabel,
    app_label_verbose: appLabelsVerbose[appLabel] ?? appLabel,
    model_verbose: verbose,
  } satisfies Wire<Permission>;
}
