// English is the reference: every key here must exist in ja.ts (the compiler checks).
export const en = {
  "app.name": "Racksmith",
  "app.skipToContent": "Skip to content",
  "app.loading": "Loading…",
  "app.retry": "Retry",

  "menu.lifecycle": "Lifecycle management",
  "menu.operations": "Operations",
  "menu.serverCount": "{count} servers",

  "tab.inventory": "Inventory",
  "tab.building": "Building",
  "tab.in_service": "In service",
  "tab.maintenance": "Maintenance",
  "tab.deletion": "Deletion",

  "tab.inventory.about": "Servers in stock, racked and idle. Pick servers here to start building them.",
  "tab.building.about": "Hardware set-up before an OS goes on: BIOS settings, RAID layout and BMC settings.",
  "tab.in_service.about": "Servers the customer runs: KVM console, virtual media and direct BMC access.",
  "tab.maintenance.about": "Servers moved here may be rebooted: firmware and BIOS updates, power cycles and scheduled orders.",
  "tab.deletion.about": "Data is erased beyond recovery, settings are reset and firmware is checked before a server returns to stock.",

  "tab.inventory.empty": "No servers in stock. Servers appear here once their BMCs are enrolled.",
  "tab.building.empty": "No servers are being built. Pick servers in Inventory to start building them.",
  "tab.in_service.empty": "No servers in service. Servers arrive here when their build is finished.",
  "tab.maintenance.empty": "No servers in maintenance. Move a server here from In service before anything that may reboot it.",
  "tab.deletion.empty": "No servers are being deleted.",

  "nav.calendar": "Calendar",
  "nav.jobs": "Jobs",
  "nav.audit": "Audit log",
  "nav.settings": "Settings",

  "calendar.empty": "Scheduled orders will appear here on a month, week and day calendar.",
  "jobs.empty": "Every action on hardware runs as a job. Running and finished jobs will be listed here.",
  "audit.empty": "Every stage change and hardware action will be recorded here.",

  "stage.inventory": "Inventory",
  "stage.building": "Building",
  "stage.in_service": "In service",
  "stage.maintenance_customer": "Maintenance (customer)",
  "stage.maintenance_operator": "Maintenance (operator hold)",
  "stage.deletion": "Deletion",
  "stage.retired": "Retired",

  "servers.caption": "Servers on this tab",
  "servers.name": "Name",
  "servers.stage": "Stage",
  "servers.model": "Model",
  "servers.serial": "Serial number",
  "servers.bmc": "BMC address",
  "servers.updated": "Updated",
  "servers.unknown": "—",

  "settings.appearance": "Appearance",
  "settings.language": "Language",
  "settings.language.system": "Follow the system ({language})",
  "settings.language.en": "English",
  "settings.language.ja": "Japanese (日本語)",
  "settings.theme": "Theme",
  "settings.theme.system": "Follow the system",
  "settings.theme.light": "Light",
  "settings.theme.dark": "Dark",
  "settings.saved": "Saved.",
  "settings.about": "About this build",
  "settings.version": "Version",
  "settings.schema": "Database schema",
  "settings.profile": "Profile folder",
  "settings.logs": "Log folder",

  "error.title": "Something went wrong",
  "error.startup": "Racksmith could not open its profile",
  "error.details": "Details",
  "error.database_too_new":
    "This profile's database was written by a newer version of Racksmith. Open it with that version, or start this one with another profile folder.",
  "error.database": "The profile's database could not be read or written.",
  "error.profile_unavailable": "The profile folder could not be found or created.",
  "error.not_found": "What was asked for does not exist.",
  "error.invalid_input": "The request was not valid.",
  "error.conflict": "That clashes with something that already exists.",
  "error.internal": "An unexpected error occurred in Racksmith.",
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
