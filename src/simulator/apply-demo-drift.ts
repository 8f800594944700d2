import type { SimulatorState } from "./simulator-state.js";

const MAILCOW_BINDING = "5a8f92de-81d5-4cf6-9273-7093de0f568d";
const MEDIA_USERS = "0820b2b8-6c54-4c20-9a0a-872820e6d9ea";
const PROXMOX_USERS = "cf26703a-a824-47dd-9550-30b848a8ce5f";
const VAULTWARDEN = "a9bef682-68df-46f9-aad0-6103dcaea10f";

/**
 * The example tenant (`examples/authentik-state.json`) with the kinds of drift people really meet,
 * for `ak-access demo`: Mailcow's only binding deleted (open to everyone), riley added to
 * media-users by hand, and a negated binding on Vaultwarden that admits everyone outside an empty
 * group. Returns a new state; the input is not changed.
 */
export function applyDemoDrift(state: SimulatorState): SimulatorState {
  const drifted = structuredClone(state);
  drifted.bindings = drifted.bindings.filter((binding) => binding.pk !== MAILCOW_BINDING);
  const media = drifted.groups.find((group) => group.pk === MEDIA_USERS);
  if (media && !media.members?.includes("riley")) media.members = [...(media.members ?? []), "riley"];
  drifted.bindings.push({
    pk: "b7d41c2e-93a5-4f08-8c6e-2d1f0a9e7b35",
    target: VAULTWARDEN,
    group: PROXMOX_USERS,
    order: 10,
    negate: true,
  });
  return drifted;
}
