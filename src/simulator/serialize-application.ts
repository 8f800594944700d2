import type { Application } from "@goauthentik/api";
import type { StateIndex } from "./create-state-index.js";
import type { SimulatorApplication } from "./simulator-state.js";
import type { Wire } from "./wire.js";

/** `pbm_uuid` (2026.8) and `meta_hide` (2026.5) are absent on older versions. */
export type VersionedWireApplication = Omit<Wire<Application>, "pbm_uuid"> & { pbm_uuid?: string };

/** Checked against the newest model, then the fields the state's version did not have yet are removed. */
export function serializeApplication(index: StateIndex, app: SimulatorApplication): VersionedWireApplication {
  const launchUrl = app.meta_launch_url ?? "";
  const wire = {
    pk: app.pk,
    pbm_uuid: app.pk,
    name: app.name,
    slug: app.slug,
    provider: null,
    provider_obj: null,
    backchannel_providers: [],
    backchannel_providers_obj: [],
    launch_url: launchUrl === "" ? null : launchUrl,
    open_in_new_tab: app.open_in_new_tab ?? false,
    meta_launch_url: launchUrl,
    meta_icon: "",
    meta_icon_url: null,
    meta_icon_themed_urls: null,
    meta_description: app.meta_description ?? "",
    meta_publisher: app.meta_publisher ?? "",
    policy_engine_mode: app.policy_engine_mode ?? "any",
    group: app.group ?? "",
    meta_hide: app.meta_hide ?? false,
  } satisfies Wire<Application>;
  const versioned: VersionedWireApplication = wire;
  if (!index.features.applicationPbmUuid) delete versioned.pbm_uuid;
  if (!index.features.applicationMetaHide) delete versioned.meta_hide;
  return versioned;
}
