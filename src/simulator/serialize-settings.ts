import type { PatchedSettingsRequestFlags, Settings, Version } from "@goauthentik/api";
import type { StateIndex } from "./create-state-index.js";
import type { Wire } from "./wire.js";

/**
 * authentik returns the tenant's stored flags dict, which may lack keys the schema lists as
 * required (a flag never saved, or one the version does not know yet).
 */
export type StoredWireSettings = Omit<Wire<Settings>, "flags"> & {
  flags: Partial<Wire<PatchedSettingsRequestFlags>>;
};

/** `GET /admin/settings/`: fixed defaults, the state's page sizes (2025.12+) and its stored flags. */
export function serializeSettings(index: StateIndex): StoredWireSettings {
  const { features, state } = index;
  const flags: Partial<Wire<PatchedSettingsRequestFlags>> = { ...state.settings?.flags };
  if (!features.defaultAppAccessFlag) delete flags.core_default_app_access;
  const settings = {
    avatars: "gravatar,initials",
    default_user_change_name: true,
    default_user_change_email: false,
    default_user_change_username: false,
    event_retention: "days=365",
    reputation_lower_limit: -5,
    reputation_upper_limit: 5,
    footer_links: [],
    gdpr_compliance: true,
    impersonation: true,
    impersonation_require_reason: true,
    default_token_duration: "minutes=30",
    default_token_length: 60,
    pagination_default_page_size: state.settings?.defaultPageSize ?? 20,
    pagination_max_page_size: state.settings?.maxPageSize ?? 100,
    flags,
  } satisfies StoredWireSettings;
  if (!features.tenantPagination) {
    delete (settings as Partial<StoredWireSettings>).pagination_default_page_size;
    delete (settings as Partial<StoredWireSettings>).pagination_max_page_size;
  }
  return settings;
}

/** `GET /admin/version/`: the state's version, always the latest. */
export function serializeVersion(index: StateIndex): Wire<Version> {
  return {
    version_current: index.state.version,
    version_latest: index.state.version,
    version_latest_valid: true,
    build_hash: "",
    outdated: false,
    outpost_outdated: false,
  } satisfies Wire<Version>;
}
