import { bindingModel, createModelEvent, groupModel } from "./record-model-event.js";
import type { SimulatorBinding, SimulatorState } from "./simulator-state.js";

const MAILCOW_BINDING = "5a8f92de-81d5-4cf6-9273-7093de0f568d";
const MEDIA_USERS = "0820b2b8-6c54-4c20-9a0a-872820e6d9ea";
const PROXMOX_USERS = "cf26703a-a824-47dd-9550-30b848a8ce5f";
const VAULTWARDEN = "a9bef682-68df-46f9-aad0-6103dcaea10f";
const HOUR_MS = 3_600_000;

/**
 * The example tenant (`examples/authentik-state.json`) with the kinds of drift people really meet,
 * for `ak-access demo`: Mailcow's only binding deleted (open to everyone), riley added to
 * media-users by hand, and a negated binding on Vaultwarden that admits everyone outside an empty
 * group. Each drift is in the event log too, as authentik would have logged it (who, when, from
 * where), a few hours to a day before `now`. Returns a new state; the input is not changed.
 */
export function applyDemoDrift(state: SimulatorState, options: { now?: Date } = {}): SimulatorState {
  const now = (options.now ?? new Date()).getTime();
  const at = (hoursAgo: number) => new Date(now - hoursAgo * HOUR_MS).toISOString();
  const drifted = structuredClone(state);
  const users = new Map(drifted.users.map((user) => [user.username, user]));
  const apps = new Map(drifted.applications.map((app) => [app.pk, app]));
  const groups = new Map(drifted.groups.map((group) => [group.pk, group]));
  const events = [...(drifted.events ?? [])];
  drifted.events = events;

  const mailcow = drifted.bindings.find((binding) => binding.pk === MAILCOW_BINDING);
  drifted.bindings = drifted.bindings.filter((binding) => binding.pk !== MAILCOW_BINDING);
  if (mailcow) {
    const model = bindingModel(mailcow, { application: apps.get(mailcow.target), group: groups.get(mailcow.group ?? "") });
    events.push(
      createModelEvent({ action: "model_deleted", model, user: users.get("matt") ?? null, clientIp: "10.0.0.7", created: at(26) }),
    );
  }

  const media = groups.get(MEDIA_USERS);
  if (media && !media.members?.includes("riley")) {
    media.members = [...(media.members ?? []), "riley"];
    events.push(
      createModelEvent({
        action: "model_updated",
        model: groupModel(media),
        user: users.get("matt") ?? null,
        clientIp: "10.0.0.7",
        created: at(5),
      }),
    );
  }

  const negated: SimulatorBinding = {
    pk: "b7d41c2e-93a5-4f08-8c6e-2d1f0a9e7b35",
    target: VAULTWARDEN,
    group: PROXMOX_USERS,
    order: 10,
    negate: true,
  };
  drifted.bindings.push(negated);
  const model = bindingModel(negated, { application: apps.get(VAULTWARDEN), group: groups.get(PROXMOX_USERS) });
  events.push(
    createModelEvent({ action: "model_created", model, user: users.get("akadmin") ?? null, clientIp: "192.168.1.20", created: at(2) }),
  );
  return drifted;
}
